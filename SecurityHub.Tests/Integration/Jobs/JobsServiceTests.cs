using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Jobs;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Jobs;

/// <summary>The Jobs page's service with the scheduler off, as every other test runs the app.</summary>
public class JobsServiceTests
{
    [Fact]
    public async Task GetOverview_Manager_IsRefused()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        var manager = await app.PrincipalForAsync("manager@example.com");

        await using var scope = app.Services.CreateAsyncScope();
        var jobs = scope.ServiceProvider.GetRequiredService<JobsService>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => jobs.GetOverviewAsync(manager));
        await Assert.ThrowsAsync<AccessDeniedException>(() => jobs.RunNowAsync(manager, JobSchedules.PruneSessions.Name));

        // Refused means nothing ran and nothing was logged as triggered.
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.JobRuns.ToListAsync());
        Assert.DoesNotContain(await db.AuditEvents.Select(e => e.EventType).ToListAsync(), t => t == AuditEvents.JobTriggered);
    }

    [Fact]
    public async Task GetOverview_SchedulerOff_ListsEveryJobWithItsScheduleAndNoNextRun()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");

        await using var scope = app.Services.CreateAsyncScope();
        var overview = await scope.ServiceProvider.GetRequiredService<JobsService>().GetOverviewAsync(owner);

        Assert.False(overview.SchedulerRunning);
        Assert.Equal(["RelayOutbox", "PruneSessions", "CheckCertificates"], overview.Jobs.Select(j => j.Name));
        Assert.Equal("Every 30 seconds", overview.Jobs[0].Schedule);
        Assert.Equal("Every day at 03:00 UTC", overview.Jobs[1].Schedule);
        Assert.Equal("Every day at 06:00 UTC", overview.Jobs[2].Schedule);
        Assert.All(overview.Jobs, j => Assert.Null(j.NextRunUtc));
        Assert.All(overview.Jobs, j => Assert.Null(j.LastRun));
    }

    [Fact]
    public async Task RunNow_SchedulerOff_RunsPruneJobInProcessAndRemovesExpiredSessions()
    {
        using var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await app.CreateDbContextAsync())
        {
            db.UserSessions.Add(Session("expired", ownerId, now.AddMinutes(-1)));
            db.UserSessions.Add(Session("live", ownerId, now.AddMinutes(20)));
            db.JobRuns.Add(new JobRun { JobName = "RelayOutbox", StartedUtc = now.AddDays(-91), FinishedUtc = now.AddDays(-91), Succeeded = true });
            db.JobRuns.Add(new JobRun { JobName = "RelayOutbox", StartedUtc = now.AddDays(-89), FinishedUtc = now.AddDays(-89), Succeeded = true });
            await db.SaveChangesAsync();
        }

        RunNowResult result;
        await using (var scope = app.Services.CreateAsyncScope())
        {
            result = await scope.ServiceProvider.GetRequiredService<JobsService>().RunNowAsync(owner, JobSchedules.PruneSessions.Name);
        }

        Assert.False(result.Queued);
        Assert.True(result.Succeeded, result.Message);
        await using (var db = await app.CreateDbContextAsync())
        {
            // The acting owner's own session (PrincipalForAsync signs them in) is live too.
            var ownSession = SessionClaims.SessionOf(owner);
            Assert.Equal(new[] { "live", ownSession }.Order(), (await db.UserSessions.Select(s => s.Id).ToListAsync()).Order());
            var runs = await db.JobRuns.OrderBy(r => r.StartedUtc).ToListAsync();
            Assert.Equal(2, runs.Count);
            Assert.Equal(now.AddDays(-89), runs[0].StartedUtc);
            var prune = runs[1];
            Assert.Equal("PruneSessions", prune.JobName);
            Assert.True(prune.Succeeded);
            Assert.Equal(now, prune.StartedUtc);
            Assert.Equal("Deleted 1 expired sessions and 1 old job runs.", prune.Message);

            var triggered = Assert.Single(await db.AuditEvents.Where(e => e.EventType == AuditEvents.JobTriggered).ToListAsync());
            Assert.Equal("PruneSessions", triggered.Target);
            Assert.Equal("owner@example.com", triggered.ActorEmail);
        }

        // The page then shows the run as the job's last one.
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var overview = await scope.ServiceProvider.GetRequiredService<JobsService>().GetOverviewAsync(owner);
            var job = overview.Jobs.Single(j => j.Name == "PruneSessions");
            Assert.True(job.LastRun is { Succeeded: true });
            Assert.Empty(overview.RecentFailures);
        }
    }

    [Fact]
    public async Task RunNow_UnknownJob_IsRejected()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");

        await using var scope = app.Services.CreateAsyncScope();
        await Assert.ThrowsAsync<ArgumentException>(() => scope.ServiceProvider.GetRequiredService<JobsService>().RunNowAsync(owner, "DropDatabase"));
    }

    [Theory]
    [InlineData("SecurityHub:Jobs:PruneCron", "every night please")]
    [InlineData("SecurityHub:Jobs:PruneCron", "0 0 3 * * ? 2001")]
    [InlineData("SecurityHub:Jobs:OutboxRelayIntervalSeconds", "0")]
    public void Start_BadJobSetting_FailsWithMessageNamingTheKey(string key, string value)
    {
        using var app = new AppFactory().With(key, value);

        var error = Assert.ThrowsAny<Exception>(() => app.Server);

        Assert.Contains(key, error.ToString(), StringComparison.Ordinal);
    }

    private static UserSession Session(string id, string userId, DateTime expires) => new()
    {
        Id = id,
        UserId = userId,
        CreatedUtc = expires.AddMinutes(-30),
        LastSeenUtc = expires.AddMinutes(-30),
        ExpiresUtc = expires,
        Ticket = [1],
    };
}
