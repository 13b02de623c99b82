using Hangfire;
using Hangfire.Common;
using Microsoft.Extensions.Options;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Email;

namespace SecurityHub.Jobs;

/// <summary>A scheduled job: what it is, what it does and when it runs.</summary>
/// <param name="Name">The job's id in Hangfire (recurring job id) and in the JobRuns table.</param>
/// <param name="Schedule">When it runs, read from the options in the service provider (<see cref="JobsOptions"/> or the feature's).</param>
public sealed record JobDefinition(string Name, Type JobType, string Title, string Description, Func<IServiceProvider, JobSchedule> Schedule)
{
    public static JobDefinition For<TJob>(string name, string title, string description, Func<IServiceProvider, JobSchedule> schedule)
        where TJob : IScheduledJob => new(name, typeof(TJob), title, description, schedule);

    /// <summary>The Hangfire job that runs it: <c>JobRunner&lt;TJob&gt;.RunAsync(Name)</c>.</summary>
    public Job ToHangfireJob()
    {
        var runner = typeof(JobRunner<>).MakeGenericType(JobType);
        return new Job(runner, runner.GetMethod(nameof(JobRunner<IScheduledJob>.RunAsync))!, Name, CancellationToken.None);
    }
}

/// <summary>
/// What runs when: every scheduled job is declared here and nowhere else. The job classes live in their
/// features; the intervals and cron expressions come from "SecurityHub:Jobs" and the features' sections.
/// </summary>
public static class JobSchedules
{
    public static readonly JobDefinition RelayOutbox = JobDefinition.For<RelayOutboxJob>(
        "RelayOutbox",
        "Send queued email",
        "Sends the emails waiting in the outbox (invitations, password resets, reminders).",
        s => JobSchedule.Every(TimeSpan.FromSeconds(Jobs(s).OutboxRelayIntervalSeconds)));

    public static readonly JobDefinition PruneSessions = JobDefinition.For<PruneSessionsJob>(
        "PruneSessions",
        "Clean up sessions and job history",
        "Deletes expired sign-in sessions and job run records older than 90 days.",
        s => JobSchedule.Cron(Jobs(s).PruneCron));

    public static readonly JobDefinition CheckCertificates = JobDefinition.For<CheckCertificatesJob>(
        "CheckCertificates",
        "Check TLS certificates",
        "Checks the certificate of every enabled endpoint, emails alerts and keeps the history.",
        s => JobSchedule.Cron(s.GetRequiredService<IOptions<CertificatesOptions>>().Value.CheckCron));

    public static readonly IReadOnlyList<JobDefinition> All = [RelayOutbox, PruneSessions, CheckCertificates];

    private static JobsOptions Jobs(IServiceProvider services) => services.GetRequiredService<IOptions<JobsOptions>>().Value;

    public static JobDefinition? Find(string name) => All.FirstOrDefault(j => j.Name == name);

    /// <summary>
    /// Registers every job as a Hangfire recurring job, on its cron in UTC. Hangfire's store is in memory,
    /// so this runs at every start (<see cref="JobScheduler"/>) and a restart never loses a schedule.
    /// </summary>
    internal static void Register(IRecurringJobManager recurringJobs, IServiceProvider services)
    {
        foreach (var job in All)
        {
            recurringJobs.AddOrUpdate(job.Name, job.ToHangfireJob(), job.Schedule(services).ToCron(),
                new RecurringJobOptions { TimeZone = TimeZoneInfo.Utc });
        }
    }
}
