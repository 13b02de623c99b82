using Microsoft.EntityFrameworkCore;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Jobs;

/// <summary>
/// Records every execution of every job in the JobRuns table, for the Jobs page: when it started and
/// finished, how long it took, and the exception message when it failed. The table is the app's own,
/// so the history (and the catch-up of missed runs) survives restarts whatever Hangfire keeps.
/// </summary>
public sealed class JobRunRecorder(IDbContextFactory<ApplicationDbContext> factory, ILogger<JobRunRecorder> logger)
{
    public const int MaxMessageLength = 2000;

    /// <summary>Writes one run. A failure to record is logged, never thrown: it must not disturb the scheduler.</summary>
    public async Task RecordAsync(string jobName, DateTimeOffset started, DateTimeOffset finished, TimeSpan duration, Exception? error,
        string? summary, CancellationToken cancellationToken)
    {
        try
        {
            await using var db = await factory.CreateDbContextAsync(cancellationToken);
            db.JobRuns.Add(new JobRun
            {
                JobName = jobName,
                StartedUtc = started.UtcDateTime,
                FinishedUtc = finished.UtcDateTime,
                DurationMs = (long)Math.Max(0, duration.TotalMilliseconds),
                Succeeded = error is null,
                // One line, so a message cannot fake a second row on the page or in a log.
                Message = AuditLog.Clean(error?.Message ?? summary, MaxMessageLength),
            });
            // The run happened even if the host is stopping: record it regardless of the token.
            await db.SaveChangesAsync(CancellationToken.None);
        }
        catch (Exception ex) when (ex is DbUpdateException or InvalidOperationException or Microsoft.Data.Sqlite.SqliteException)
        {
            logger.LogError(ex, "Could not record a run of job {Job}", jobName);
        }
    }
}
