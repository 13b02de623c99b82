using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Inventory;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

/// <summary>An endpoint can name the inventory system it serves; both pages show the link.</summary>
public class InventoryLinkTests
{
    [Fact]
    public async Task Save_WithInventorySystem_LinksBothWaysAndAudits()
    {
        using var app = new AppFactory();
        var (manager, inventory, certificates, scope) = await ArrangeAsync(app);
        await using var _ = scope;
        var shop = new SystemInput { Name = "Online shop", Type = SystemType.Website };
        Assert.True((await inventory.SaveSystemAsync(manager, shop)).Succeeded);

        var endpoint = new EndpointInput { Host = "shop.example.com", InventorySystemId = shop.Id };
        Assert.True((await certificates.SaveAsync(manager, endpoint)).Succeeded);

        var detail = await certificates.GetDetailAsync(manager, endpoint.Id);
        Assert.Equal("Online shop", detail!.Endpoint.InventorySystem!.Name);
        var system = await inventory.GetSystemAsync(manager, shop.Id);
        Assert.Equal("shop.example.com", Assert.Single(system!.Certificates!).Host);
        Assert.Contains((shop.Id, "Online shop"), await certificates.SystemChoicesAsync(manager));
        await using var db = await app.CreateDbContextAsync();
        Assert.Contains(await db.AuditEvents.Where(e => e.EventType == CertificateAuditEvents.EndpointSaved).Select(e => e.Details).ToListAsync(),
            d => d!.Contains("inventory system: Online shop", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Save_MissingInventorySystem_ExplainsAndSavesNothing()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        var manager = await app.PrincipalForAsync("manager@example.com");
        await using var scope = app.Services.CreateAsyncScope();
        var certificates = scope.ServiceProvider.GetRequiredService<CertificatesService>();

        var result = await certificates.SaveAsync(manager, new EndpointInput { Host = "shop.example.com", InventorySystemId = 4242 });

        Assert.False(result.Succeeded);
        Assert.Contains("no longer exists", result.Errors[nameof(EndpointInput.InventorySystemId)], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.CertificateEndpoints.ToListAsync());
    }

    [Fact]
    public async Task DeleteSystem_LinkedEndpoint_StaysWatchedWithoutTheLink()
    {
        using var app = new AppFactory();
        var (manager, inventory, certificates, scope) = await ArrangeAsync(app);
        await using var _ = scope;
        var shop = new SystemInput { Name = "Online shop", Type = SystemType.Website };
        await inventory.SaveSystemAsync(manager, shop);
        var endpoint = new EndpointInput { Host = "shop.example.com", InventorySystemId = shop.Id };
        await certificates.SaveAsync(manager, endpoint);

        Assert.True((await inventory.DeleteSystemAsync(manager, shop.Id)).Succeeded);

        await using var db = await app.CreateDbContextAsync();
        var left = await db.CertificateEndpoints.SingleAsync();
        Assert.Equal("shop.example.com", left.Host);
        Assert.Null(left.InventorySystemId);
    }

    private static async Task<(System.Security.Claims.ClaimsPrincipal Manager, InventoryService Inventory, CertificatesService Certificates, AsyncServiceScope Scope)> ArrangeAsync(AppFactory app)
    {
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        var manager = await app.PrincipalForAsync("manager@example.com");
        var scope = app.Services.CreateAsyncScope();
        return (manager, scope.ServiceProvider.GetRequiredService<InventoryService>(), scope.ServiceProvider.GetRequiredService<CertificatesService>(), scope);
    }
}
