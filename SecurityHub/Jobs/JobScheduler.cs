using Hangfire;
using Hangfire.States;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Jobs;

/// <summary>
/// At start-up (scheduler on): registers every recurring job from <see cref="JobSchedules"/> and runs, once,
/// each job whose time came while the app was down. "Missed" is judged from the app's own JobRuns table: the
/// first time the job was due after its last successful run has passed. A job that never succeeded has
/// nothing to catch up; it runs at its next time.
/// </summary>
public sealed class JobScheduler(
    IRecurringJobManager recurringJobs,
    IBackgroundJobClient backgroundJobs,
    IServiceProvider services,
    IDbContextFactory<ApplicationDbContext> factory,
    TimeProvider clock,
    ILogger<JobScheduler> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        JobSchedules.Register(recurringJobs, services);

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var names = JobSchedules.All.Select(j => j.Name).ToList();
        var lastSuccess = await db.JobRuns.AsNoTracking()
            .Where(r => r.Succeeded && names.Contains(r.JobName))
            .GroupBy(r => r.JobName)
            .Select(g => new { Name = g.Key, StartedUtc = g.Max(r => r.StartedUtc) })
            .ToDictionaryAsync(r => r.Name, r => r.StartedUtc, cancellationToken);

        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var job in JobSchedules.All)
        {
            if (lastSuccess.TryGetValue(job.Name, out var last) && MissedRun(job.Schedule(services), last, now) is { } due)
            {
                logger.LogInformation("Job {Job} was due at {Due:u} while the app was down; it runs once now", job.Name, due);
                backgroundJobs.Create(job.ToHangfireJob(), new EnqueuedState());
            }
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>The first time the job was due after its last successful run, if that time has passed; else null.</summary>
    public static DateTime? MissedRun(JobSchedule schedule, DateTime lastSuccessUtc, DateTime nowUtc) =>
        schedule.NextAfter(lastSuccessUtc) is { } due && due <= nowUtc ? due : null;
}
