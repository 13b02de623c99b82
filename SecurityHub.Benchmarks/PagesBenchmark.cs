using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecurityHub.Data;
using SecurityHub.Inventory;

namespace SecurityHub.Benchmarks;

/// <summary>
/// Every main page's server render at scale: the real app in-process (Production settings, Release build, a fresh
/// data directory) on the scale seed, an Owner signed in through the sign-in form and a code. Each page is fetched
/// once to warm up, then timed over a number of runs (the full response read); prints the median and p95 and a
/// summary line per page. Asserts nothing.
/// </summary>
public static class PagesBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var runs = int.Parse(BenchmarkHttp.Option(args, "--runs", "30"), CultureInfo.InvariantCulture);
        var options = new ScaleOptions(
            Systems: int.Parse(BenchmarkHttp.Option(args, "--systems", "1000"), CultureInfo.InvariantCulture),
            Endpoints: int.Parse(BenchmarkHttp.Option(args, "--endpoints", "1000"), CultureInfo.InvariantCulture),
            HistoryMonths: int.Parse(BenchmarkHttp.Option(args, "--months", "24"), CultureInfo.InvariantCulture),
            Users: int.Parse(BenchmarkHttp.Option(args, "--users", "200"), CultureInfo.InvariantCulture),
            AuditEvents: int.Parse(BenchmarkHttp.Option(args, "--audit", "50000"), CultureInfo.InvariantCulture));
        var directory = Directory.CreateTempSubdirectory("securityhub-bench-pages-").FullName;
        try
        {
            await using var app = BenchmarkHttp.StartApp(directory);
            using var client = BenchmarkHttp.CreateClient(app);
            var seeding = Stopwatch.StartNew();
            var business = await ScaleSeed.SeedAsync(app.Services, options);
            var (systemId, endpointId, findings, checks) = await FactsAsync(app.Services);
            Console.WriteLine($"Processors: {Environment.ProcessorCount}; seeded {options.Systems:N0} systems x {options.ItemsPerSystem} data items ({findings:N0} findings), "
                + $"{options.Endpoints:N0} endpoints with {checks:N0} checks ({options.HistoryMonths} months), {options.Users} people, "
                + $"{options.AuditEvents:N0} audit events in {seeding.Elapsed.TotalSeconds:F0} s");
            await BenchmarkHttp.SignInAsync(client, business.OwnerEmail, business.Password, business.AuthenticatorKey);

            var pages = new (string Name, string Path)[]
            {
                ("dashboard", "/"),
                ("inventory", "/inventory"),
                ("system", $"/inventory/systems/{systemId}"),
                ("findings", "/inventory/findings"),
                ("summary", "/inventory/summary"),
                ("flows", "/inventory/flows"),
                ("record", "/inventory/record"),
                ("certificates", "/certificates"),
                ("endpoint", $"/certificates/{endpointId}"),
                ("audit", "/audit"),
                ("team", "/team"),
                ("jobs", "/jobs"),
                ("business", "/settings/business"),
                ("email", "/settings/email"),
            };
            Console.WriteLine($"Server render over HTTP (in-process server, full response read), {runs} runs after a warm-up:");
            Console.WriteLine("| Page | path | median | p95 | max | HTML |");
            Console.WriteLine("|---|---|---|---|---|---|");
            var summary = new List<string>();
            foreach (var (name, path) in pages)
            {
                var times = new List<double>();
                long size = 0;
                for (var run = 0; run <= runs; run++)
                {
                    var stopwatch = Stopwatch.StartNew();
                    using var response = await client.GetAsync(path);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    stopwatch.Stop();
                    if (!response.IsSuccessStatusCode)
                    {
                        throw new InvalidOperationException($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
                    }
                    size = body.LongLength;
                    if (run > 0)
                    {
                        times.Add(stopwatch.Elapsed.TotalMilliseconds);
                    }
                }
                times.Sort();
                var p95 = Percentile(times, 0.95);
                Console.WriteLine($"| {name} | `{path}` | {times[times.Count / 2]:F1} ms | {p95:F1} ms | {times[^1]:F1} ms | {size / 1024.0:F0} KB |");
                summary.Add($"pages: {name} p95 {p95:F0} ms");
            }
            foreach (var line in summary)
            {
                Console.WriteLine(line);
            }
        }
        finally
        {
            BenchmarkHttp.DeleteDataDirectory(directory);
        }
    }

    /// <summary>The nearest-rank percentile of sorted figures.</summary>
    internal static double Percentile(List<double> sorted, double fraction) =>
        sorted[Math.Clamp((int)Math.Ceiling(fraction * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static async Task<(int SystemId, int EndpointId, int Findings, int Checks)> FactsAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        await using var scope = services.CreateAsyncScope();
        var findings = (await scope.ServiceProvider.GetRequiredService<InventoryInsights>().FindingCountsAsync()).Total;
        return (await db.InventorySystems.OrderBy(s => s.Id).Select(s => s.Id).FirstAsync(),
            await db.CertificateEndpoints.OrderBy(e => e.Id).Select(e => e.Id).FirstAsync(),
            findings,
            await db.CertificateChecks.CountAsync());
    }
}
