namespace SecurityHub.Demo;

public static class DemoMode
{
    /// <summary>Turns the --demo switch into configuration (SecurityHub:Demo=true) before the host is built.</summary>
    public static string[] Apply(string[] args) =>
        args.Contains("--demo")
            ? [.. args.Where(a => a != "--demo"), "--SecurityHub:Demo=true"]
            : args;

    public static void AddDemo(this IHostApplicationBuilder builder)
    {
        if (builder.Configuration.GetValue<bool>("SecurityHub:Demo"))
        {
            builder.Services.AddHostedService<DemoSeeder>();
        }
    }
}
