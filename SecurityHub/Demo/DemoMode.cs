using SecurityHub.Certificates;
using SecurityHub.Data;

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

            // The demo's certificate authority is trusted as an extra root (unless one is configured), so
            // its loopback servers show real statuses. Written before start-up validates the options.
            var authority = new DemoAuthority(DataPaths.From(builder.Configuration, builder.Environment).DataDirectory);
            builder.Services.AddSingleton(authority);
            builder.Services.PostConfigure<CertificatesOptions>(o =>
            {
                if (string.IsNullOrWhiteSpace(o.TrustedRootsFile))
                {
                    o.TrustedRootsFile = authority.RootsFile;
                }
            });
            builder.Services.AddSingleton<DemoCertificateServers>();
            builder.Services.AddHostedService(sp => sp.GetRequiredService<DemoCertificateServers>());
        }
    }
}
