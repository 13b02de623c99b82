using SecurityHub.Jobs;

namespace SecurityHub.Tests.Unit.Jobs;

public class JobScheduleTests
{
    [Theory]
    [InlineData(30, "Every 30 seconds")]
    [InlineData(60, "Every minute")]
    [InlineData(300, "Every 5 minutes")]
    [InlineData(3600, "Every hour")]
    [InlineData(90, "Every 90 seconds")]
    public void Describe_Interval_InPlainWords(int seconds, string expected) =>
        Assert.Equal(expected, JobSchedule.Every(TimeSpan.FromSeconds(seconds)).Describe());

    [Theory]
    [InlineData("0 0 3 * * ?", "Every day at 03:00 UTC")]
    [InlineData("0 30 22 ? * MON", "Every Monday at 22:30 UTC")]
    [InlineData("0 0 6 ? * 1", "Every Sunday at 06:00 UTC")]
    [InlineData("0 0 4 1 * ?", "On day 1 of every month at 04:00 UTC")]
    [InlineData("0 15 * * * ?", "Every hour at 15 minutes past")]
    [InlineData("0 0/5 9-17 ? * MON-FRI", "On the cron schedule \"0 0/5 9-17 ? * MON-FRI\" (UTC)")]
    public void Describe_Cron_InPlainWordsOrAsIs(string cron, string expected) =>
        Assert.Equal(expected, JobSchedule.Cron(cron).Describe());

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var validator = new JobsOptionsValidator(TimeProvider.System);

        Assert.True(validator.Validate(null, new JobsOptions()).Succeeded);
    }

    [Theory]
    [InlineData("", "SecurityHub:Jobs:PruneCron is empty")]
    [InlineData("0 0 25 * * ?", "SecurityHub:Jobs:PruneCron \"0 0 25 * * ?\" is not a valid Quartz cron expression")]
    [InlineData("0 0 3 * * ? 2001", "SecurityHub:Jobs:PruneCron \"0 0 3 * * ? 2001\" never fires again.")]
    public void Validate_BadCron_NamesTheKey(string cron, string expected)
    {
        var result = new JobsOptionsValidator(TimeProvider.System).Validate(null, new JobsOptions { PruneCron = cron });

        Assert.True(result.Failed);
        Assert.StartsWith(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4)]
    [InlineData(3601)]
    public void Validate_IntervalOutOfRange_NamesTheKey(int seconds)
    {
        var result = new JobsOptionsValidator(TimeProvider.System).Validate(null, new JobsOptions { OutboxRelayIntervalSeconds = seconds });

        Assert.True(result.Failed);
        Assert.StartsWith("SecurityHub:Jobs:OutboxRelayIntervalSeconds must be between 5 and 3600", result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void All_EveryJobHasItsOwnKeyAndTrigger()
    {
        Assert.Equal(JobSchedules.All.Count, JobSchedules.All.Select(j => j.Key).Distinct().Count());
        Assert.All(JobSchedules.All, j => Assert.EndsWith("Job", j.JobType.Name, StringComparison.Ordinal));
        Assert.All(JobSchedules.All, j => Assert.True(typeof(Quartz.IJob).IsAssignableFrom(j.JobType)));
    }
}
