using Hangfire;
using Hangfire.States;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Email;
using SecurityHub.Jobs;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Jobs;

/// <summary>
/// The real Hangfire server. These tests turn the scheduler on; they live in one class so that only one
/// server runs at a time.
/// </summary>
public class SchedulerTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(120);

    // Once a year, so Hangfire's own (real) clock never fires it during a test; only the catch-up does.
    private const string YearlyPrune = "0 3 1 1 *";

    [Fact]
    public async Task Restart_SameDataDirectory_ReRegistersSchedulesCatchesUpMissedRunOnceAndLosesNothing()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "securityhub-tests", "restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            long emailId;
            using (var first = Scheduled(dataDirectory))
            {
                await StartedAsync(first);
                AssertRegistered(first);

                // A clean-up by hand: its record in JobRuns is what the next start compares with.
                first.GetService<IRecurringJobManager>().Trigger(JobSchedules.PruneSessions.Name);
                await EventuallyAsync(() => RunsAsync(first, JobSchedules.PruneSessions.Name, expected: 1), first);

                // An email whose next attempt comes after the restart.
                await using var db = await first.CreateDbContextAsync();
                var now = first.Clock.GetUtcNow().UtcDateTime;
                var message = new OutboxMessage
                {
                    ToAddress = "owner@example.com", Subject = "Waiting over a restart", TextBody = "Hello", HtmlBody = "<p>Hello</p>",
                    Category = "test", Status = OutboxStatus.Pending, CreatedUtc = now, NextAttemptUtc = now.AddMinutes(10),
                };
                db.OutboxMessages.Add(message);
                await db.SaveChangesAsync();
                emailId = message.Id;
            }

            // Down until after 1 January 03:00: the yearly clean-up was missed.
            using var second = Scheduled(dataDirectory);
            second.Clock.Advance(TimeSpan.FromDays(61));
            await StartedAsync(second);

            // The schedules are back although Hangfire's store started empty.
            AssertRegistered(second);

            // The missed clean-up ran once, at start-up, and nothing else ran it.
            var runs = await EventuallyAsync(() => RunsAsync(second, JobSchedules.PruneSessions.Name, expected: 2), second);
            Assert.All(runs, r => Assert.True(r.Succeeded, r.Message));
            Assert.Equal(second.Clock.GetUtcNow().UtcDateTime, runs[1].StartedUtc);
            var monitoring = second.GetService<JobStorage>().GetMonitoringApi();
            var succeeded = await EventuallyAsync(() => Task.FromResult(monitoring.SucceededJobs(0, 100)
                .Where(j => Equals(j.Value.Job?.Args[0], JobSchedules.PruneSessions.Name)).ToList() is { Count: > 0 } found ? found : null), second);
            Assert.Single(succeeded);
            Assert.DoesNotContain(monitoring.EnqueuedJobs("default", 0, 100), j => Equals(j.Value.Job?.Args[0], JobSchedules.PruneSessions.Name));
            Assert.DoesNotContain(monitoring.ProcessingJobs(0, 100), j => Equals(j.Value.Job?.Args[0], JobSchedules.PruneSessions.Name));
            Assert.Equal(2, (await RunsAsync(second, JobSchedules.PruneSessions.Name, expected: 0))!.Count);

            // The email queued before the restart went out after it (to the pickup folder: no SMTP server is set).
            var delivered = await EventuallyAsync(async () =>
            {
                await using var db = await second.CreateDbContextAsync();
                return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == emailId) is { Status: not (OutboxStatus.Pending or OutboxStatus.Sending) } m ? m : null;
            }, second);
            Assert.Equal(OutboxStatus.Sent, delivered.Status);
            Assert.Single(Directory.GetFiles(Path.Combine(dataDirectory, "mail-pickup"), "*.eml"));
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Cleaned up by the OS later.
            }
        }
    }

    [Fact]
    public async Task Runs_SucceedingAndFailingJobs_AreRecordedAndShownOnBothPages()
    {
        using var app = Scheduled(dataDirectory: null);
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");
        await StartedAsync(app);

        // A real job through the page's "Run now", which hands it to the running server.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var result = await scope.ServiceProvider.GetRequiredService<JobsService>().RunNowAsync(owner, JobSchedules.PruneSessions.Name);
            Assert.True(result.Queued);
        }
        // A job that throws, known only to this test, through the same recording runner.
        var failing = JobDefinition.For<FailingJob>("TestFailing", "Fails", "Fails on purpose.", _ => JobSchedule.Cron("0 3 * * *"));
        app.GetService<IBackgroundJobClient>().Create(failing.ToHangfireJob(), new EnqueuedState());

        var runs = await EventuallyAsync(async () =>
        {
            await using var db = await app.CreateDbContextAsync();
            var found = await db.JobRuns.Where(r => r.JobName == "PruneSessions" || r.JobName == "TestFailing").ToListAsync();
            return found.Count == 2 ? found : null;
        }, app);

        var prune = runs.Single(r => r.JobName == "PruneSessions");
        Assert.True(prune.Succeeded);
        Assert.Equal("Deleted 0 expired sessions and 0 old job runs.", prune.Message);
        Assert.True(prune.FinishedUtc >= prune.StartedUtc);
        Assert.True(prune.DurationMs >= 0);

        var failed = runs.Single(r => r.JobName == "TestFailing");
        Assert.False(failed.Succeeded);
        Assert.StartsWith(FailingJob.Message[..40], failed.Message, StringComparison.Ordinal);
        Assert.Equal(JobRunRecorder.MaxMessageLength, failed.Message!.Length);

        // Hangfire's dashboard shows it failed too, without retrying it.
        var monitoring = app.GetService<JobStorage>().GetMonitoringApi();
        var failedInHangfire = await EventuallyAsync(() => Task.FromResult<Hangfire.Storage.Monitoring.FailedJobDto?>(monitoring.FailedJobs(0, 10)
            .SingleOrDefault(j => Equals(j.Value.Job?.Args[0], "TestFailing")).Value), app);
        Assert.Contains("failed on purpose", failedInHangfire.ExceptionMessage, StringComparison.Ordinal);
        Assert.Equal(0, monitoring.ScheduledCount());

        // The Jobs page shows the failure with its message, and a next run for each scheduled job.
        await using var pageScope = app.Services.CreateAsyncScope();
        var overview = await pageScope.ServiceProvider.GetRequiredService<JobsService>().GetOverviewAsync(owner);
        Assert.True(overview.SchedulerRunning);
        Assert.Contains(overview.RecentFailures, r => r.JobName == "TestFailing");
        Assert.All(overview.Jobs, j => Assert.NotNull(j.NextRunUtc));
    }

    private static AppFactory Scheduled(string? dataDirectory)
    {
        var app = new AppFactory().With("SecurityHub:SchedulerEnabled", "true").With("SecurityHub:Jobs:PruneCron", YearlyPrune);
        return dataDirectory is null ? app : app.With("SecurityHub:DataDirectory", dataDirectory);
    }

    private static async Task StartedAsync(AppFactory app)
    {
        _ = app.Server;
        var monitoring = app.GetService<JobStorage>().GetMonitoringApi();
        await EventuallyAsync(() => Task.FromResult(monitoring.Servers().Count > 0 ? monitoring : null), app);
    }

    private static void AssertRegistered(AppFactory app)
    {
        using var connection = app.GetService<JobStorage>().GetConnection();
        var recurring = Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).OrderBy(r => r.Id, StringComparer.Ordinal).ToList();
        Assert.Equal(["CheckCertificates", "PruneSessions", "RelayOutbox"], recurring.Select(r => r.Id));
        Assert.Equal(["0 6 * * *", YearlyPrune, "*/30 * * * * *"], recurring.Select(r => r.Cron));
        Assert.All(recurring, r => Assert.Equal("UTC", r.TimeZoneId));
        Assert.All(recurring, r => Assert.Null(r.LoadException));
    }

    private static async Task<List<JobRun>?> RunsAsync(AppFactory app, string jobName, int expected)
    {
        await using var db = await app.CreateDbContextAsync();
        var runs = await db.JobRuns.AsNoTracking().Where(r => r.JobName == jobName).OrderBy(r => r.Id).ToListAsync();
        return runs.Count >= expected ? runs : null;
    }

    /// <summary>Polls until the background server has produced a value; gives up (and fails, with the app's log) after a generous wait.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, AppFactory? app = null) where T : class
    {
        var deadline = DateTime.UtcNow + Patience;
        while (true)
        {
            if (await probe() is { } value)
            {
                return value;
            }
            Assert.True(DateTime.UtcNow < deadline, "The scheduler did not get there. Log:\n" + string.Join("\n", app?.Logs.Messages ?? []));
            await Task.Delay(50);
        }
    }

    public sealed class FailingJob : IScheduledJob
    {
        public static readonly string Message = "The test job failed on purpose. " + new string('x', 3000);

        public Task<string?> RunAsync(CancellationToken cancellationToken) => throw new InvalidOperationException(Message);
    }
}
