using Quartz;
using Quartz.Extensibility;

namespace SecurityHub.Jobs;

/// <summary>
/// Runs a job here and now, outside Quartz: what "Run now" does when the scheduler is off, so the
/// button still works. The job is built from a DI scope of its own, as Quartz would build it for a
/// firing, and its run is recorded like a scheduled one.
/// </summary>
public sealed class InProcessJobRunner(IServiceScopeFactory scopes, JobRunRecorder recorder, TimeProvider clock, ILogger<InProcessJobRunner> logger)
{
    /// <summary>Runs the job to completion and returns the recorded outcome: null on success, else the error message.</summary>
    public async Task<string?> RunAsync(JobDefinition job, CancellationToken cancellationToken = default)
    {
        await using var scope = scopes.CreateAsyncScope();
        var instance = (IJob)ActivatorUtilities.GetServiceOrCreateInstance(scope.ServiceProvider, job.JobType);
        var detail = JobBuilder.Create().OfType(job.JobType).WithIdentity(job.Key).WithDescription(job.Description).Build();
        using var context = JobExecutionContextBuilder.For(instance).WithJob(detail)
            .WithCancellation(cancellationToken).WithTimeProvider(clock).Build();

        var started = clock.GetUtcNow();
        var timestamp = clock.GetTimestamp();
        Exception? error = null;
        try
        {
            await instance.Execute(context, cancellationToken);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Recorded and shown on the page, as a failed scheduled run would be.
            logger.LogError(ex, "Job {Job} failed when run by hand", job.Name);
            error = JobRunRecorder.Unwrap(ex);
        }
        await recorder.RecordAsync(job.Name, started, clock.GetUtcNow(), clock.GetElapsedTime(timestamp), error, context.Result as string, cancellationToken);
        return error?.Message;
    }
}
