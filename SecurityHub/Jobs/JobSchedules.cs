using Microsoft.Extensions.Options;
using Quartz;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Email;

namespace SecurityHub.Jobs;

/// <summary>A scheduled job: what it is, what it does and when it runs.</summary>
/// <param name="Key">The job's identity in Quartz's store and in the JobRuns table.</param>
/// <param name="Schedule">When it runs, read from the options in the service provider (<see cref="JobsOptions"/> or the feature's).</param>
public sealed record JobDefinition(JobKey Key, Type JobType, string Title, string Description, Func<IServiceProvider, JobSchedule> Schedule)
{
    public string Name => Key.Name;

    /// <summary>Each job has one trigger, named after it.</summary>
    public TriggerKey TriggerKey => new(Key.Name);
}

/// <summary>
/// What runs when: every scheduled job and its trigger is declared here and nowhere else. The job classes
/// live in their features; the intervals and cron expressions come from "SecurityHub:Jobs".
/// </summary>
public static class JobSchedules
{
    public static readonly JobDefinition RelayOutbox = new(
        new JobKey("RelayOutbox"), typeof(RelayOutboxJob),
        "Send queued email",
        "Sends the emails waiting in the outbox (invitations, password resets, reminders).",
        s => JobSchedule.Every(TimeSpan.FromSeconds(Jobs(s).OutboxRelayIntervalSeconds)));

    public static readonly JobDefinition PruneSessions = new(
        new JobKey("PruneSessions"), typeof(PruneSessionsJob),
        "Clean up sessions and job history",
        "Deletes expired sign-in sessions and job run records older than 90 days.",
        s => JobSchedule.Cron(Jobs(s).PruneCron));

    public static readonly JobDefinition CheckCertificates = new(
        new JobKey("CheckCertificates"), typeof(CheckCertificatesJob),
        "Check TLS certificates",
        "Checks the certificate of every enabled endpoint, emails alerts and keeps the history.",
        s => JobSchedule.Cron(s.GetRequiredService<IOptions<CertificatesOptions>>().Value.CheckCron));

    public static readonly IReadOnlyList<JobDefinition> All = [RelayOutbox, PruneSessions, CheckCertificates];

    private static JobsOptions Jobs(IServiceProvider services) => services.GetRequiredService<IOptions<JobsOptions>>().Value;

    public static JobDefinition? Find(string name) => All.FirstOrDefault(j => j.Name == name);

    /// <summary>
    /// Declares every job and trigger on the scheduler. They are declared again at each start and replace
    /// the stored copies, so a changed interval takes effect; the replacement keeps the stored trigger's
    /// firing history, so a restart neither re-runs nor postpones a schedule (see JobsExtensions).
    /// </summary>
    internal static void Declare(IQuartzBuilder quartz)
    {
        foreach (var job in All)
        {
            quartz.AddJob(job.JobType, j => j.WithIdentity(job.Key).WithDescription(job.Description));
            quartz.AddTrigger((services, trigger) =>
            {
                trigger.WithIdentity(job.TriggerKey).ForJob(job.Key).WithDescription(job.Title);
                job.Schedule(services).ApplyTo(trigger);
            });
        }
    }
}
