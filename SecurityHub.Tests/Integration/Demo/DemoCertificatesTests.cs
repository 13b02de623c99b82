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

    [GeneratedRegex(@"Staff\s+(\S+@\S+)\s+(\S+)")]
    private static partial Regex StaffLine();
}
