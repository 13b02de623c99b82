using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using SecurityHub.Certificates;
using SecurityHub.Data;
using SecurityHub.Email;

namespace SecurityHub.Benchmarks;

/// <summary>
/// Side by side: a raw SslStream handshake loop against N loopback servers, and SecurityHub's monitor
/// checking the same N endpoints with its database writes. Then N hung endpoints against the bound
/// ceil(N / concurrency) x timeout + 2 s. Prints figures; asserts nothing.
/// </summary>
public static class CertificateBenchmark
{
    public static async Task RunAsync(string[] args)
    {
        var sizes = Option(args, "--sizes", "200,1000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
        var hung = int.Parse(Option(args, "--hung", "64"), CultureInfo.InvariantCulture);
        var concurrency = int.Parse(Option(args, "--concurrency", "16"), CultureInfo.InvariantCulture);
        var timeout = int.Parse(Option(args, "--timeout", "2"), CultureInfo.InvariantCulture);
        var rounds = int.Parse(Option(args, "--rounds", "3"), CultureInfo.InvariantCulture);

        using var certificate = CreateCertificate();
        var context = SslStreamCertificateContext.Create(certificate, null, offline: true);
        Console.WriteLine($"Processors: {Environment.ProcessorCount}, concurrency {concurrency}, timeout {timeout} s, {rounds} round(s), medians");
        // Warm-up: JIT, TLS and EF Core's compiled queries, so every column measures steady state as the
        // long-running app sees it (its daily job is never the process's first work).
        var warm = Enumerable.Range(0, 20).Select(_ => new Server(context, silent: false)).ToList();
        try
        {
            await RawAsync(warm, concurrency);
            await CheckerAsync(warm, concurrency, timeout);
            await MonitorAsync(warm, concurrency, timeout);
        }
        finally
        {
            warm.ForEach(s => s.Dispose());
        }

        Console.WriteLine("| N | raw handshakes/s | checker alone/s | SecurityHub job checks/s (with DB writes) | job / raw |");
        Console.WriteLine("|---|---|---|---|---|");
        foreach (var n in sizes)
        {
            var servers = Enumerable.Range(0, n).Select(_ => new Server(context, silent: false)).ToList();
            try
            {
                // Rounds side by side, so each ratio compares runs made under the same load; medians printed.
                var (raws, checkers, apps, ratios) = (new List<double>(), new List<double>(), new List<double>(), new List<double>());
                for (var round = 0; round < rounds; round++)
                {
                    raws.Add(await RawAsync(servers, concurrency));
                    checkers.Add(await CheckerAsync(servers, concurrency, timeout));
                    apps.Add(await MonitorAsync(servers, concurrency, timeout));
                    ratios.Add(apps[^1] / raws[^1]);
                }
                Console.WriteLine($"| {n} | {Median(raws):F0} | {Median(checkers):F0} | {Median(apps):F0} | {Median(ratios):P0} (rounds: {string.Join(", ", ratios.Select(r => r.ToString("P0", CultureInfo.InvariantCulture)))}) |");
            }
            finally
            {
                servers.ForEach(s => s.Dispose());
            }
        }

        var silent = Enumerable.Range(0, hung).Select(_ => new Server(context, silent: true)).ToList();
        try
        {
            var stopwatch = Stopwatch.StartNew();
            await MonitorAsync(silent, concurrency, timeout);
            var bound = Math.Ceiling((double)hung / concurrency) * timeout + 2;
            Console.WriteLine($"Hung endpoints: {hung} finished in {stopwatch.Elapsed.TotalSeconds:F1} s; bound ceil({hung}/{concurrency}) x {timeout} s + 2 s = {bound:F0} s");
        }
        finally
        {
            silent.ForEach(s => s.Dispose());
        }
    }

    private static async Task<double> RawAsync(List<Server> servers, int concurrency)
    {
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(servers, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (server, ct) =>
        {
            using var client = new TcpClient();
            await client.ConnectAsync(IPAddress.Loopback, server.Port, ct);
#pragma warning disable CA5359 // The benchmark's own self-signed loopback servers; nothing is sent.
            await using var tls = new SslStream(client.GetStream(), false, (_, _, _, _) => true);
#pragma warning restore CA5359
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions { TargetHost = "localhost" }, ct);
        });
        return servers.Count / stopwatch.Elapsed.TotalSeconds;
    }

