using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using SecurityHub.Data;
using SecurityHub.Inventory;

namespace SecurityHub.Benchmarks;

/// <summary>
/// The real app (in-process, Production settings, a fresh temporary data directory) with 1,000 systems x 10 data items.
/// Times the inventory queries, the stored findings (reads, an edit with its incremental recompute, a full recompute), a
/// 10,000-row CSV import (validation and findings included), the export and the pages over HTTP.
/// Prints medians; asserts nothing.
/// </summary>
public static class InventoryBenchmark
{
    private const string OwnerEmail = ScaleSeed.OwnerEmail;
    private const string Password = ScaleSeed.Password;

    public static async Task RunAsync(string[] args)
    {
        var systemCount = int.Parse(BenchmarkHttp.Option(args, "--systems", "1000"), CultureInfo.InvariantCulture);
        var itemsPerSystem = int.Parse(BenchmarkHttp.Option(args, "--items", "10"), CultureInfo.InvariantCulture);
        var runs = int.Parse(BenchmarkHttp.Option(args, "--runs", "5"), CultureInfo.InvariantCulture);
        var directory = Directory.CreateTempSubdirectory("securityhub-bench-inventory-").FullName;
        try
        {
            await using var app = BenchmarkHttp.StartApp(directory);
            using var client = BenchmarkHttp.CreateClient(app);
            var (owner, key) = await ScaleSeed.SeedOwnerAsync(app.Services);
            var seeding = Stopwatch.StartNew();
            await ScaleSeed.SeedInventoryAsync(app.Services, systemCount, itemsPerSystem);
            Console.WriteLine($"Processors: {Environment.ProcessorCount}; seeded {systemCount:N0} systems x {itemsPerSystem} data items in {seeding.Elapsed.TotalSeconds:F1} s; median of {runs} runs after a warm-up");
            Console.WriteLine("| Operation | median | min | max | allocated (median) |");
            Console.WriteLine("|---|---|---|---|---|");

            await using var scope = app.Services.CreateAsyncScope();
            var inventory = scope.ServiceProvider.GetRequiredService<InventoryService>();
            var insights = scope.ServiceProvider.GetRequiredService<InventoryInsights>();
            var csv = scope.ServiceProvider.GetRequiredService<InventoryCsvService>();

            await MeasureAsync("QuerySystemsAsync, first page (20 rows)", runs, () => inventory.QuerySystemsAsync(owner, new SystemQuery()));
            await MeasureAsync("QuerySystemsAsync, page 25", runs, () => inventory.QuerySystemsAsync(owner, new SystemQuery(Skip: 24 * 20)));
            var findings = 0;
            await MeasureAsync("InventoryInsights.FindingsAsync (all findings, read from the store)", runs, async () => findings = (await insights.FindingsAsync()).Count);
            await MeasureAsync("InventoryInsights.QueryFindingsAsync, first page (50)", runs, () => insights.QueryFindingsAsync(new FindingFilter(), 0, 50));
            await MeasureAsync("InventoryInsights.FindingCountsAsync", runs, () => insights.FindingCountsAsync());
            await MeasureAsync("InventoryInsights.SummaryAsync (figures for the dashboard and summary)", runs, () => insights.SummaryAsync());
            await MeasureAsync("InventoryInsights.RecordOfProcessingAsync (10,000 entries)", runs, () => insights.RecordOfProcessingAsync());
            // What the first read of a new business day (or after start-up) does: every finding worked out and written again.
            var store = app.Services.GetRequiredService<FindingStore>();
            var factory = app.Services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
            await MeasureAsync("FindingStore.RecomputeAllAsync (full recompute: evaluate and write every finding)", runs, async () =>
            {
                await using var db = await factory.CreateDbContextAsync();
                await store.RecomputeAllAsync(db);
            });

            // One data item edited through the service, as the system page saves it (validation, audit, and the incremental
            // recompute of its system and the systems it shares data with).
            var edited = await FirstItemAsync(app.Services);
            var purpose = 0;
            await MeasureAsync("InventoryService.SaveItemAsync, one item edited", runs, async () =>
            {
                edited.Purpose = $"Edited purpose {++purpose}";
                var saved = await inventory.SaveItemAsync(owner, edited);
                if (!saved.Succeeded)
                {
                    throw new InvalidOperationException("The edit was refused: " + string.Join("; ", saved.Errors.Values));
                }
            });

            byte[] export = [];
            await MeasureAsync($"Export CSV ({systemCount * itemsPerSystem:N0} rows, service)", runs, async () =>
            {
                using var output = new MemoryStream();
                await csv.ExportAsync(owner, output);
                export = output.ToArray();
            });

            // Unchanged: the export imported back (every row validated and compared, nothing written but the audit event).
            await MeasureAsync($"Import CSV, {systemCount * itemsPerSystem:N0} rows unchanged", runs, () => ImportAsync(csv, owner, export, expectImported: true));

            // Every row changed: the purpose of each item and the notes of each system.
            var changed = Encoding.UTF8.GetBytes(Encoding.UTF8.GetString(export).Replace(",Benchmark purpose ", ",Changed purpose ", StringComparison.Ordinal)
                .Replace(",Benchmark notes,", ",Changed notes,", StringComparison.Ordinal));
            var original = export;
            var flip = false;
            await MeasureAsync($"Import CSV, {systemCount * itemsPerSystem:N0} rows all updated", runs, async () =>
            {
                // Alternate between the two files so every run updates every row.
                flip = !flip;
                await ImportAsync(csv, owner, flip ? changed : original, expectImported: true);
            });

            // Empty inventory: every system and item added, shares included.
            await MeasureAsync($"Import CSV, {systemCount * itemsPerSystem:N0} rows into an empty inventory", runs,
                () => ImportAsync(csv, owner, export, expectImported: true), before: () => ClearInventoryAsync(app.Services));

            Console.WriteLine($"Findings: {findings:N0}; export size {export.Length / 1024.0 / 1024.0:F2} MB");

            await BenchmarkHttp.SignInAsync(client, OwnerEmail, Password, key);
            using (var probe = await client.GetAsync("/inventory"))
            {
                if (probe.StatusCode == HttpStatusCode.NotFound)
                {
                    Console.WriteLine("GET /inventory: skipped (the page is not in this build)");
                }
                else if (probe.StatusCode != HttpStatusCode.OK)
                {
                    Console.WriteLine($"GET /inventory: skipped (status {(int)probe.StatusCode})");
                }
                else
                {
                    Console.WriteLine("| Operation | median | min | max | allocated (median) |");
                    Console.WriteLine("|---|---|---|---|---|");
                    await MeasureAsync("HTTP GET /inventory (server render, signed in)", runs, async () =>
                    {
                        using var response = await client.GetAsync("/inventory");
                        await response.Content.ReadAsByteArrayAsync();
                    });
                }
            }
            Console.WriteLine("| Operation | median | min | max | allocated (median) |");
            Console.WriteLine("|---|---|---|---|---|");
            var sizes = new Dictionary<string, long>();
            foreach (var (path, label) in new[] { ("/", "dashboard"), ("/inventory/summary", "what we hold"), ("/inventory/findings", "findings, first page"), ("/inventory/record", "record of processing") })
            {
                await MeasureAsync($"HTTP GET {path} ({label}, server render, signed in)", runs, async () =>
                {
                    using var response = await client.GetAsync(path);
                    response.EnsureSuccessStatusCode();
                    sizes[path] = (await response.Content.ReadAsByteArrayAsync()).LongLength;
                });
            }
            Console.WriteLine("HTML sizes: " + string.Join(", ", sizes.Select(s => $"{s.Key} {s.Value / 1024.0 / 1024.0:F2} MB")));
            await MeasureAsync("HTTP GET /inventory/export.csv (signed in)", runs, async () =>
            {
                using var response = await client.GetAsync("/inventory/export.csv");
                response.EnsureSuccessStatusCode();
                await response.Content.ReadAsByteArrayAsync();
            });
        }
        finally
        {
            BenchmarkHttp.DeleteDataDirectory(directory);
        }
    }

