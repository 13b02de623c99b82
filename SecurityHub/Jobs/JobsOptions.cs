using Microsoft.Extensions.Options;

namespace SecurityHub.Jobs;

/// <summary>The "SecurityHub:Jobs" configuration section: how often each scheduled job runs (times are UTC).</summary>
public sealed class JobsOptions
{
    public const string Section = "SecurityHub:Jobs";

    /// <summary>Seconds between two runs of the outbox relay: 5 to 3600, dividing a minute or an hour evenly.</summary>
    public int OutboxRelayIntervalSeconds { get; set; } = 30;

    /// <summary>Cron expression (5 fields, or 6 with seconds first) for the session clean-up; the default is 03:00 UTC daily.</summary>
    public string PruneCron { get; set; } = "0 3 * * *";
}

/// <summary>Checked at start-up, so a bad value stops the app with a message that names the key.</summary>
public sealed class JobsOptionsValidator(TimeProvider clock) : IValidateOptions<JobsOptions>
{
    public ValidateOptionsResult Validate(string? name, JobsOptions options)
    {
        var failures = new List<string>();
        if (options.OutboxRelayIntervalSeconds is < 5 or > 3600)
        {
            failures.Add($"{JobsOptions.Section}:{nameof(JobsOptions.OutboxRelayIntervalSeconds)} must be between 5 and 3600 seconds (it is {options.OutboxRelayIntervalSeconds}).");
        }
        else if (!JobSchedule.IntervalSchedule.IsEven(TimeSpan.FromSeconds(options.OutboxRelayIntervalSeconds)))
        {
            failures.Add($"{JobsOptions.Section}:{nameof(JobsOptions.OutboxRelayIntervalSeconds)} must divide a minute or an hour evenly " +
                $"(5, 6, 10, 12, 15, 20 or 30 seconds, or 1, 2, 3, 4, 5, 6, 10, 12, 15, 20, 30 or 60 minutes); it is {options.OutboxRelayIntervalSeconds}.");
        }
        if (JobCron.Problem(options.PruneCron, clock.GetUtcNow()) is { } problem)
        {
            failures.Add($"{JobsOptions.Section}:{nameof(JobsOptions.PruneCron)} {problem}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
