using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Options;
using Quartz;
using SecurityHub.Data;

namespace SecurityHub.Jobs;

public static class JobsExtensions
{
    public const string SchedulerName = "SecurityHub";

    /// <summary>Quartz.NET with its SQLite job store; every schedule is declared in JobSchedules.</summary>
    public static void AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<InProcessJobRunner>();
        services.AddScoped<JobsService>();

        // The same SQLite file as the app. The QRTZ_* tables come from the EF migration
        // QuartzJobStore; Quartz only checks that they are there and never creates or drops them.
        var connectionString = DataPaths.From(builder.Configuration, builder.Environment).ConnectionString;
        builder.AddQuartz(quartz =>
        {
            quartz.ConfigureScheduler(s => s.InstanceName = SchedulerName);
            quartz.UsePersistentStore(store =>
            {
                store.UseSqlite(SqliteFactory.Instance, connectionString);
                store.UseSystemTextJsonSerializer();
                store.ConfigureStore(o => o.SchemaProvisioning = SchemaProvisioning.Validate);
            });
            // Declared jobs and triggers replace the stored ones at each start (so a changed interval applies),
            // and a replaced trigger keeps its firing history (so a restart neither re-runs nor postpones it).
            quartz.ConfigureOptions<QuartzOptions>(o =>
            {
                o.Scheduling.OverwriteExistingData = true;
                o.Scheduling.ScheduleTriggerRelativeToReplacedTrigger = true;
            });
            quartz.AddJobListener<JobRunRecorder>([GroupMatcher<JobKey>.AnyGroup()]);
            JobSchedules.Declare(quartz);
        });

        // Tests and maintenance turn the scheduler off; the Jobs page then runs jobs in-process on request.
        var enabled = builder.Configuration.GetValue($"{SecurityHubOptions.Section}:{nameof(SecurityHubOptions.SchedulerEnabled)}", true);
        if (enabled)
        {
            // Registered after AddData's DatabaseMigrator, so it starts once the QRTZ_* tables exist.
            builder.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        }
    }
}
