using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Audit;
using SecurityHub.Certificates;
using SecurityHub.Data;

namespace SecurityHub.Demo;

/// <summary>
/// The demo's own certificate authority. Made at start-up (its key lives only in memory) and written as
/// PEM into the demo folder, which the checker trusts in demo mode as an extra root.
/// </summary>
public sealed class DemoAuthority : IDisposable
{
    public DemoAuthority(string directory)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=Crumb & Co. Demo Authority", key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        // Wide validity: the leaves are dated from the app's clock, which tests move.
        Certificate = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddYears(-20), DateTimeOffset.UtcNow.AddYears(20));
        RootsFile = Path.Combine(directory, "demo-authority.pem");
        File.WriteAllText(RootsFile, Certificate.ExportCertificatePem());
    }

    public X509Certificate2 Certificate { get; }
    public string RootsFile { get; }

    public void Dispose() => Certificate.Dispose();
}

/// <summary>
/// Demo mode only: loopback TLS servers whose certificates show every status (OK, expiring, expired, a
/// host-name mismatch, self-signed) plus a closed port (unreachable). Points the demo endpoints at them,
/// turns on the audited "allow internal hosts" switch, and starts a check so the page is filled.
/// </summary>
public sealed class DemoCertificateServers(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    DemoAuthority authority,
    CertificateCheckRunner runner,
    AuditLog audit,
    TimeProvider clock,
    ILogger<DemoCertificateServers> logger) : IHostedService, IAsyncDisposable
{
    public const string LabelPrefix = "Demo: ";

    private readonly List<LoopbackTlsServer> _servers = [];

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        var demos = new (string Label, Func<int> Port)[]
        {
            ("online shop (valid)", () => Serve(Leaf("localhost", now.AddDays(-30), now.AddDays(80), authority.Certificate))),
            ("table bookings (expires soon)", () => Serve(Leaf("localhost", now.AddDays(-80), now.AddDays(10).AddHours(1), authority.Certificate))),
            ("old blog (expired)", () => Serve(Leaf("localhost", now.AddDays(-93), now.AddDays(-3), authority.Certificate))),
            ("newsletter (certificate for another name)", () => Serve(Leaf("news.crumbandco.example", now.AddDays(-10), now.AddDays(80), authority.Certificate))),
            ("till server (self-signed)", () => Serve(Leaf("localhost", now.AddDays(-10), now.AddDays(355), issuer: null))),
            ("old mail server (switched off)", ClosedPort),
        };
        var ports = demos.ToDictionary(d => LabelPrefix + d.Label, d => d.Port());

        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        await using (var transaction = await db.Database.BeginTransactionAsync(cancellationToken))
        {
            var existing = await db.CertificateEndpoints.Where(e => e.Label.StartsWith(LabelPrefix)).ToListAsync(cancellationToken);
            // Ports change at every start: move the old ones out of the way first (host and port are unique).
            existing.ForEach(e => e.Port = -e.Id);
            await db.SaveChangesAsync(cancellationToken);
            foreach (var (label, port) in ports)
            {
                var endpoint = existing.FirstOrDefault(e => e.Label == label);
                if (endpoint is null)
                {
                    endpoint = new CertificateEndpoint { Label = label, CreatedUtc = now.UtcDateTime };
                    db.CertificateEndpoints.Add(endpoint);
                }
                endpoint.Host = "localhost";
                endpoint.Port = port;
                endpoint.Enabled = true;
            }
            db.CertificateEndpoints.RemoveRange(existing.Where(e => !ports.ContainsKey(e.Label)));

            // The demo's servers are on loopback, which the SSRF rule refuses unless allowed.
            var settings = await db.CertificateSettings.FirstOrDefaultAsync(cancellationToken);
            if (settings is not { AllowInternalHosts: true })
            {
                if (settings is null)
                {
                    settings = new CertificateSettings();
                    db.CertificateSettings.Add(settings);
                }
                settings.AllowInternalHosts = true;
                settings.UpdatedUtc = now.UtcDateTime;
                settings.UpdatedBy = "demo";
                audit.Add(db, CertificateAuditEvents.InternalHostsChanged, target: "Allow internal hosts",
                    details: "before: off, after: on (demo mode: the demo certificates are served on loopback)");
            }
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }

        var ids = await db.CertificateEndpoints.Where(e => e.Label.StartsWith(LabelPrefix)).Select(e => e.Id).ToListAsync(cancellationToken);
        // In the background, so start-up does not wait; the page shows the run's progress.
        runner.TryStart(ids);
        logger.LogInformation("Demo certificate servers listening on ports {Ports}", string.Join(", ", ports.Values));
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await runner.WaitAsync().WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        await DisposeAsync();
    }

    public async ValueTask DisposeAsync()
    {
        LoopbackTlsServer[] servers;
        lock (_servers)
        {
            servers = [.. _servers];
            _servers.Clear();
        }
        foreach (var server in servers)
        {
            await server.DisposeAsync();
        }
    }

    private int Serve(X509Certificate2 certificate)
    {
        var server = new LoopbackTlsServer(certificate, logger);
        lock (_servers)
        {
            _servers.Add(server);
        }
        return server.Port;
    }

    // A port that was free a moment ago and that nothing listens on.
    private static int ClosedPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static X509Certificate2 Leaf(string name, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256);
        var san = new SubjectAlternativeNameBuilder();
        san.AddDnsName(name);
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        X509Certificate2 created;
        if (issuer is null)
        {
            created = request.CreateSelfSigned(notBefore, notAfter);
        }
        else
        {
            using var issuerKey = issuer.GetECDsaPrivateKey()!;
            using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, RandomNumberGenerator.GetBytes(12));
            created = issued.CopyWithPrivateKey(key);
        }
        // A PKCS#12 round trip gives the key a form SslStream's server side accepts on every platform.
        using (created)
        {
            return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
        }
    }

    /// <summary>Handshakes every connection on a loopback port with one certificate, then waits for the client to hang up.</summary>
    private sealed class LoopbackTlsServer : IAsyncDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly X509Certificate2 _certificate;
        private readonly Task _accepting;

        public LoopbackTlsServer(X509Certificate2 certificate, ILogger logger)
        {
            _certificate = certificate;
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            var context = SslStreamCertificateContext.Create(certificate, null, offline: true);
            _accepting = AcceptAsync(context, logger);
        }

        public int Port { get; }

        private async Task AcceptAsync(SslStreamCertificateContext context, ILogger logger)
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }
                catch (SocketException ex)
                {
                    logger.LogWarning(ex, "Demo TLS server on port {Port} stopped accepting", Port);
                    return;
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
                            // The checker hangs up after the handshake; nothing to report.
                        }
                    }
                });
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _stop.CancelAsync();
            _listener.Stop();
            await _accepting.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            _stop.Dispose();
            _certificate.Dispose();
        }
    }
}
