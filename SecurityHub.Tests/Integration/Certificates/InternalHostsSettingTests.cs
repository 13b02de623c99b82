using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

/// <summary>The Owner's in-app "allow internal hosts" switch: who may change it, its audit trail, and the SSRF rule around it.</summary>
public class InternalHostsSettingTests
{
    [Theory]
    [InlineData(Roles.Staff)]
    [InlineData(Roles.Manager)]
    public async Task SetInternalHosts_NotOwner_IsRefusedAndChangesNothing(string role)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("someone@example.com", role);
        var actor = await app.PrincipalForAsync("someone@example.com");
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificatesService>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.SetInternalHostsAsync(actor, allow: true));

        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.CertificateSettings.ToListAsync());
        Assert.Empty(await db.AuditEvents.Where(e => e.EventType == CertificateAuditEvents.InternalHostsChanged).ToListAsync());
    }

    [Fact]
    public async Task SetInternalHosts_Owner_StoresItAndAuditsWhoBeforeAndAfter()
    {
        using var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificatesService>();

        var on = await service.SetInternalHostsAsync(owner, allow: true);
        await service.SetInternalHostsAsync(owner, allow: true); // no change, no second event
        var off = await service.SetInternalHostsAsync(owner, allow: false);

        Assert.True(on.Allowed);
        Assert.False(off.Allowed);
        Assert.False(off.FromConfiguration);
        Assert.Equal("owner@example.com", off.ChangedBy);
        await using var db = await app.CreateDbContextAsync();
        Assert.False((await db.CertificateSettings.SingleAsync()).AllowInternalHosts);
        var events = await db.AuditEvents.Where(e => e.EventType == CertificateAuditEvents.InternalHostsChanged).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, events.Count);
        Assert.All(events, e => Assert.Equal(ownerId, e.ActorUserId));
        Assert.All(events, e => Assert.Equal("owner@example.com", e.ActorEmail));
        Assert.StartsWith("before: off, after: on", events[0].Details, StringComparison.Ordinal);
        Assert.StartsWith("before: on, after: off", events[1].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_LoopbackEndpoint_IsRefusedWhileTheSwitchIsOffAndCheckedWhileOn()
    {
        using var app = new AppFactory();
        using var kit = new CheckerKit(clock: app.Clock);
        app.With("SecurityHub:Certificates:TrustedRootsFile", kit.Options.TrustedRootsFile); // AllowInternalHosts stays false in configuration
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");
        int id;
        await using (var db = await app.CreateDbContextAsync())
        {
            var endpoint = new CertificateEndpoint { Host = "localhost", Port = server.Port, CreatedUtc = app.Clock.GetUtcNow().UtcDateTime };
            db.CertificateEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            id = endpoint.Id;
        }
        var monitor = app.GetService<CertificateMonitor>();
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificatesService>();

        await monitor.CheckAsync([id]);
        Assert.Equal(CertificateStatus.Unreachable, await LastStatusAsync(app, id));
        Assert.Equal(0, server.Connections);

        await service.SetInternalHostsAsync(owner, allow: true);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        await monitor.CheckAsync([id]);
        Assert.Equal(CertificateStatus.Ok, await LastStatusAsync(app, id));

        await service.SetInternalHostsAsync(owner, allow: false);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var connections = server.Connections;
        await monitor.CheckAsync([id]);
        Assert.Equal(CertificateStatus.Unreachable, await LastStatusAsync(app, id));
        Assert.Equal(connections, server.Connections);
        await using var check = await app.CreateDbContextAsync();
        var message = (await check.CertificateChecks.Where(c => c.EndpointId == id).OrderByDescending(c => c.Id).FirstAsync()).Message;
        Assert.Contains("a loopback address. Checks of internal servers are turned off (an Owner can allow internal hosts on the Certificates page", message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_CertificatesPage_ShowsTheSwitchToOwnersOnly()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        await app.SeedUserAsync("manager@example.com", Roles.Manager);

        using var ownerClient = app.CreateHttpsClient();
        await app.LoginAsync(ownerClient, "owner@example.com");
        using var managerClient = app.CreateHttpsClient();
        await app.LoginAsync(managerClient, "manager@example.com");

        Assert.Contains("Allow checks of internal hosts", await ownerClient.GetStringAsync("/certificates"), StringComparison.Ordinal);
        Assert.DoesNotContain("Allow checks of internal hosts", await managerClient.GetStringAsync("/certificates"), StringComparison.Ordinal);
    }

    private static async Task<CertificateStatus?> LastStatusAsync(AppFactory app, int id)
    {
        await using var db = await app.CreateDbContextAsync();
        return (await db.CertificateEndpoints.SingleAsync(e => e.Id == id)).LastStatus;
    }
}
