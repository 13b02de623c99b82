using System.Net;
using SecurityHub.Account;
using SecurityHub.Inventory;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Inventory;

/// <summary>The inventory pages over HTTP, as each role gets them on a first (server-rendered) load.</summary>
public class InventoryPagesTests
{
    private const string Owner = "owner@example.com";
    private const string Staff = "staff@example.com";

    [Fact]
    public async Task InventoryPages_Staff_ReadsEverythingWithoutChangeButtons()
    {
        using var app = new AppFactory();
        var shop = await SeedInventoryAsync(app);
        await app.SeedUserAsync(Staff, Roles.Staff);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Staff);

        var list = await GetOkAsync(client, "/inventory");
        var system = await GetOkAsync(client, $"/inventory/systems/{shop}");
        Assert.Contains("Online shop", list, StringComparison.Ordinal);
        Assert.Contains("Export CSV", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Add system", list, StringComparison.Ordinal);
        Assert.DoesNotContain("Import CSV", list, StringComparison.Ordinal);
        Assert.Contains("Bank details in Online shop may not be encrypted", system, StringComparison.Ordinal);
        foreach (var button in new[] { "Edit details", "Mark reviewed", "Delete system", "Add data item", ">Edit<", ">Delete<" })
        {
            Assert.DoesNotContain(button, system, StringComparison.Ordinal);
        }
        Assert.Contains("Bank details", await GetOkAsync(client, "/inventory/summary"), StringComparison.Ordinal);
        Assert.Contains("may not be encrypted", await GetOkAsync(client, "/inventory/findings"), StringComparison.Ordinal);
        Assert.Contains("Data flows", await GetOkAsync(client, "/inventory/flows"), StringComparison.Ordinal);
        Assert.Contains("Only owners and managers can start the inventory", await GetOkAsync(client, "/inventory/start"), StringComparison.Ordinal);
        var record = await GetOkAsync(client, "/inventory/record");
        Assert.Contains("Test Bakery", record, StringComparison.Ordinal);
        Assert.Contains("Pay refunds", record, StringComparison.Ordinal);
    }

    [Fact]
    public async Task InventoryPages_Owner_SeesChangeButtonsAndRootAbsoluteLinks()
    {
        using var app = new AppFactory();
        var shop = await SeedInventoryAsync(app);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Owner);

        var list = await GetOkAsync(client, "/inventory");
        var system = await GetOkAsync(client, $"/inventory/systems/{shop}");

