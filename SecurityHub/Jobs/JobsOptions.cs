using Microsoft.Extensions.Options;
using Quartz;

namespace SecurityHub.Jobs;

/// <summary>The "SecurityHub:Jobs" configuration section: how often each scheduled job runs (times are UTC).</summary>
public sealed class JobsOptions
{
    public const string Section = "SecurityHub:Jobs";

    /// <summary>Seconds between two runs of the outbox relay (5 to 3600).</summary>
    public int OutboxRelayIntervalSeconds { get; set; } = 30;

    /// <summary>Quartz cron expression (seconds first) for the session clean-up; the default is 03:00 UTC daily.</summary>
    public string PruneCron { get; set; } = "0 0 3 * * ?";
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
        if (CronProblem(options.PruneCron, clock.GetUtcNow()) is { } problem)
        {
            failures.Add($"{JobsOptions.Section}:{nameof(JobsOptions.PruneCron)} {problem}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Why a cron expression cannot drive a trigger, or null when it can.</summary>
    public static string? CronProblem(string? expression, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return "is empty; give a Quartz cron expression such as \"0 0 3 * * ?\" (03:00 UTC daily).";
        }
        if (!CronExpression.TryParse(expression, out var cron) || cron is null)
        {
            return $"\"{expression}\" is not a valid Quartz cron expression (seconds minutes hours day-of-month month day-of-week), e.g. \"0 0 3 * * ?\".";
        }
        cron = cron.WithTimeZone(TimeZoneInfo.Utc);
        if (cron.GetNextValidTimeAfter(now) is null)
        {
            return $"\"{expression}\" never fires again.";
        }
        return null;
    }
}
