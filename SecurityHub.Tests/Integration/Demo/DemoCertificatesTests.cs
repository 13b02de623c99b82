using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Certificates;
using SecurityHub.Demo;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Demo;

public partial class DemoCertificatesTests
{
    [Fact]
    public async Task DemoMode_StartsItsOwnTlsServers_AndTheCertificatesPageShowsEveryStatus()
    {
        using var app = new AppFactory().With("SecurityHub:Demo", "true");
        _ = app.Server;

        // The demo starts a check of its endpoints in the background at start-up.
        List<CertificateEndpoint> endpoints = [];
        for (var i = 0; i < 300; i++)
        {
            await using var db = await app.CreateDbContextAsync();
            endpoints = await db.CertificateEndpoints.Where(e => e.Label.StartsWith(DemoCertificateServers.LabelPrefix)).ToListAsync();
            if (endpoints.Count > 0 && endpoints.All(e => e.LastStatus != null))
            {
                break;
            }
            await Task.Delay(100);
        }
        Assert.Equal(6, endpoints.Count);
        Assert.All(endpoints, e => Assert.NotNull(e.LastStatus));

        var byLabel = endpoints.ToDictionary(e => e.Label[DemoCertificateServers.LabelPrefix.Length..], e => e.LastStatus);
        Assert.Equal(CertificateStatus.Ok, byLabel["online shop (valid)"]);
        Assert.Equal(CertificateStatus.Expiring, byLabel["table bookings (expires soon)"]);
        Assert.Equal(CertificateStatus.Expired, byLabel["old blog (expired)"]);
        Assert.Equal(CertificateStatus.Invalid, byLabel["newsletter (certificate for another name)"]);
        Assert.Equal(CertificateStatus.Invalid, byLabel["till server (self-signed)"]);
        Assert.Equal(CertificateStatus.Unreachable, byLabel["old mail server (switched off)"]);
        await using (var db = await app.CreateDbContextAsync())
        {
            var messages = await db.CertificateChecks.Select(c => c.Message).ToListAsync();
            Assert.Contains(messages, m => m.StartsWith("Host-name mismatch: the certificate is for news.crumbandco.example", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.StartsWith("Self-signed", StringComparison.Ordinal));
            Assert.Contains(messages, m => m.Contains("refused the connection", StringComparison.Ordinal));
            // Loopback is allowed through the audited in-app switch, not by changing the SSRF rule.
            Assert.True((await db.CertificateSettings.SingleAsync()).AllowInternalHosts);
            Assert.Single(await db.AuditEvents.Where(e => e.EventType == CertificateAuditEvents.InternalHostsChanged).ToListAsync());
        }

        // A demo Staff member (no two-factor needed) sees each status on the page.
        var printed = app.Logs.Messages.Single(m => m.Contains("passwords are shown only now", StringComparison.Ordinal));
        var staff = StaffLine().Match(printed);
        Assert.True(staff.Success, printed);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, staff.Groups[1].Value, staff.Groups[2].Value);
        var html = await client.GetStringAsync("/certificates");
        foreach (var label in new[] { "OK", "Expiring", "Expired", "Invalid", "Unreachable" })
        {
            Assert.Contains($">{label}<", html, StringComparison.Ordinal);
        }
        Assert.Contains("Demo: online shop (valid)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task DemoMode_Restarted_PointsTheSameEndpointsAtTheNewServers()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "securityhub-tests", "demo-restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            Dictionary<int, int> firstPorts;
            using (var app = new AppFactory().With("SecurityHub:Demo", "true").With("SecurityHub:DataDirectory", dataDirectory))
            {
                _ = app.Server;
                firstPorts = (await WaitForChecksAsync(app, 6)).ToDictionary(e => e.Id, e => e.Port);
            }
            using (var app = new AppFactory().With("SecurityHub:Demo", "true").With("SecurityHub:DataDirectory", dataDirectory))
            {
                _ = app.Server;
                var endpoints = await WaitForChecksAsync(app, 12);
                Assert.Equal(firstPorts.Keys.Order(), endpoints.Select(e => e.Id).Order());
                Assert.All(endpoints, e => Assert.NotEqual(firstPorts[e.Id], e.Port));
                Assert.Equal(1, endpoints.Count(e => e.LastStatus == CertificateStatus.Ok));
                Assert.Equal(1, endpoints.Count(e => e.LastStatus == CertificateStatus.Unreachable));
                await using var db = await app.CreateDbContextAsync();
                Assert.Single(await db.AuditEvents.Where(e => e.EventType == CertificateAuditEvents.InternalHostsChanged).ToListAsync());
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // Left for the OS to clean.
            }
        }
    }

    /// <summary>Waits until the demo endpoints have this many stored checks in all, and returns them.</summary>
    private static async Task<List<CertificateEndpoint>> WaitForChecksAsync(AppFactory app, int checks)
    {
        for (var i = 0; i < 300; i++)
        {
            await using var db = await app.CreateDbContextAsync();
            var endpoints = await db.CertificateEndpoints.Where(e => e.Label.StartsWith(DemoCertificateServers.LabelPrefix)).ToListAsync();
            var ids = endpoints.Select(e => e.Id).ToList();
            if (endpoints.Count == 6 && await db.CertificateChecks.CountAsync(c => ids.Contains(c.EndpointId)) >= checks)
            {
                return endpoints;
            }
            await Task.Delay(100);
        }
        Assert.Fail($"The demo did not store {checks} checks in 30 seconds");
        return [];
    }

    [GeneratedRegex(@"Staff\s+(\S+@\S+)\s+(\S+)")]
    private static partial Regex StaffLine();
}
