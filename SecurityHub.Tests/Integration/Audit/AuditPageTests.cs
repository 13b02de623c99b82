using System.Net;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Audit;

/// <summary>The /audit page as the server first renders it.</summary>
public class AuditPageTests
{
    // The events themselves load once the page is interactive (MudDataGrid's ServerData runs after the first
    // render), so the browser journey (E2E/Audit/AuditLogJourneyTests) checks that hostile text shows as text.
    [Fact]
    public async Task Get_Owner_ShowsHeadingFilterAndExportLink()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        await app.GetService<AuditLog>().WriteAsync(AuditEvents.SettingsChanged, actorEmail: "owner@example.com", target: "<script>alert(1)</script>");
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@example.com");

        var html = await client.GetStringAsync("/audit");

        Assert.Contains(">Audit log</h1>", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/audit/export.csv\"", html, StringComparison.Ordinal);
        Assert.Contains("Person&#x27;s email contains", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)</script>", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Get_Manager_IsSentToAccessDenied()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        await app.GetService<AuditLog>().WriteAsync(AuditEvents.SettingsChanged, actorEmail: "owner@example.com", target: "secret business");
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "manager@example.com");

        using var response = await client.GetAsync("/audit");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secret business", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }
}
