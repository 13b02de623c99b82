using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Dashboard;
using SecurityHub.Inventory;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Inventory;

/// <summary>The inventory service behind the pages: who may change what, what input is refused, and what the audit log records.</summary>
public class InventoryServiceTests
{
    private const string Owner = "owner@example.com";
    private const string Staff = "staff@example.com";

    [Fact]
    public async Task Changes_Staff_AreRefusedAndChangeNothing()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var staff = await StaffAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");
        var item = await AddItemAsync(inventory, owner, shop, DataCategory.EmailAddresses);
        await inventory.AddSuggestionsAsync(owner, new GuidedAnswers(false, false, true, false));
        var newsletter = (await inventory.QuerySystemsAsync(owner, new SystemQuery(Search: "Newsletter"))).Rows.Single().Id;
        var before = await SnapshotAsync(app);

        var edit = SystemInput.From((await inventory.GetSystemAsync(owner, shop))!.System);
        edit.Name = "Renamed by staff";
        var itemEdit = DataItemInput.From((await inventory.GetSystemAsync(owner, shop))!.System.Items.Single());
        itemEdit.Purpose = "Changed by staff";
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.SaveSystemAsync(staff, new SystemInput { Name = "Staff system" }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.SaveSystemAsync(staff, edit));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.SaveItemAsync(staff, itemEdit));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.SaveItemAsync(staff, new DataItemInput { SystemId = shop, Category = DataCategory.Names }));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.DeleteItemAsync(staff, item));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.DeleteSystemAsync(staff, shop));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.ConfirmAsync(staff, newsletter));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.MarkReviewedAsync(staff, shop));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.AddSuggestionsAsync(staff, new GuidedAnswers(true, true, true, true)));

        Assert.Equal(before, await SnapshotAsync(app));
        // Reading stays open to every member.
        Assert.Equal(2, (await inventory.QuerySystemsAsync(staff, new SystemQuery())).Total);
        Assert.NotNull(await inventory.GetSystemAsync(staff, shop));
        Assert.NotEmpty(await inventory.FindingsAsync(staff));
        Assert.Equal(1, (await inventory.SummaryAsync(staff)).Systems);
        Assert.Empty(await inventory.FlowsAsync(staff));
        Assert.Single((await inventory.RecordOfProcessingAsync(staff)).Entries);
        Assert.NotEmpty(await inventory.OwnerChoicesAsync(staff));
    }

    [Fact]
    public async Task Reads_Anonymous_AreRefused()
    {
        using var app = new AppFactory();
        await SeedAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<InventoryService>();
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());

        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.QuerySystemsAsync(anonymous, new SystemQuery()));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.GetSystemAsync(anonymous, 1));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.RecordOfProcessingAsync(anonymous));
    }

    public static TheoryData<string, string, string, string> BadSystems => new()
    {
        { "", "", "Name", "Give the system a name" },
        { "   \t  ", "", "Name", "Give the system a name" },
        { new string('x', 10_000), "", "Name", "Keep this under 200 characters (it has 10,000)" },
        { "Shop", "javascript:alert(1)", "AdminUrl", "starting with https://" },
        { "Shop", "JAVASCRIPT:alert(document.cookie)//https://", "AdminUrl", "starting with https://" },
        { "Shop", "data:text/html,<script>alert(1)</script>", "AdminUrl", "starting with https://" },
        { "Shop", "https://" + new string('a', 600) + ".example", "AdminUrl", "under 500 characters" },
    };

    [Theory]
    [MemberData(nameof(BadSystems))]
    public async Task SaveSystem_BadInput_ExplainsTheFieldAndSavesNothing(string name, string adminUrl, string field, string message)
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);

        var result = await inventory.SaveSystemAsync(owner, new SystemInput { Name = name, AdminUrl = adminUrl });

        Assert.False(result.Succeeded);
        Assert.Contains(message, result.Errors[field], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.InventorySystems.ToListAsync());
        Assert.Empty(await db.AuditEvents.Where(e => e.EventType.StartsWith("inventory.")).ToListAsync());
    }

    [Fact]
    public async Task SaveSystem_OtherBadFields_EachNamedNextToItsField()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);

        var result = await inventory.SaveSystemAsync(owner, new SystemInput
        {
            Name = "Shop", Operator = SystemOperator.Vendor, VendorName = "", Notes = new string('n', 10_000), Type = (SystemType)99,
            EncryptedAtRest = (Answer)7, LastReviewed = Today(app).AddDays(3), OwnerUserId = "no-such-user",
        });

        Assert.False(result.Succeeded);
        Assert.Contains("Name the vendor", result.Errors["VendorName"], StringComparison.Ordinal);
        Assert.Contains("under 2000 characters", result.Errors["Notes"], StringComparison.Ordinal);
        Assert.Contains("Choose what kind", result.Errors["Type"], StringComparison.Ordinal);
        Assert.Contains("yes, no or unknown", result.Errors["EncryptedAtRest"], StringComparison.Ordinal);
        Assert.Contains("cannot be in the future", result.Errors["LastReviewed"], StringComparison.Ordinal);
        Assert.Contains("member of your team", result.Errors["OwnerUserId"], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.InventorySystems.ToListAsync());
    }

    [Fact]
    public async Task SaveSystem_HostileTextAndControlCharacters_StoredAsPlainTextAndRenderedEscaped()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var input = new SystemInput { Name = "<script>alert(1)</script>\u0007Shop\r\n\u0000", Notes = "line one\r\nline two\u001b[31m" };

        var result = await inventory.SaveSystemAsync(owner, input);

        Assert.True(result.Succeeded);
        await using (var db = await app.CreateDbContextAsync())
        {
            var saved = await db.InventorySystems.SingleAsync();
            Assert.Equal("<script>alert(1)</script> Shop", saved.Name);
            Assert.Equal("line one\nline two [31m", saved.Notes);
        }
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Owner);
        var html = await client.GetStringAsync($"/inventory/systems/{input.Id}");
        Assert.Contains("&lt;script&gt;alert(1)&lt;/script&gt; Shop", html, StringComparison.Ordinal);
        Assert.DoesNotContain("<script>alert(1)", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SaveSystem_DuplicateNameInOtherCase_IsRefused()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        await AddSystemAsync(inventory, owner, "Online shop");

        var result = await inventory.SaveSystemAsync(owner, new SystemInput { Name = "  ONLINE SHOP " });

        Assert.Contains("already a system called \"ONLINE SHOP\"", result.Errors["Name"], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Single(await db.InventorySystems.ToListAsync());
    }

    [Fact]
    public async Task SaveAndDelete_NonexistentIds_ExplainAndChangeNothing()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");

        var editGone = await inventory.SaveSystemAsync(owner, new SystemInput { Id = 999, Name = "Ghost" });
        var itemInGone = await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = 999, Category = DataCategory.Names });
        var itemGone = await inventory.SaveItemAsync(owner, new DataItemInput { Id = 999, SystemId = shop, Category = DataCategory.Names });
        var deleteGone = await inventory.DeleteSystemAsync(owner, 999);
        var deleteItemGone = await inventory.DeleteItemAsync(owner, 999);
        var confirmGone = await inventory.ConfirmAsync(owner, 999);

        Assert.Contains("no longer exists", editGone.Errors["Id"], StringComparison.Ordinal);
        Assert.Contains("no longer exists", itemInGone.Errors["SystemId"], StringComparison.Ordinal);
        Assert.Contains("no longer exists", itemGone.Errors["Id"], StringComparison.Ordinal);
        Assert.Contains("no longer exists", deleteGone.Errors["Id"], StringComparison.Ordinal);
        Assert.Contains("no longer exists", deleteItemGone.Errors["Id"], StringComparison.Ordinal);
        Assert.Contains("no longer exists", confirmGone.Errors["Id"], StringComparison.Ordinal);
        Assert.Null(await inventory.GetSystemAsync(owner, 999));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal("Online shop", (await db.InventorySystems.SingleAsync()).Name);
        Assert.Empty(await db.DataItems.ToListAsync());
    }

    [Fact]
    public async Task SaveItem_AnotherSystemsItemId_IsRefusedAndThatItemIsUnchanged()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");
        var till = await AddSystemAsync(inventory, owner, "Till");
        var shopItem = await AddItemAsync(inventory, owner, shop, DataCategory.EmailAddresses);

        // The item's id with the other system's id: an edit aimed at data the page did not show.
        var result = await inventory.SaveItemAsync(owner, new DataItemInput { Id = shopItem, SystemId = till, Category = DataCategory.Names, Purpose = "Hijacked" });

        Assert.False(result.Succeeded);
        Assert.Contains("no longer exists", result.Errors["Id"], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        var item = await db.DataItems.SingleAsync();
        Assert.Equal((shop, DataCategory.EmailAddresses, "Email list"), (item.SystemId, item.Category, item.Purpose));
    }

    [Fact]
    public async Task SaveItem_SharingWithItsOwnOrAMissingSystem_IsRefused()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");

        var own = await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = shop, Category = DataCategory.Names, SharedWithSystemIds = [shop] });
        var missing = await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = shop, Category = DataCategory.Names, SharedWithSystemIds = [4242] });

        Assert.Contains("cannot be shared with the system that holds it", own.Errors["SharedWithSystemIds"], StringComparison.Ordinal);
        Assert.Contains("no longer exists", missing.Errors["SharedWithSystemIds"], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.DataItems.ToListAsync());
    }

    [Fact]
    public async Task SaveItem_BadFields_EachNamedAndNothingSaved()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");
        await AddItemAsync(inventory, owner, shop, DataCategory.EmailAddresses);

        var duplicate = await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = shop, Category = DataCategory.EmailAddresses });
        var bad = await inventory.SaveItemAsync(owner, new DataItemInput
        {
            SystemId = shop, Category = DataCategory.Other, OtherCategory = "\u0007 ", Purpose = new string('p', 10_000),
            SensitivityOverride = Sensitivity.Low, ApproxRecords = -5, RetentionTrigger = RetentionTrigger.AfterLastPurchase, RetentionAmount = 0,
            OldestRecord = Today(app).AddDays(1),
        });

        Assert.Contains("already lists email addresses", duplicate.Errors["Category"], StringComparison.Ordinal);
        Assert.Contains("Say what the data is", bad.Errors["OtherCategory"], StringComparison.Ordinal);
        Assert.Contains("under 500 characters (it has 10,000)", bad.Errors["Purpose"], StringComparison.Ordinal);
        Assert.Contains("between 0 and 1,000,000,000", bad.Errors["ApproxRecords"], StringComparison.Ordinal);
        Assert.Contains("between 1 and", bad.Errors["Retention"], StringComparison.Ordinal);
        Assert.Contains("cannot be from the future", bad.Errors["OldestRecord"], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Single(await db.DataItems.ToListAsync());
    }

    [Fact]
    public async Task Changes_AreAuditedWithWhoAndBeforeAndAfter()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");
        var item = await AddItemAsync(inventory, owner, shop, DataCategory.BankDetails);

        var edit = SystemInput.From((await inventory.GetSystemAsync(owner, shop))!.System);
        edit.EncryptedAtRest = Answer.Yes;
        Assert.True((await inventory.SaveSystemAsync(owner, edit)).Succeeded);
        var itemEdit = DataItemInput.From((await inventory.GetSystemAsync(owner, shop))!.System.Items.Single());
        itemEdit.Retention = new RetentionRule(RetentionTrigger.AfterLastPurchase, 2, RetentionUnit.Years);
        Assert.True((await inventory.SaveItemAsync(owner, itemEdit)).Succeeded);
        // Saving without a change writes nothing.
        Assert.True((await inventory.SaveSystemAsync(owner, edit)).Succeeded);
        Assert.True((await inventory.DeleteItemAsync(owner, item)).Succeeded);
        Assert.True((await inventory.DeleteSystemAsync(owner, shop)).Succeeded);

        await using var db = await app.CreateDbContextAsync();
        var events = await db.AuditEvents.Where(e => e.EventType.StartsWith("inventory.")).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal([InventoryAuditEvents.SystemAdded, InventoryAuditEvents.ItemAdded, InventoryAuditEvents.SystemChanged, InventoryAuditEvents.ItemChanged,
            InventoryAuditEvents.ItemDeleted, InventoryAuditEvents.SystemDeleted], events.Select(e => e.EventType));
        Assert.All(events, e => Assert.Equal(Owner, e.ActorEmail));
        Assert.Contains("Name: (empty) -> 'Online shop'", events[0].Details, StringComparison.Ordinal);
        Assert.Equal("system \"Online shop\"", events[2].Target);
        Assert.Equal("Encrypted at rest: 'Unknown' -> 'Yes'", events[2].Details);
        Assert.Equal("Retention: 'not set' -> '2 years after last purchase'", events[3].Details);
        Assert.Contains("Category: 'Bank details' -> (empty)", events[4].Details, StringComparison.Ordinal);
        Assert.Contains("Encrypted at rest: 'Yes' -> (empty)", events[5].Details, StringComparison.Ordinal);
    }

    [Fact]
    public async Task GuidedSuggestions_RaiseNoFindingsUntilConfirmed()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);

        var added = await inventory.AddSuggestionsAsync(owner, new GuidedAnswers(true, true, false, false, UsesSpreadsheets: true));
        var again = await inventory.AddSuggestionsAsync(owner, new GuidedAnswers(true, true, false, false, UsesSpreadsheets: true));

        Assert.Equal(3, added);
        Assert.Equal(0, again);
        Assert.Empty(await inventory.FindingsAsync(owner));
        var summary = await inventory.SummaryAsync(owner);
        Assert.Equal((0, 0, false), (summary.Systems, summary.Findings, summary.IsEmpty));
        Assert.True(summary.Suggestions > 0);
        Assert.Empty((await inventory.RecordOfProcessingAsync(owner)).Entries);
        var rows = (await inventory.QuerySystemsAsync(owner, new SystemQuery())).Rows;
        Assert.All(rows, r => Assert.True(r.IsSuggestion));
        Assert.All(rows, r => Assert.Equal(0, r.FindingCount));

        var spreadsheet = rows.Single(r => r.Name == "Customer spreadsheet").Id;
        Assert.True((await inventory.ConfirmAsync(owner, spreadsheet)).Succeeded);

        var findings = await inventory.FindingsAsync(owner);
        Assert.NotEmpty(findings);
        Assert.All(findings, f => Assert.Equal(spreadsheet, f.SystemId));
        Assert.Contains(findings, f => f.Rule == FindingRule.NoPurpose);
        var confirmed = (await inventory.GetSystemAsync(owner, spreadsheet))!.System;
        Assert.False(confirmed.IsSuggestion);
        Assert.All(confirmed.Items, i => Assert.False(i.IsSuggestion));
        Assert.Equal(Today(app), confirmed.LastReviewed);
    }

    [Fact]
    public async Task QuerySystems_SearchFiltersSortAndPage_ServerSide()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop", SystemType.Website, "Shoplane");
        await AddItemAsync(inventory, owner, shop, DataCategory.Names);
        await AddItemAsync(inventory, owner, shop, DataCategory.PaymentCardNumbers);
        await AddSystemAsync(inventory, owner, "Customer spreadsheet", SystemType.Spreadsheet);
        await AddSystemAsync(inventory, owner, "Accounts", SystemType.Accounting, "Ledger_ly 100%");
        await AddSystemAsync(inventory, owner, "Order book", SystemType.PaperRecords);

        var bySearch = await inventory.QuerySystemsAsync(owner, new SystemQuery(Search: "SHOP"));
        var byVendor = await inventory.QuerySystemsAsync(owner, new SystemQuery(Search: "_ly 100%"));
        var wildcardsAreText = await inventory.QuerySystemsAsync(owner, new SystemQuery(Search: "%"));
        var byType = await inventory.QuerySystemsAsync(owner, new SystemQuery(Type: SystemType.Spreadsheet));
        var byOperator = await inventory.QuerySystemsAsync(owner, new SystemQuery(Operator: SystemOperator.Vendor));
        var byItems = await inventory.QuerySystemsAsync(owner, new SystemQuery(SortBy: nameof(SystemRow.ItemCount), Descending: true));
        var page2 = await inventory.QuerySystemsAsync(owner, new SystemQuery(Skip: 2, Take: 2));

        Assert.Equal(["Online shop"], bySearch.Rows.Select(r => r.Name));
        Assert.Equal(["Accounts"], byVendor.Rows.Select(r => r.Name));
        Assert.Equal(["Accounts"], wildcardsAreText.Rows.Select(r => r.Name));
        Assert.Equal(["Customer spreadsheet"], byType.Rows.Select(r => r.Name));
        Assert.Equal(["Accounts", "Online shop"], byOperator.Rows.Select(r => r.Name));
        var top = byItems.Rows[0];
        Assert.Equal(("Online shop", 2, Sensitivity.Restricted, FindingSeverity.Critical), (top.Name, top.ItemCount, top.HighestSensitivity, top.TopSeverity));
        Assert.Equal(4, page2.Total);
        Assert.Equal(["Online shop", "Order book"], page2.Rows.Select(r => r.Name));
    }

    [Fact]
    public async Task Flows_SharedWithVendorWithoutAgreement_SaysSoWithTheSensitivity()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");
        var mail = await AddSystemAsync(inventory, owner, "Newsletter", SystemType.EmailMarketing, "Mailbird");
        var books = await AddSystemAsync(inventory, owner, "Books", SystemType.Accounting, "Ledgerly", Answer.Yes);
        await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = shop, Category = DataCategory.EmailAddresses, SharedWithSystemIds = [mail] });
        await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = shop, Category = DataCategory.BankDetails, SharedWithSystemIds = [books, mail] });

        var flows = await inventory.FlowsAsync(owner);

        Assert.Equal(2, flows.Count);
        var toBooks = flows.Single(f => f.ToId == books);
        var toMail = flows.Single(f => f.ToId == mail);
        Assert.Equal((Answer.Yes, Sensitivity.High, "Ledgerly"), (toBooks.ToHasDpa, toBooks.TopSensitivity, toBooks.ToVendor));
        Assert.Equal((Answer.Unknown, Sensitivity.High), (toMail.ToHasDpa, toMail.TopSensitivity));
        Assert.Equal(["Bank details", "Email addresses"], toMail.Categories);
    }

    [Fact]
    public async Task DeleteSystem_SharedWithFromAnotherSystem_RemovesTheFlowToo()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = await AddSystemAsync(inventory, owner, "Online shop");
        var mail = await AddSystemAsync(inventory, owner, "Newsletter", SystemType.EmailMarketing, "Mailbird");
        await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = shop, Category = DataCategory.EmailAddresses, SharedWithSystemIds = [mail] });

        Assert.True((await inventory.DeleteSystemAsync(owner, mail)).Succeeded);

        Assert.Empty(await inventory.FlowsAsync(owner));
        Assert.Empty((await inventory.GetSystemAsync(owner, shop))!.System.Items.Single().SharedWith);
    }

    [Fact]
    public async Task Dashboard_EmptyInventory_SuggestsTheGuidedInventoryToManagersOnly()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var staff = await StaffAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<DashboardService>();

        var empty = await dashboard.GetAsync(owner);
        var staffView = await dashboard.GetAsync(staff);
        await AddSystemAsync(inventory, owner, "Online shop");
        var after = await dashboard.GetAsync(owner);

        var step = Assert.Single(empty.NextSteps, s => s.Href == "/inventory/start");
        Assert.Equal("Write down what customer data you keep", step.Title);
        Assert.DoesNotContain(staffView.NextSteps, s => s.Href == "/inventory/start");
        Assert.DoesNotContain(after.NextSteps, s => s.Href == "/inventory/start");
    }

    [Fact]
    public async Task Dashboard_CriticalFinding_NextStepLeadsToCriticalFindings()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        await using var scope = app.Services.CreateAsyncScope();
        var dashboard = scope.ServiceProvider.GetRequiredService<DashboardService>();
        var sheet = new SystemInput { Name = "Order spreadsheet", Type = SystemType.Spreadsheet, EncryptedAtRest = Answer.Yes, AdminTwoFactor = Answer.Yes,
            DefaultPasswordsChanged = Answer.Yes, Updates = UpdatePolicy.Automatic };
        Assert.True((await inventory.SaveSystemAsync(owner, sheet)).Succeeded);
        Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = sheet.Id, Category = DataCategory.PaymentCardNumbers, Purpose = "Phone orders",
            RetentionTrigger = RetentionTrigger.AfterCollection, RetentionAmount = 1, RetentionUnit = RetentionUnit.Months })).Succeeded);

        var step = Assert.Single((await dashboard.GetAsync(owner)).NextSteps, s => s.Href.StartsWith("/inventory", StringComparison.Ordinal));

        Assert.Equal("Fix the critical customer-data finding", step.Title);
        Assert.Equal("/inventory/findings?severity=Critical", step.Href);

        var item = (await inventory.GetSystemAsync(owner, sheet.Id))!.System.Items.Single();
        Assert.True((await inventory.DeleteItemAsync(owner, item.Id)).Succeeded);
        Assert.DoesNotContain((await dashboard.GetAsync(owner)).NextSteps, s => s.Href.StartsWith("/inventory", StringComparison.Ordinal));
    }

    private static async Task<(ClaimsPrincipal Owner, InventoryService Inventory)> SeedAsync(AppFactory app)
    {
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Olive Owner");
        var owner = await app.PrincipalForAsync(Owner);
        return (owner, app.Services.CreateScope().ServiceProvider.GetRequiredService<InventoryService>());
    }

    private static async Task<ClaimsPrincipal> StaffAsync(AppFactory app)
    {
        await app.SeedUserAsync(Staff, Roles.Staff);
        return await app.PrincipalForAsync(Staff);
    }

    private static async Task<int> AddSystemAsync(InventoryService inventory, ClaimsPrincipal actor, string name, SystemType type = SystemType.Website,
        string? vendor = null, Answer dpa = Answer.Unknown)
    {
        var input = new SystemInput
        {
            Name = name, Type = type, Operator = vendor is null ? SystemOperator.InHouse : SystemOperator.Vendor, VendorName = vendor ?? "", HasDpa = dpa,
        };
        var result = await inventory.SaveSystemAsync(actor, input);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
        return input.Id;
    }

    private static async Task<int> AddItemAsync(InventoryService inventory, ClaimsPrincipal actor, int systemId, DataCategory category)
    {
        var input = new DataItemInput { SystemId = systemId, Category = category, Purpose = "Email list" };
        var result = await inventory.SaveItemAsync(actor, input);
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
        return input.Id;
    }

    private static DateOnly Today(AppFactory app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>Everything a change could touch, as text, to compare before and after.</summary>
    private static async Task<string> SnapshotAsync(AppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        var systems = await db.InventorySystems.AsNoTracking().Include(s => s.Items).ThenInclude(i => i.SharedWith).OrderBy(s => s.Id).ToListAsync();
        var audit = await db.AuditEvents.CountAsync();
        return string.Join("\n", systems.Select(s => string.Join("|", InventoryDescriber.Describe(s).Values) + $"|{s.IsSuggestion}|{s.UpdatedUtc:O}|"
            + string.Join(";", s.Items.OrderBy(i => i.Id).Select(i => string.Join("|", InventoryDescriber.Describe(i).Values) + $"|{i.IsSuggestion}")))) + $"\naudit:{audit}";
    }
}
