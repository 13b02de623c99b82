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
    [InlineData(5, "*/5 * * * * *")]
    [InlineData(30, "*/30 * * * * *")]
    [InlineData(60, "0 */1 * * * *")]
    [InlineData(900, "0 */15 * * * *")]
    [InlineData(3600, "0 0 * * * *")]
    public void ToCron_EvenInterval_CountsFromTheTopOfTheMinuteOrHour(int seconds, string expected) =>
        Assert.Equal(expected, JobSchedule.Every(TimeSpan.FromSeconds(seconds)).ToCron());

    [Theory]
    [InlineData(7)]
    [InlineData(45)]
    [InlineData(90)]
    [InlineData(420)]
    public void IsEven_IntervalThatDoesNotDivideAMinuteOrAnHour_IsFalse(int seconds) =>
        Assert.False(JobSchedule.IntervalSchedule.IsEven(TimeSpan.FromSeconds(seconds)));

    [Theory]
    [InlineData("0 3 * * *", "Every day at 03:00 UTC")]
    [InlineData("30 22 * * MON", "Every Monday at 22:30 UTC")]
    [InlineData("0 6 * * 0", "Every Sunday at 06:00 UTC")]
    [InlineData("0 4 1 * *", "On day 1 of every month at 04:00 UTC")]
    [InlineData("15 * * * *", "Every hour at 15 minutes past")]
    [InlineData("30 0 3 * * *", "Every day at 03:00:30 UTC")]
    [InlineData("*/5 9-17 * * MON-FRI", "On the cron schedule \"*/5 9-17 * * MON-FRI\" (UTC)")]
    public void Describe_Cron_InPlainWordsOrAsIs(string cron, string expected) =>
        Assert.Equal(expected, JobSchedule.Cron(cron).Describe());

    [Fact]
    public void NextAfter_DailyCron_IsTheNextTimeInUtc()
    {
        var schedule = JobSchedule.Cron("0 3 * * *");

        Assert.Equal(new DateTime(2026, 11, 3, 3, 0, 0, DateTimeKind.Utc), schedule.NextAfter(new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc)));
        Assert.Equal(new DateTime(2026, 11, 3, 3, 0, 0, DateTimeKind.Utc), schedule.NextAfter(new DateTime(2026, 11, 2, 3, 0, 0, DateTimeKind.Utc)));
    }

    [Fact]
    public void MissedRun_DueTimePassedSinceLastSuccess_IsThatTimeOnce()
    {
        var schedule = JobSchedule.Cron("0 3 * * *");
        var lastSuccess = new DateTime(2026, 11, 2, 3, 0, 1, DateTimeKind.Utc);

        // Down over three nights: one catch-up, at the first time missed.
        Assert.Equal(new DateTime(2026, 11, 3, 3, 0, 0, DateTimeKind.Utc), JobScheduler.MissedRun(schedule, lastSuccess, lastSuccess.AddDays(3)));
        // Not yet due again: nothing to catch up.
        Assert.Null(JobScheduler.MissedRun(schedule, lastSuccess, lastSuccess.AddHours(20)));
    }

    [Fact]
    public void Validate_Defaults_Succeed()
    {
        var validator = new JobsOptionsValidator(TimeProvider.System);

        Assert.True(validator.Validate(null, new JobsOptions()).Succeeded);
    }

    [Theory]
    [InlineData("0 3 * * *")]
    [InlineData("0 0 3 * * *")]
    [InlineData("0 0 3 * * ?")] // a Quartz default from before Hangfire still means 03:00 daily
    public void Validate_FiveOrSixFieldCron_Succeeds(string cron) =>
        Assert.True(new JobsOptionsValidator(TimeProvider.System).Validate(null, new JobsOptions { PruneCron = cron }).Succeeded);

    [Theory]
    [InlineData("", "SecurityHub:Jobs:PruneCron is empty")]
    [InlineData("0 25 * * *", "SecurityHub:Jobs:PruneCron \"0 25 * * *\" is not a valid cron expression")]
    [InlineData("0 0 3 * * ? 2001", "SecurityHub:Jobs:PruneCron \"0 0 3 * * ? 2001\" is not a valid cron expression")]
    [InlineData("0 0 30 2 *", "SecurityHub:Jobs:PruneCron \"0 0 30 2 *\" never fires.")]
    public void Validate_BadCron_NamesTheKey(string cron, string expected)
    {
        var result = new JobsOptionsValidator(TimeProvider.System).Validate(null, new JobsOptions { PruneCron = cron });

        Assert.True(result.Failed);
        Assert.StartsWith(expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(4, "must be between 5 and 3600")]
    [InlineData(3601, "must be between 5 and 3600")]
    [InlineData(45, "must divide a minute or an hour evenly")]
    public void Validate_BadInterval_NamesTheKey(int seconds, string expected)
    {
        var result = new JobsOptionsValidator(TimeProvider.System).Validate(null, new JobsOptions { OutboxRelayIntervalSeconds = seconds });

        Assert.True(result.Failed);
        Assert.StartsWith("SecurityHub:Jobs:OutboxRelayIntervalSeconds " + expected, result.FailureMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void All_EveryJobHasItsOwnNameAndRunsThroughTheRecordingRunner()
    {
        Assert.Equal(JobSchedules.All.Count, JobSchedules.All.Select(j => j.Name).Distinct().Count());
        Assert.All(JobSchedules.All, j => Assert.EndsWith("Job", j.JobType.Name, StringComparison.Ordinal));
        Assert.All(JobSchedules.All, j => Assert.True(typeof(IScheduledJob).IsAssignableFrom(j.JobType)));
        Assert.All(JobSchedules.All, j =>
        {
            var hangfireJob = j.ToHangfireJob();
            Assert.Equal(typeof(JobRunner<>).MakeGenericType(j.JobType), hangfireJob.Type);
            Assert.Equal(j.Name, hangfireJob.Args[0]);
        });
    }
}
