using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Jobs;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

public class CheckCertificatesJobTests
{
    [Fact]
    public async Task Run_EnabledAndDisabledEndpoints_ChecksEnabledOnesAndPrunesHistoryOlderThan400Days()
    {
        using var app = new AppFactory();
        using var kit = new CheckerKit(clock: app.Clock);
        app.With("SecurityHub:Certificates:AllowInternalHosts", "true").With("SecurityHub:Certificates:TrustedRootsFile", kit.Options.TrustedRootsFile);
        using var leaf = kit.Leaf(TimeSpan.FromDays(100));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        int enabledId, disabledId;
        await using (var db = await app.CreateDbContextAsync())
        {
            var enabled = new CertificateEndpoint { Host = "localhost", Port = server.Port, CreatedUtc = now };
            var disabled = new CertificateEndpoint { Host = "localhost", Port = 1, Enabled = false, CreatedUtc = now };
            db.CertificateEndpoints.AddRange(enabled, disabled);
            await db.SaveChangesAsync();
            (enabledId, disabledId) = (enabled.Id, disabled.Id);
            db.CertificateChecks.AddRange(
                new CertificateCheck { EndpointId = enabledId, CheckedUtc = now.AddDays(-401), Message = "old" },
                new CertificateCheck { EndpointId = enabledId, CheckedUtc = now.AddDays(-399), Message = "kept" });
            await db.SaveChangesAsync();
        }

        var outcome = await app.GetService<JobExecutor>().RunAsync(JobSchedules.CheckCertificates.Name, JobSchedules.CheckCertificates.JobType, default);

        Assert.True(outcome is { Ran: true, Error: null }, outcome.Error?.ToString());
        await using (var db = await app.CreateDbContextAsync())
        {
            var messages = await db.CertificateChecks.Where(c => c.EndpointId == enabledId).OrderBy(c => c.CheckedUtc).Select(c => c.Message).ToListAsync();
            Assert.Equal(["kept", $"Valid until {leaf.NotAfter.ToUniversalTime():yyyy-MM-dd} (100 days left)."], messages);
            Assert.Empty(await db.CertificateChecks.Where(c => c.EndpointId == disabledId).ToListAsync());
            var run = await db.JobRuns.SingleAsync(r => r.JobName == "CheckCertificates");
            Assert.True(run.Succeeded);
            Assert.Equal("1 checked, 1 OK, 0 need attention, 0 alert email(s), 1 old result(s) pruned", run.Message);
        }
    }

    [Fact]
    public async Task Get_Staff_SeesEndpointsButNoForm()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("staff@example.com", Roles.Staff);
        await using (var db = await app.CreateDbContextAsync())
        {
            db.CertificateEndpoints.Add(new CertificateEndpoint { Host = "shop.example.com", Port = 443, CreatedUtc = app.Clock.GetUtcNow().UtcDateTime });
            await db.SaveChangesAsync();
        }
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "staff@example.com");

        var html = await client.GetStringAsync("/certificates");

        Assert.Contains("shop.example.com:443", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Watch a site or server", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Check all now", html, StringComparison.Ordinal);
    }
}