        Assert.Contains("Add system", list, StringComparison.Ordinal);
        Assert.Contains("href=\"/inventory/import\"", list, StringComparison.Ordinal);
        Assert.Contains($"href=\"/inventory/systems/{shop}\"", list, StringComparison.Ordinal);
        Assert.Contains("Edit details", system, StringComparison.Ordinal);
        Assert.Contains("Add data item", system, StringComparison.Ordinal);
        // <base> is ignored under the CSP, so a relative link would resolve against the page's own path.
        foreach (var html in new[] { list, system })
        {
            Assert.DoesNotMatch("href=\"(?!/|https?:|#)[^\"]", html);
        }
    }

    [Fact]
    public async Task InventoryPages_Anonymous_AreSentToSignIn()
    {
        using var app = new AppFactory();
        var shop = await SeedInventoryAsync(app);
        using var client = app.CreateHttpsClient();

        foreach (var path in new[] { "/inventory", $"/inventory/systems/{shop}", "/inventory/summary", "/inventory/findings", "/inventory/flows", "/inventory/start", "/inventory/record" })
        {
            var response = await client.GetAsync(path);
            Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
            Assert.Contains("/Account/Login", response.Headers.Location!.ToString(), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task SystemPage_UnknownId_ShowsAFriendlyNotFound()
    {
        using var app = new AppFactory();
        await SeedInventoryAsync(app);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Owner);

        var html = await GetOkAsync(client, "/inventory/systems/4242");

        Assert.Contains("System not found", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/inventory\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuidedStart_StaffPostsTheForm_NothingIsSuggested()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        await app.SeedUserAsync(Staff, Roles.Staff);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Staff);
        // A valid token of this user, from a page that has a form for Staff.
        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/Manage");

        var response = await client.PostAsync("/inventory/start", new FormUrlEncodedContent(
        [
            new("_handler", "guided-inventory"), new("__RequestVerificationToken", token),
        ]));

        // Staff are never shown the form, so the post names a form that does not exist; the service refuses Staff anyway.
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(db.InventorySystems);
    }

    [Fact]
    public async Task FindingsPage_ManyFindings_RendersTheFirstPageWithTheTotal()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        await using (var db = await app.CreateDbContextAsync())
        {
            for (var s = 0; s < 12; s++)
            {
                db.InventorySystems.Add(new InventorySystem
                {
                    Name = $"Spreadsheet {s:D2}", Type = SystemType.Spreadsheet,
                    Items = [new() { Category = DataCategory.BankDetails }, new() { Category = DataCategory.Names }],
                });
            }
            await db.SaveChangesAsync();
        }
        var all = await app.GetServiceInScope<InventoryService>().FindingsAsync(await app.PrincipalForAsync(Owner));
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Owner);

        var html = await GetOkAsync(client, "/inventory/findings");
        var critical = await GetOkAsync(client, "/inventory/findings?severity=Critical");

        Assert.True(all.Count > 50, $"the seed has {all.Count} findings");
        Assert.Contains($"{all.Count} findings</h2>", html, StringComparison.Ordinal);
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Count(html, "<article class=\"inv-finding\""));
        Assert.Contains(all[0].Title, html, StringComparison.Ordinal);
        Assert.DoesNotContain(all[^1].Title, html, StringComparison.Ordinal);
        var criticalCount = all.Count(f => f.Severity == FindingSeverity.Critical);
        Assert.Contains($"{criticalCount} of {all.Count} findings</h2>", critical, StringComparison.Ordinal);
        Assert.Equal(Math.Min(50, criticalCount), System.Text.RegularExpressions.Regex.Count(critical, "<article class=\"inv-finding\""));
    }

    [Fact]
    public async Task FlowsPage_ManyFlows_RendersAPageOfFiftyWithAPager()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        await using (var db = await app.CreateDbContextAsync())
        {
            var now = DateTime.UtcNow;
            var systems = Enumerable.Range(0, 61).Select(i => new InventorySystem
            {
                Name = $"System {i:D2}",
                Operator = SystemOperator.InHouse,
                CreatedUtc = now,
                UpdatedUtc = now,
                Items = { new DataItem { Category = DataCategory.EmailAddresses, Purpose = "Receipts", CreatedUtc = now, UpdatedUtc = now } },
            }).ToList();
            db.InventorySystems.AddRange(systems);
            await db.SaveChangesAsync();
            // Each system passes its email addresses on to the next one: 60 flows.
            for (var i = 0; i < 60; i++)
            {
                db.DataItemShares.Add(new DataItemShare { DataItemId = systems[i].Items.Single().Id, SystemId = systems[i + 1].Id });
            }
            await db.SaveChangesAsync();
        }
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Owner);

        var html = await GetOkAsync(client, "/inventory/flows");

        Assert.Contains("Between your own systems (60)", html, StringComparison.Ordinal);
        Assert.Equal(50, System.Text.RegularExpressions.Regex.Count(html, "data-label=\"From\""));
        Assert.Contains("Flows per page:", html, StringComparison.Ordinal);
    }

    private static async Task<string> GetOkAsync(HttpClient client, string path)
    {
        var response = await client.GetAsync(path);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{path} answered {(int)response.StatusCode} {response.Headers.Location}");
        return await response.Content.ReadAsStringAsync();
    }

    /// <summary>An owner and one confirmed system holding bank details, which raises an encryption finding.</summary>
    private static async Task<int> SeedInventoryAsync(AppFactory app)
    {
        await app.SeedUserAsync(Owner, Roles.Owner);
        var owner = await app.PrincipalForAsync(Owner);
        await using var scope = app.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<InventoryService>();
        var shop = new SystemInput { Name = "Online shop", Operator = SystemOperator.Vendor, VendorName = "Shoplane" };
        Assert.True((await inventory.SaveSystemAsync(owner, shop)).Succeeded);
        Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = shop.Id, Category = DataCategory.BankDetails, Purpose = "Pay refunds" })).Succeeded);
        return shop.Id;
    }
}
