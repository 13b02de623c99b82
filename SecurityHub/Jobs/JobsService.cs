using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Quartz;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Jobs;

/// <summary>One job as the Jobs page shows it.</summary>
/// <param name="NextRunUtc">From the running scheduler; null when it is off or has nothing planned.</param>
public sealed record JobStatus(string Name, string Title, string Description, string Schedule, JobRun? LastRun, DateTime? NextRunUtc);

public sealed record JobsOverview(bool SchedulerRunning, IReadOnlyList<JobStatus> Jobs, IReadOnlyList<JobRun> RecentFailures);

/// <summary>What "Run now" did: queued on the scheduler, or ran here (scheduler off) with this outcome.</summary>
public sealed record RunNowResult(bool Queued, bool Succeeded, string Message);

/// <summary>The Jobs page for Owners: what runs when, how the last runs went, and "Run now".</summary>
public sealed class JobsService(
    IDbContextFactory<ApplicationDbContext> factory,
    AccessGuard guard,
    AuditLog audit,
    IOptions<SecurityHubOptions> options,
    IServiceProvider services,
    ISchedulerFactory schedulers,
    InProcessJobRunner inProcess)
{
    public const int RecentFailureCount = 20;

    public async Task<JobsOverview> GetOverviewAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        var scheduler = await RunningSchedulerAsync(cancellationToken);

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var names = JobSchedules.All.Select(j => j.Name).ToList();
        var lastRuns = await db.JobRuns.AsNoTracking()
            .Where(r => names.Contains(r.JobName))
            .GroupBy(r => r.JobName)
            .Select(g => g.OrderByDescending(r => r.StartedUtc).ThenByDescending(r => r.Id).First())
            .ToListAsync(cancellationToken);
        var failures = await db.JobRuns.AsNoTracking()
            .Where(r => !r.Succeeded)
            .OrderByDescending(r => r.StartedUtc).ThenByDescending(r => r.Id)
            .Take(RecentFailureCount)
            .ToListAsync(cancellationToken);

        var jobs = new List<JobStatus>();
        foreach (var job in JobSchedules.All)
        {
            DateTime? next = null;
            if (scheduler is not null && await scheduler.GetTrigger(job.TriggerKey, cancellationToken) is { } trigger)
            {
                next = trigger.NextFireTimeUtc?.UtcDateTime;
            }
            jobs.Add(new JobStatus(job.Name, job.Title, job.Description, job.Schedule(services).Describe(),
                lastRuns.FirstOrDefault(r => r.JobName == job.Name), next));
        }
        return new JobsOverview(scheduler is not null, jobs, failures);
    }

    /// <summary>
    /// Runs a job now. With the scheduler on, Quartz fires it in the background (and the listener records
    /// it); with the scheduler off, it runs right here, synchronously, so the button still works.
    /// Either way the request is audited.
    /// </summary>
    public async Task<RunNowResult> RunNowAsync(ClaimsPrincipal actor, string jobName, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        var job = JobSchedules.Find(jobName) ?? throw new ArgumentException($"There is no job named \"{jobName}\".", nameof(jobName));
        var scheduled = options.Value.SchedulerEnabled;

        await using (var db = await factory.CreateDbContextAsync(cancellationToken))
        {
            audit.Add(db, actor, AuditEvents.JobTriggered, job.Name, scheduled ? "Queued on the scheduler" : "Ran in the web process (scheduler off)");
            await db.SaveChangesAsync(cancellationToken);
        }

        if (scheduled)
        {
            var scheduler = await schedulers.GetScheduler(cancellationToken);
            await scheduler.TriggerJob(job.Key, cancellationToken);
            return new RunNowResult(Queued: true, Succeeded: true, $"{job.Title} will start in a moment.");
        }

        // The scheduler is off (SecurityHub:SchedulerEnabled=false): run the job through DI, here and now.
        var error = await inProcess.RunAsync(job, cancellationToken);
        return error is null
            ? new RunNowResult(Queued: false, Succeeded: true, $"{job.Title} ran and finished.")
            : new RunNowResult(Queued: false, Succeeded: false, $"{job.Title} failed: {error}");
    }

    /// <summary>The scheduler when it is enabled and started; null otherwise (the page then says "scheduler off").</summary>
    private async Task<IScheduler?> RunningSchedulerAsync(CancellationToken cancellationToken)
    {
        if (!options.Value.SchedulerEnabled)
        {
            return null;
        }
        var scheduler = await schedulers.GetScheduler(cancellationToken);
        return await scheduler.GetStatus(cancellationToken) == SchedulerStatus.Running ? scheduler : null;
    }
}
