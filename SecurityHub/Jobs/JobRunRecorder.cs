using Microsoft.EntityFrameworkCore;
using Quartz;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Jobs;

/// <summary>
/// Records every execution of every job in the JobRuns table, for the Jobs page: when it started and
/// finished, how long it took, and the exception message when it failed.
/// </summary>
public sealed class JobRunRecorder(IDbContextFactory<ApplicationDbContext> factory, TimeProvider clock, ILogger<JobRunRecorder> logger) : IJobListener
{
    public const int MaxMessageLength = 2000;

    public string Name => nameof(JobRunRecorder);

    public ValueTask JobToBeExecuted(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask JobExecutionVetoed(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask JobProgressChanged(IJobExecutionContext context, Quartz.Extensibility.FireInstanceProgress progress, CancellationToken cancellationToken) =>
        ValueTask.CompletedTask;

    public async ValueTask JobWasExecuted(IJobExecutionContext context, JobExecutionException? jobException, CancellationToken cancellationToken)
    {
        var finished = clock.GetUtcNow();
        await RecordAsync(context.JobDetail.Key.Name, context.FireTimeUtc, finished, context.JobRunTime, Unwrap(jobException), context.Result as string, cancellationToken);
    }

    /// <summary>What the job itself threw: Quartz wraps it (twice) in its own exceptions, whose message says only "unhandled".</summary>
    public static Exception? Unwrap(Exception? error)
    {
        while (error is SchedulerException { InnerException: { } inner })
        {
            error = inner;
        }
        return error;
    }

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
