using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;
using SecurityHub.Jobs;

namespace SecurityHub.Account;

/// <summary>Deletes expired sign-in sessions and job run records older than 90 days.</summary>
public sealed class PruneSessionsJob(IDbContextFactory<ApplicationDbContext> factory, TimeProvider clock, ILogger<PruneSessionsJob> logger) : IScheduledJob
{
    public static readonly TimeSpan JobRunRetention = TimeSpan.FromDays(90);

    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        var cutoff = now - JobRunRetention;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        // The ticket store refuses a session once now >= ExpiresUtc, so those rows are dead already.
        var sessions = await db.UserSessions.Where(s => s.ExpiresUtc <= now).ExecuteDeleteAsync(cancellationToken);
        var runs = await db.JobRuns.Where(r => r.StartedUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
        logger.LogInformation("Deleted {Sessions} expired sessions and {Runs} job runs older than {Days} days", sessions, runs, JobRunRetention.TotalDays);
        return $"Deleted {sessions} expired sessions and {runs} old job runs.";
    }
}
