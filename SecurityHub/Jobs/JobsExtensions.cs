using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.InMemory;
using Microsoft.Extensions.Options;
using SecurityHub.Account;
using SecurityHub.Data;

namespace SecurityHub.Jobs;

public static class JobsExtensions
{
    /// <summary>Where the Owner-only Hangfire dashboard is mapped (it gets its own CSP, see Web/WebSecurityExtensions).</summary>
    public const string DashboardPath = "/jobs/hangfire";

    /// <summary>Hangfire with its in-memory store; every schedule is declared in JobSchedules and registered at each start.</summary>
    public static void AddJobs(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<JobsOptions>().BindConfiguration(JobsOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<JobsOptions>, JobsOptionsValidator>();
        services.AddSingleton<JobRunRecorder>();
        services.AddSingleton<JobExecutor>();
        services.AddScoped<JobsService>();

        // Hangfire keeps its storage and activator in static properties unless the container has them. Each
        // app instance gets its own here, so two apps in one process (the tests) never share jobs. Nothing that
        // must survive a restart lives in this store: see JobScheduler and the app's own tables.
        services.AddSingleton<JobStorage>(_ => new InMemoryStorage());
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddHangfire((sp, config) => config
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>()))
            .SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings());

        // Tests and maintenance turn the scheduler off; the Jobs page then runs jobs in-process on request.
        var enabled = builder.Configuration.GetValue($"{SecurityHubOptions.Section}:{nameof(SecurityHubOptions.SchedulerEnabled)}", true);
        if (enabled)
        {
            // Registered after AddData's DatabaseMigrator, so the JobRuns table exists when JobScheduler reads it.
            services.AddHostedService<JobScheduler>();
            services.AddHangfireServer(o =>
            {
                o.ServerName = "SecurityHub";
                // A handful of jobs on a small machine: a few workers are plenty.
                o.WorkerCount = Math.Clamp(Environment.ProcessorCount * 2, 2, 8);
            });
        }
    }

    /// <summary>
    /// Hangfire's own dashboard for Owners. Its built-in filter allows local requests only and would stand in
    /// front of the policy, so it is removed: the Owner policy (sign-in, 2FA, role) decides.
    /// </summary>
    public static void MapJobsDashboard(this WebApplication app)
    {
        app.MapHangfireDashboard(DashboardPath, new DashboardOptions
        {
            Authorization = [],
            AsyncAuthorization = [],
            AppPath = "/jobs",
            DashboardTitle = "SecurityHub jobs",
            DisplayStorageConnectionString = false,
        }).RequireAuthorization(Policies.Owner);
    }
}
