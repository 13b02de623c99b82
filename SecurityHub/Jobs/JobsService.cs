using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Hangfire;
using Hangfire.Storage;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Jobs;

/// <summary>One job as the Jobs page shows it.</summary>
/// <param name="NextRunUtc">From Hangfire's recurring job; null when the scheduler is off or has nothing planned.</param>
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
    JobStorage storage,
    IRecurringJobManager recurringJobs,
    JobExecutor executor)
{
    public const int RecentFailureCount = 20;

    public async Task<JobsOverview> GetOverviewAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        var running = SchedulerRunning();

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

        Dictionary<string, DateTime?> next = [];
        if (running)
        {
            using var connection = storage.GetConnection();
            next = connection.GetRecurringJobs(names).ToDictionary(r => r.Id, r => r.NextExecution);
        }
        var jobs = JobSchedules.All.Select(job => new JobStatus(job.Name, job.Title, job.Description, job.Schedule(services).Describe(),
            lastRuns.FirstOrDefault(r => r.JobName == job.Name), next.GetValueOrDefault(job.Name))).ToList();
        return new JobsOverview(running, jobs, failures);
    }

    /// <summary>
    /// Runs a job now. With the scheduler on, Hangfire runs it in the background (and records it like any
    /// run); with the scheduler off, it runs right here, synchronously, so the button still works.
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
            recurringJobs.Trigger(job.Name);
            return new RunNowResult(Queued: true, Succeeded: true, $"{job.Title} will start in a moment.");
        }

        // The scheduler is off (SecurityHub:SchedulerEnabled=false): run the job through DI, here and now.
        var outcome = await executor.RunAsync(job.Name, job.JobType, cancellationToken);
        return outcome switch
        {
            { Ran: false } => new RunNowResult(Queued: false, Succeeded: false, $"{job.Title} is already running; try again when it has finished."),
            { Error: { } error } => new RunNowResult(Queued: false, Succeeded: false, $"{job.Title} failed: {error.Message}"),
            _ => new RunNowResult(Queued: false, Succeeded: true, $"{job.Title} ran and finished."),
        };
    }

    /// <summary>True when the scheduler is enabled and its Hangfire server has started (the page then shows next runs).</summary>
    private bool SchedulerRunning() => options.Value.SchedulerEnabled && storage.GetMonitoringApi().Servers().Count > 0;
}