    /// <summary>SecurityHub's checker without the database, to show where the time goes.</summary>
    private static async Task<double> CheckerAsync(List<Server> servers, int concurrency, int timeout)
    {
        var services = new ServiceCollection();
        services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
        services.AddSingleton(TimeProvider.System);
        services.AddOptions<CertificatesOptions>().Configure(o =>
        {
            o.AllowInternalHosts = true;
            o.TimeoutSeconds = timeout;
        });
        services.AddSingleton<CertificateChecker>();
        await using var provider = services.BuildServiceProvider();
        var checker = provider.GetRequiredService<CertificateChecker>();
        var stopwatch = Stopwatch.StartNew();
        await Parallel.ForEachAsync(servers, new ParallelOptions { MaxDegreeOfParallelism = concurrency }, async (server, ct) =>
            await checker.CheckAsync(new CheckTarget("127.0.0.1", server.Port), ct));
        return servers.Count / stopwatch.Elapsed.TotalSeconds;
    }

    private static async Task<double> MonitorAsync(List<Server> servers, int concurrency, int timeout)
    {
        var directory = Directory.CreateTempSubdirectory("securityhub-bench-").FullName;
        try
        {
            var services = new ServiceCollection();
            services.AddLogging(l => l.SetMinimumLevel(LogLevel.Warning));
            services.AddSingleton(TimeProvider.System);
            services.AddSingleton<SqlitePragmaInterceptor>();
            services.AddDbContextFactory<ApplicationDbContext>((sp, o) => o.UseSqlite($"Data Source={Path.Combine(directory, "bench.db")}")
                .AddInterceptors(sp.GetRequiredService<SqlitePragmaInterceptor>())
                // Identity's schema options live in the app's DI; the migrations still create every table.
                .ConfigureWarnings(w => w.Ignore(Microsoft.EntityFrameworkCore.Diagnostics.RelationalEventId.PendingModelChangesWarning)));
            services.AddOptions<CertificatesOptions>().Configure(o =>
            {
                o.AllowInternalHosts = true;
                o.MaxConcurrency = concurrency;
                o.TimeoutSeconds = timeout;
            });
            services.AddSingleton<Outbox>();
            services.AddSingleton<CertificateChecker>();
            services.AddSingleton<CertificateMonitor>();
            await using var provider = services.BuildServiceProvider();
            var factory = provider.GetRequiredService<IDbContextFactory<ApplicationDbContext>>();
            await using (var db = await factory.CreateDbContextAsync())
            {
                await db.Database.MigrateAsync();
                await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode = WAL;");
                db.CertificateEndpoints.AddRange(servers.Select(s => new CertificateEndpoint { Host = "127.0.0.1", Port = s.Port, CreatedUtc = DateTime.UtcNow }));
                await db.SaveChangesAsync();
            }
            var stopwatch = Stopwatch.StartNew();
            var summary = await provider.GetRequiredService<CertificateMonitor>().CheckAsync();
            var rate = summary.Checked / stopwatch.Elapsed.TotalSeconds;
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            return rate;
        }
        finally
        {
            try
            {
                Directory.Delete(directory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    private static double Median(List<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count % 2 == 1 ? sorted[sorted.Count / 2] : (sorted[sorted.Count / 2 - 1] + sorted[sorted.Count / 2]) / 2;
    }

    private static string Option(string[] args, string name, string fallback)
    {
        var i = Array.IndexOf(args, name);
        return i >= 0 && i + 1 < args.Length ? args[i + 1] : fallback;
    }

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=localhost", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName("localhost");
        request.CertificateExtensions.Add(san.Build());
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow.AddDays(90));
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }

    /// <summary>A loopback server that handshakes every connection, or (silent) accepts and never answers.</summary>
    private sealed class Server : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<TcpClient> _held = [];

        public Server(SslStreamCertificateContext context, bool silent)
        {
            _listener.Start(512);
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptAsync(context, silent);
        }

        public int Port { get; }

        private async Task AcceptAsync(SslStreamCertificateContext context, bool silent)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception)
                {
                    return;
                }
                if (silent)
                {
                    lock (_held)
                    {
                        _held.Add(client);
                    }
                    continue;
                }
                _ = Task.Run(async () =>
                {
                    using (client)
                    {
                        try
                        {
                            await using var tls = new SslStream(client.GetStream());
                            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, _stop.Token);
                            _ = await tls.ReadAsync(new byte[1], _stop.Token);
                        }
                        catch (Exception)
                        {
                            // The client hung up.
                        }
                    }
                });
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            lock (_held)
            {
                _held.ForEach(c => c.Dispose());
            }
            _stop.Dispose();
        }
    }
}