    private static async Task ImportAsync(InventoryCsvService csv, ClaimsPrincipal owner, byte[] file, bool expectImported)
    {
        var result = await csv.ImportAsync(owner, new MemoryStream(file), "bench.csv", validRowsOnly: false);
        if (result.Imported != expectImported || result.RowsSkipped > 0)
        {
            throw new InvalidOperationException($"Unexpected import result: {result.Message} {string.Join("; ", result.Preview.Problems.Take(3).Select(p => $"row {p.Row} {p.Column}: {p.Message}"))}");
        }
    }

    private static async Task MeasureAsync(string name, int runs, Func<Task> action, Func<Task>? before = null)
    {
        var times = new List<double>();
        var allocations = new List<long>();
        for (var run = 0; run <= runs; run++)
        {
            if (before is not null)
            {
                await before();
            }
            GC.Collect();
            GC.WaitForPendingFinalizers();
            var allocated = GC.GetTotalAllocatedBytes(precise: true);
            var stopwatch = Stopwatch.StartNew();
            await action();
            stopwatch.Stop();
            if (run == 0)
            {
                continue; // warm-up
            }
            times.Add(stopwatch.Elapsed.TotalMilliseconds);
            allocations.Add(GC.GetTotalAllocatedBytes(precise: true) - allocated);
        }
        times.Sort();
        allocations.Sort();
        Console.WriteLine($"| {name} | {Ms(times[times.Count / 2])} | {Ms(times[0])} | {Ms(times[^1])} | {allocations[allocations.Count / 2] / 1024.0 / 1024.0:F1} MB |");
    }

    private static string Ms(double ms) => ms >= 1000 ? $"{ms / 1000:F2} s" : $"{ms:F1} ms";

    private static async Task<DataItemInput> FirstItemAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        var item = await db.DataItems.AsNoTracking().Include(i => i.SharedWith).OrderBy(i => i.Id).FirstAsync();
        return DataItemInput.From(item);
    }

    private static async Task ClearInventoryAsync(IServiceProvider services)
    {
        await using var db = await services.GetRequiredService<IDbContextFactory<ApplicationDbContext>>().CreateDbContextAsync();
        await db.DataItemShares.ExecuteDeleteAsync();
        await db.DataItems.ExecuteDeleteAsync();
        await db.InventorySystems.ExecuteDeleteAsync();
    }
}
