using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Organization;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

public class CertificatesServiceTests
{
    [Theory]
    [InlineData("https://shop.example.com/", 443, StartTlsMode.None, "Host", "is not a host name")]
    [InlineData("", 443, StartTlsMode.None, "Host", "Enter a host name")]
    [InlineData("shop.example.com", 0, StartTlsMode.None, "Port", "between 1 and 65535")]
    [InlineData("shop.example.com", 65536, StartTlsMode.None, "Port", "between 1 and 65535")]
    [InlineData("mail.example.com", 465, StartTlsMode.Smtp, "StartTls", "only for mail servers on port 25 or 587")]
    public async Task Save_BadInput_ExplainsTheFieldAndSavesNothing(string host, int port, StartTlsMode startTls, string field, string message)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        var manager = await app.PrincipalForAsync("manager@example.com");
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificatesService>();

        var result = await service.SaveAsync(manager, new EndpointInput { Host = host, Port = port, StartTls = startTls });

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors[field], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.CertificateEndpoints.ToListAsync());
    }

    [Fact]
    public async Task Save_Staff_IsRefused()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("staff@example.com", Roles.Staff);
        var staff = await app.PrincipalForAsync("staff@example.com");
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificatesService>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.SaveAsync(staff, new EndpointInput { Host = "shop.example.com" }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.CheckNowAsync(staff, null));
        Assert.Empty(await service.ListAsync(staff));
    }

    [Fact]
    public async Task List_BusinessProfileHasWebsites_AddsThemOnceOnPort443()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");
        await using (var db = await app.CreateDbContextAsync())
        {
            var profile = await db.Organizations.FirstOrDefaultAsync();
            if (profile is null)
            {
                profile = new OrganizationProfile { BusinessName = "Crumb" };
                db.Organizations.Add(profile);
            }
            profile.WebsiteDomains = "crumb.example\nshop.crumb.example";
            await db.SaveChangesAsync();
        }
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificatesService>();

        await service.ListAsync(owner);
        var endpoints = await service.ListAsync(owner);

        Assert.Equal(["crumb.example:443", "shop.crumb.example:443"], endpoints.Select(e => $"{e.Host}:{e.Port}").Order());
        Assert.All(endpoints, e => Assert.True(e.FromWebsite));
    }

    [Fact]
    public async Task CheckNow_AllEndpoints_RunsInBackgroundAndUpdatesStatusAndOkShare()
    {
        using var app = new AppFactory();
        using var kit = new CheckerKit(clock: app.Clock);
        app.With("SecurityHub:Certificates:AllowInternalHosts", "true").With("SecurityHub:Certificates:TrustedRootsFile", kit.Options.TrustedRootsFile);
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");
        using var good = kit.Leaf(TimeSpan.FromDays(120));
        using var mismatch = kit.Leaf(TimeSpan.FromDays(120), host: "other.example");
        await using var goodServer = new TlsTestServer(TlsServerMode.Tls, good);
        await using var badServer = new TlsTestServer(TlsServerMode.Tls, mismatch);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<CertificatesService>();
        Assert.True((await service.SaveAsync(owner, new EndpointInput { Host = "localhost", Port = goodServer.Port, Label = "Shop" })).Succeeded);
        Assert.True((await service.SaveAsync(owner, new EndpointInput { Host = "localhost", Port = badServer.Port, Label = "Blog" })).Succeeded);
        Assert.Null(await service.OkShareAsync());

        Assert.True(await service.CheckNowAsync(owner, null));
        await app.GetService<CertificateCheckRunner>().WaitAsync();

        var endpoints = await service.ListAsync(owner);
        Assert.Equal(CertificateStatus.Ok, endpoints.Single(e => e.Port == goodServer.Port).LastStatus);
        Assert.Equal(CertificateStatus.Invalid, endpoints.Single(e => e.Port == badServer.Port).LastStatus);
        Assert.Equal(0.5, await service.OkShareAsync());
        Assert.Equal(new CheckRunProgress(2, 2), app.GetService<CertificateCheckRunner>().Progress);
        var detail = await service.GetDetailAsync(owner, endpoints.Single(e => e.Port == badServer.Port).Id);
        Assert.Contains(detail!.Findings, f => f.StartsWith("Host-name mismatch", StringComparison.Ordinal));
    }
}
