using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Time.Testing;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

public class CertificateAlertTests
{
    private static AppFactory CreateApp(CheckerKit kit, string dataDirectory) => new AppFactory()
        .With("SecurityHub:DataDirectory", dataDirectory)
        .With("SecurityHub:Certificates:AllowInternalHosts", "true")
        .With("SecurityHub:Certificates:TrustedRootsFile", kit.Options.TrustedRootsFile);

    private static async Task<int> AddEndpointAsync(AppFactory app, int port)
    {
        await using var db = await app.CreateDbContextAsync();
        var endpoint = new CertificateEndpoint { Host = "localhost", Port = port, Label = "Shop", CreatedUtc = app.Clock.GetUtcNow().UtcDateTime };
        db.CertificateEndpoints.Add(endpoint);
        await db.SaveChangesAsync();
        return endpoint.Id;
    }

    private static async Task<List<(string To, string Subject)>> AlertEmailsAsync(AppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        var emails = await db.OutboxMessages.Where(m => m.Category.StartsWith("certificate")).OrderBy(m => m.Id).Select(m => new { m.ToAddress, m.Subject }).ToListAsync();
        return emails.Select(m => (m.ToAddress, m.Subject)).ToList();
    }

    [Fact]
    public async Task Check_CertificateCrossesThresholds_EmailsOwnersAndManagersOncePerThresholdAcrossRestart()
    {
        var clock = new FakeTimeProvider(AppFactory.DefaultClockStart);
        using var kit = new CheckerKit(clock: clock);
        var dataDirectory = Path.Combine(kit.Directory, "data");
        using var leaf = kit.Leaf(TimeSpan.FromDays(20) + TimeSpan.FromHours(1));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);

        using (var app = CreateApp(kit, dataDirectory))
        {
            await app.SeedUserAsync("owner@example.com", Roles.Owner);
            await app.SeedUserAsync("manager@example.com", Roles.Manager);
            await app.SeedUserAsync("staff@example.com", Roles.Staff);
            await AddEndpointAsync(app, server.Port);
            var monitor = app.GetService<CertificateMonitor>();

            // 20 days left: the 30-day threshold is crossed, one email each to the Owner and the Manager.
            var first = await monitor.CheckAsync();
            Assert.Equal(2, first.AlertsSent);
            var emails = await AlertEmailsAsync(app);
            Assert.Equal(["manager@example.com", "owner@example.com"], emails.Select(e => e.To).Order());
            Assert.All(emails, e => Assert.Equal($"Certificate expires in 20 days: localhost:{server.Port}", e.Subject));

            // Checked again the same day: nothing new.
            await monitor.CheckAsync();
            Assert.Equal(2, (await AlertEmailsAsync(app)).Count);
        }

        // After a restart on the same data, the sent alerts are remembered.
        using (var app = CreateApp(kit, dataDirectory))
        {
            var monitor = app.GetService<CertificateMonitor>();
            var again = await monitor.CheckAsync();
            Assert.Equal(0, again.AlertsSent);

            // Seven days on, 13 days left: the 14-day threshold fires once.
            app.Clock.Advance(TimeSpan.FromDays(7));
            Assert.Equal(2, (await monitor.CheckAsync()).AlertsSent);
            Assert.Equal(0, (await monitor.CheckAsync()).AlertsSent);
            var emails = await AlertEmailsAsync(app);
            Assert.Equal(4, emails.Count);
            Assert.Equal($"Certificate expires in 13 days: localhost:{server.Port}", emails[^1].Subject);

            // Past expiry: the expired alert fires once.
            app.Clock.Advance(TimeSpan.FromDays(14));
            Assert.Equal(2, (await monitor.CheckAsync()).AlertsSent);
            Assert.Equal(0, (await monitor.CheckAsync()).AlertsSent);
            Assert.Equal($"Certificate expired: localhost:{server.Port}", (await AlertEmailsAsync(app))[^1].Subject);
        }
    }

    [Fact]
    public async Task Check_CertificateReplacedByAnotherIssuer_SendsRenewalNoticeWithIssuerNote()
    {
        using var app = new AppFactory();
        using var kit = new CheckerKit(clock: app.Clock);
        app.With("SecurityHub:Certificates:AllowInternalHosts", "true").With("SecurityHub:Certificates:TrustedRootsFile", kit.Options.TrustedRootsFile);
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var monitor = app.GetService<CertificateMonitor>();

        using var oldLeaf = kit.Leaf(TimeSpan.FromDays(200));
        int port;
        await using (var oldServer = new TlsTestServer(TlsServerMode.Tls, oldLeaf))
        {
            port = oldServer.Port;
            await AddEndpointAsync(app, port);
            Assert.Equal(0, (await monitor.CheckAsync()).AlertsSent);
        }

        using var newLeaf = TestCertificates.CreateLeaf(["localhost"], kit.Now.AddDays(-1), kit.Now.AddDays(300));
        await using var newServer = new TlsTestServer(TlsServerMode.Tls, newLeaf, port);
        await monitor.CheckAsync();

        await using var db = await app.CreateDbContextAsync();
        var notice = await db.OutboxMessages.SingleAsync(m => m.Category == "certificate-renewed");
        Assert.Equal($"Certificate renewed: localhost:{port}", notice.Subject);
        Assert.Contains("different issuer", notice.TextBody, StringComparison.Ordinal);
        Assert.Contains("CN=SecurityHub Test CA", notice.TextBody, StringComparison.Ordinal);
    }
}
