using System.Collections.Concurrent;
using System.Runtime.ExceptionServices;
using Hangfire;

namespace SecurityHub.Jobs;

/// <summary>A job SecurityHub schedules. It returns a one-line summary for the Jobs page, or throws to fail.</summary>
public interface IScheduledJob
{
    Task<string?> RunAsync(CancellationToken cancellationToken);
}

/// <summary>
/// What Hangfire calls for every job: runs <typeparamref name="TJob"/> through <see cref="JobExecutor"/>, so
/// each run is recorded in the app's JobRuns table. No automatic retries: a failed run is shown on the Jobs
/// page and the job runs again at its next time.
/// </summary>
public sealed class JobRunner<TJob>(JobExecutor executor) where TJob : IScheduledJob
{
    [AutomaticRetry(Attempts = 0)]
    [JobDisplayName("{0}")]
    public async Task RunAsync(string jobName, CancellationToken cancellationToken)
    {
        var outcome = await executor.RunAsync(jobName, typeof(TJob), cancellationToken);
        if (outcome.Error is { } error)
        {
            // Hangfire marks the run failed (and shows it on its dashboard); it was recorded already.
            ExceptionDispatchInfo.Throw(error);
        }
    }
}

/// <summary>What one run did: skipped (the previous run was still going), succeeded, or failed with this error.</summary>
public sealed record JobOutcome(bool Ran, Exception? Error)
{
    public static readonly JobOutcome Skipped = new(false, null);
}

/// <summary>
/// Runs a job in a DI scope of its own and records the run. One run of a job at a time: a run that comes
/// while the previous one is still going is skipped (the next scheduled time comes soon enough). Used by
/// Hangfire through <see cref="JobRunner{TJob}"/> and by "Run now" when the scheduler is off.
/// </summary>
public sealed class JobExecutor(IServiceScopeFactory scopes, JobRunRecorder recorder, TimeProvider clock, ILogger<JobExecutor> logger)
{
    private readonly ConcurrentDictionary<string, SemaphoreSlim> _running = new(StringComparer.Ordinal);

    public async Task<JobOutcome> RunAsync(string jobName, Type jobType, CancellationToken cancellationToken)
    {
        var gate = _running.GetOrAdd(jobName, _ => new SemaphoreSlim(1, 1));
        if (!await gate.WaitAsync(TimeSpan.Zero, cancellationToken))
        {
            logger.LogInformation("Job {Job} is still running; this run is skipped", jobName);
            return JobOutcome.Skipped;
        }
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var job = (IScheduledJob)ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, jobType);
            var started = clock.GetUtcNow();
            var timestamp = clock.GetTimestamp();
            string? summary = null;
            Exception? error = null;
            try
            {
                summary = await job.RunAsync(cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                // Recorded and shown on the Jobs page.
                logger.LogError(ex, "Job {Job} failed", jobName);
                error = ex;
            }
            await recorder.RecordAsync(jobName, started, clock.GetUtcNow(), clock.GetElapsedTime(timestamp), error, summary, cancellationToken);
            return new JobOutcome(true, error);
        }
        finally
        {
            gate.Release();
        }
    }
}
