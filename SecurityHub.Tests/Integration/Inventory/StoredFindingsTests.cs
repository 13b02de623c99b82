using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Demo;
using SecurityHub.Inventory;
using SecurityHub.Organization;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Inventory;

/// <summary>
/// The stored findings are what <see cref="InventoryFindings.Evaluate(IEnumerable{InventorySystem}, DateOnly)"/> gives on the
/// inventory as it is now: after every kind of change, a new day and a new time zone, for the demo bakery and a random inventory.
/// </summary>
public class StoredFindingsTests
{
    private const string Owner = "owner@example.com";

    [Fact]
    public async Task StoredFindings_DemoBakeryThroughEveryKindOfChange_EqualLiveEvaluation()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        await using (var db = await app.CreateDbContextAsync())
        {
            await DemoInventory.SeedAsync(db, app.Clock.GetUtcNow().UtcDateTime, Today(app), CancellationToken.None);
        }
        var seeded = await AssertStoredEqualsLiveAsync(app, "demo seeded");
        Assert.True(seeded.Count >= 5, "the demo bakery has findings on purpose");

        // A new system, and an item in it shared with an existing system.
        var till = (await inventory.QuerySystemsAsync(owner, new SystemQuery(Take: 200))).Rows[0];
        var sheet = new SystemInput { Name = "Allergy sheet", Type = SystemType.Spreadsheet };
        Assert.True((await inventory.SaveSystemAsync(owner, sheet)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "system added");
        var health = new DataItemInput { SystemId = sheet.Id, Category = DataCategory.HealthInformation, SharedWithSystemIds = [till.Id] };
        Assert.True((await inventory.SaveItemAsync(owner, health)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "item added with a share");

        // Edits that raise and clear findings.
        health.Purpose = "Allergy warnings on orders";
        health.Retention = new RetentionRule(RetentionTrigger.AfterLastPurchase, 1, RetentionUnit.Years);
        health.OldestRecord = Today(app).AddYears(-3);
        health.SharedWithSystemIds = [];
        Assert.True((await inventory.SaveItemAsync(owner, health)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "item edited, share removed");
        sheet.EncryptedAtRest = Answer.Yes;
        sheet.DefaultPasswordsChanged = Answer.No;
        Assert.True((await inventory.SaveSystemAsync(owner, sheet)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "system edited");
        Assert.True((await inventory.MarkReviewedAsync(owner, sheet.Id)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "marked reviewed");

        // Suggestions raise nothing until confirmed.
        var before = await AssertStoredEqualsLiveAsync(app, "before suggestions");
        Assert.True(await inventory.AddSuggestionsAsync(owner, new GuidedAnswers(true, true, true, true, KeepsPaperRecords: true, UsesSpreadsheets: true)) > 0);
        Assert.Equal(before, await AssertStoredEqualsLiveAsync(app, "suggestions added"));
        var suggestion = (await inventory.QuerySystemsAsync(owner, new SystemQuery(Take: 200))).Rows.First(r => r.IsSuggestion);
        Assert.True((await inventory.ConfirmAsync(owner, suggestion.Id)).Succeeded);
        Assert.Contains(await AssertStoredEqualsLiveAsync(app, "suggestion confirmed"), f => f.Contains($"|{suggestion.Id}|", StringComparison.Ordinal));

        // Deleting an item, then a system that another system's data flows into.
        Assert.True((await inventory.DeleteItemAsync(owner, health.Id)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "item deleted");
        Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = sheet.Id, Category = DataCategory.Names, SharedWithSystemIds = [till.Id] })).Succeeded);
        Assert.True((await inventory.DeleteSystemAsync(owner, till.Id)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "shared-with system deleted");
        Assert.True((await inventory.DeleteSystemAsync(owner, sheet.Id)).Succeeded);
        await AssertStoredEqualsLiveAsync(app, "system deleted");

        // A CSV import that adds a system and changes an item of another.
        var csv = app.GetServiceInScope<InventoryCsvService>();
        using var export = new MemoryStream();
        await csv.ExportAsync(owner, export);
        var text = Encoding.UTF8.GetString(export.ToArray()).TrimStart('\uFEFF');
        var lines = text.Split("\r\n", StringSplitOptions.RemoveEmptyEntries).ToList();
        lines.Add(string.Join(",", InventoryCsv.Headers.Select(h => h switch
        {
            "System" => "Imported till",
            "Type" => "Point of sale",
            "Category" => "Payment card numbers",
            _ => "",
        })));
        var imported = await csv.ImportAsync(owner, new MemoryStream(Encoding.UTF8.GetBytes(string.Join("\r\n", lines))), "changed.csv", validRowsOnly: false);
        Assert.True(imported.Imported, imported.Message);
        Assert.Contains(await AssertStoredEqualsLiveAsync(app, "CSV imported"), f => f.Contains("Card numbers stored in Imported till", StringComparison.Ordinal));

        // A new day: readers see findings for today without anyone changing the inventory.
        app.Clock.Advance(TimeSpan.FromDays(400));
        owner = await app.PrincipalForAsync(Owner); // a new sign-in: the old session expired long ago
        var nextYear = await AssertReadEqualsLiveAsync(app, inventory, owner, "400 days later");
        Assert.NotEqual(seeded.Count(f => f.StartsWith("NotReviewed", StringComparison.Ordinal)), nextYear.Count(f => f.Rule == FindingRule.NotReviewed));
        await AssertStoredEqualsLiveAsync(app, "400 days later, stored");

        // A time zone whose date is already tomorrow: the change itself moves the findings to that day.
        app.Clock.SetUtcNow(new DateTimeOffset(2028, 3, 31, 23, 30, 0, TimeSpan.Zero));
        owner = await app.PrincipalForAsync(Owner);
        await AssertReadEqualsLiveAsync(app, inventory, owner, "late evening in UTC");
        var organization = app.GetServiceInScope<OrganizationService>();
        var profile = OrganizationInput.From((await organization.GetAsync())!);
        profile.TimeZoneId = "Pacific/Auckland";
        Assert.True((await organization.UpdateAsync(owner, profile)).Succeeded);
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Equal(new DateOnly(2028, 4, 1), (await db.FindingsEvaluations.SingleAsync()).EvaluatedFor);
        }
        await AssertStoredEqualsLiveAsync(app, "time zone changed");
    }

    [Fact]
    public async Task StoredFindings_RandomInventoryAndRandomChanges_EqualLiveEvaluation()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var random = new Random(19);
        var today = Today(app);
        await using (var db = await app.CreateDbContextAsync())
        {
            for (var s = 0; s < 30; s++)
            {
                var system = RandomSystem(random, $"System {s:D2}", today);
                // Seeded directly, so the unnamed vendor the forms refuse is possible too.
                system.VendorName = random.Next(5) == 0 ? "" : system.VendorName;
                foreach (var category in Enum.GetValues<DataCategory>().Where(_ => random.Next(3) == 0))
                {
                    system.Items.Add(RandomItem(random, category, today));
                }
                db.InventorySystems.Add(system);
            }
            await db.SaveChangesAsync();
            var items = await db.DataItems.Select(i => new { i.Id, i.SystemId }).ToListAsync();
            var systems = await db.InventorySystems.Select(s => s.Id).ToListAsync();
            foreach (var item in items.Where(_ => random.Next(3) == 0))
            {
                var to = systems[random.Next(systems.Count)];
                if (to != item.SystemId)
                {
                    db.DataItemShares.Add(new DataItemShare { DataItemId = item.Id, SystemId = to });
                }
            }
            await db.SaveChangesAsync();
        }
        await AssertStoredEqualsLiveAsync(app, "seeded");

        for (var step = 0; step < 60; step++)
        {
            var systems = (await inventory.QuerySystemsAsync(owner, new SystemQuery(Take: 200))).Rows;
            var pick = systems[random.Next(systems.Count)];
            var detail = (await inventory.GetSystemAsync(owner, pick.Id))!;
            var what = random.Next(8);
            var name = $"step {step}: {what} on {pick.Name}";
            switch (what)
            {
                case 0:
                    var added = SystemInput.From(RandomSystem(random, $"Added {step}", Today(app)));
                    Assert.True((await inventory.SaveSystemAsync(owner, added)).Succeeded, name);
                    break;
                case 1:
                    var edit = SystemInput.From(RandomSystem(random, pick.Name, Today(app)));
                    edit.Id = pick.Id;
                    Assert.True((await inventory.SaveSystemAsync(owner, edit)).Succeeded, name);
                    break;
                case 2 when detail.System.Items.Count > 0:
                    var item = DataItemInput.From(RandomItem(random, detail.System.Items[random.Next(detail.System.Items.Count)].Category, Today(app)));
                    var existing = detail.System.Items.First(i => i.Category == item.Category);
                    (item.Id, item.SystemId, item.OtherCategory) = (existing.Id, pick.Id, existing.OtherCategory);
                    item.SharedWithSystemIds = systems.Where(s => s.Id != pick.Id && random.Next(5) == 0).Select(s => s.Id).ToList();
                    Assert.True((await inventory.SaveItemAsync(owner, item)).Succeeded, name);
                    break;
                case 3:
                    var fresh = DataItemInput.From(RandomItem(random, DataCategory.Other, Today(app)));
                    (fresh.SystemId, fresh.OtherCategory) = (pick.Id, $"Other {step}");
                    Assert.True((await inventory.SaveItemAsync(owner, fresh)).Succeeded, name);
                    break;
                case 4 when detail.System.Items.Count > 0:
                    Assert.True((await inventory.DeleteItemAsync(owner, detail.System.Items[0].Id)).Succeeded, name);
                    break;
                case 5 when systems.Count > 10:
                    Assert.True((await inventory.DeleteSystemAsync(owner, pick.Id)).Succeeded, name);
                    break;
                case 6:
                    Assert.True((await inventory.MarkReviewedAsync(owner, pick.Id)).Succeeded, name);
                    break;
                default:
                    app.Clock.Advance(TimeSpan.FromDays(random.Next(1, 120)));
                    owner = await app.PrincipalForAsync(Owner);
                    await AssertReadEqualsLiveAsync(app, inventory, owner, name);
                    break;
            }
            await AssertStoredEqualsLiveAsync(app, name);
        }
    }

    [Fact]
    public async Task StoredFindings_ParallelWritersOnOneSystem_LeaveNothingStale()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = new SystemInput { Name = "Shop", Type = SystemType.Website };
        Assert.True((await inventory.SaveSystemAsync(owner, shop)).Succeeded);
        var categories = new[] { DataCategory.Names, DataCategory.EmailAddresses, DataCategory.BankDetails, DataCategory.HealthInformation, DataCategory.PhoneNumbers };

        // Each writer has its own service scope and context, as separate circuits would.
        var writers = categories.Select(c => Task.Run(async () =>
        {
            var service = app.GetServiceInScope<InventoryService>();
            Assert.True((await service.SaveItemAsync(owner, new DataItemInput { SystemId = shop.Id, Category = c })).Succeeded);
        })).Append(Task.Run(async () =>
        {
            var service = app.GetServiceInScope<InventoryService>();
            var edit = SystemInput.From((await service.GetSystemAsync(owner, shop.Id))!.System);
            edit.EncryptedAtRest = Answer.No;
            edit.AdminTwoFactor = Answer.No;
            Assert.True((await service.SaveSystemAsync(owner, edit)).Succeeded);
        })).ToList();
        await Task.WhenAll(writers);

        var stored = await AssertStoredEqualsLiveAsync(app, "after parallel writers");
        Assert.Equal(5, stored.Count(f => f.StartsWith(nameof(FindingRule.NoPurpose), StringComparison.Ordinal)));
    }

    [Fact]
    public async Task StoredFindings_FailedSave_KeepsFindingsAndLaterSavesWork()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        var shop = new SystemInput { Name = "Shop", Type = SystemType.Website };
        Assert.True((await inventory.SaveSystemAsync(owner, shop)).Succeeded);
        var before = await AssertStoredEqualsLiveAsync(app, "one system");

        await using (var db = await app.CreateDbContextAsync())
        {
            // The same name twice breaks the unique index: the whole save, findings included, rolls back.
            db.InventorySystems.Add(new InventorySystem { Name = "Till", Type = SystemType.PointOfSale });
            db.InventorySystems.Add(new InventorySystem { Name = "till", Type = SystemType.PointOfSale });
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }
        Assert.Equal(before, await AssertStoredEqualsLiveAsync(app, "after the failed save"));

        Assert.True((await inventory.SaveSystemAsync(owner, new SystemInput { Name = "Till", Type = SystemType.PointOfSale })).Succeeded);
        Assert.NotEqual(before, await AssertStoredEqualsLiveAsync(app, "after a good save"));
    }

    [Fact]
    public async Task QueryFindings_FiltersPagesAndCounts_OnTheServer()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        foreach (var name in new[] { "Café Crème", "Bookkeeping", "Newsletter" })
        {
            var system = new SystemInput { Name = name, Type = SystemType.Crm, Operator = SystemOperator.Vendor, VendorName = name + " Ltd" };
            Assert.True((await inventory.SaveSystemAsync(owner, system)).Succeeded);
            foreach (var category in new[] { DataCategory.Names, DataCategory.BankDetails, DataCategory.HealthInformation, DataCategory.PhoneNumbers })
            {
                Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput { SystemId = system.Id, Category = category })).Succeeded);
            }
        }
        var all = await inventory.FindingsAsync(owner);

        var page = await inventory.QueryFindingsAsync(owner, new FindingFilter(), 0, 10);
        Assert.Equal((all.Count, all.Count, 10), (page.Total, page.Matching, page.Rows.Count));
        Assert.Equal(all.Take(10), page.Rows);
        var pages = new List<InventoryFinding>();
        for (var skip = 0; skip < all.Count; skip += 7)
        {
            pages.AddRange((await inventory.QueryFindingsAsync(owner, new FindingFilter(), skip, 7)).Rows);
        }
        Assert.Equal(all, pages);
        Assert.Equal(all.Select(f => f.Rule).Distinct().OrderBy(InventoryFindings.Label, StringComparer.Ordinal), page.Rules);
        Assert.Equal(["Bookkeeping", "Café Crème", "Newsletter"], page.Systems.Select(s => s.Name));

        var critical = await inventory.QueryFindingsAsync(owner, new FindingFilter(Severity: FindingSeverity.Critical), 0, 50);
        Assert.Equal(all.Where(f => f.Severity == FindingSeverity.Critical), critical.Rows);
        Assert.Equal((all.Count, all.Count(f => f.Severity == FindingSeverity.Critical)), (critical.Total, critical.Matching));
        var cafe = page.Systems.Single(s => s.Name == "Café Crème").Id;
        var filtered = await inventory.QueryFindingsAsync(owner, new FindingFilter(FindingSeverity.Medium, FindingRule.NoPurpose, cafe), 0, 50);
        Assert.Equal(all.Where(f => f.Severity == FindingSeverity.Medium && f.Rule == FindingRule.NoPurpose && f.SystemId == cafe), filtered.Rows);
        Assert.NotEmpty(filtered.Rows);
        // Text is matched ignoring case, accented letters included, in the title, why, what to do and system name.
        var text = await inventory.QueryFindingsAsync(owner, new FindingFilter(Text: "  CAFÉ CRÈME "), 0, 200);
        Assert.Equal(all.Where(f => f.SystemId == cafe), text.Rows);
        Assert.Equal(all.Where(f => f.WhatToDo.Contains("BitLocker", StringComparison.Ordinal)),
            (await inventory.QueryFindingsAsync(owner, new FindingFilter(Text: "bitlocker"), 0, 200)).Rows);
        Assert.Empty((await inventory.QueryFindingsAsync(owner, new FindingFilter(Text: "100% _nothing_ \\"), 0, 50)).Rows);
        // Out-of-range paging is clamped rather than refused.
        Assert.Equal(InventoryInsights.MaxPageSize >= all.Count ? all.Count : InventoryInsights.MaxPageSize,
            (await inventory.QueryFindingsAsync(owner, new FindingFilter(), -5, 10_000)).Rows.Count);

        var counts = await inventory.FindingCountsAsync(owner);
        Assert.Equal(all.Count, counts.Total);
        Assert.Equal(3, counts.SystemsWithFindings);
        Assert.Equal(Today(app), counts.EvaluatedFor);
        Assert.All(Enum.GetValues<FindingSeverity>(), s => Assert.Equal(all.Count(f => f.Severity == s), counts.BySeverity[s]));
        Assert.All(Enum.GetValues<FindingRule>(), r => Assert.Equal(all.Count(f => f.Rule == r), counts.ByRule[r]));

        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.QueryFindingsAsync(anonymous, new FindingFilter(), 0, 10));
        await Assert.ThrowsAsync<AccessDeniedException>(() => inventory.FindingCountsAsync(anonymous));
    }

    [Fact]
    public async Task Summary_FromStoredFindings_EqualsLiveFigures()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        await using (var db = await app.CreateDbContextAsync())
        {
            await DemoInventory.SeedAsync(db, app.Clock.GetUtcNow().UtcDateTime, Today(app), CancellationToken.None);
        }
        await inventory.AddSuggestionsAsync(owner, new GuidedAnswers(true, true, true, true, true, true, true));

        var summary = await inventory.SummaryAsync(owner);

        await using var read = await app.CreateDbContextAsync();
        var systems = await read.InventorySystems.AsNoTracking().Include(s => s.Items).ToListAsync();
        var confirmed = systems.Where(s => !s.IsSuggestion).ToList();
        var items = confirmed.SelectMany(s => s.Items).Where(i => !i.IsSuggestion).ToList();
        var findings = InventoryFindings.Evaluate(confirmed, await BusinessDay.TodayAsync(read, app.Clock, CancellationToken.None));
        Assert.Equal(confirmed.Count, summary.Systems);
        Assert.Equal(items.Count, summary.DataItems);
        Assert.Equal(systems.Count(s => s.IsSuggestion) + confirmed.Sum(s => s.Items.Count(i => i.IsSuggestion)), summary.Suggestions);
        Assert.True(summary.Suggestions > 0);
        Assert.Equal(items.Sum(i => (long)(i.ApproxRecords ?? 0)), summary.ApproxRecords);
        Assert.Equal(findings.Count, summary.Findings);
        Assert.Equal(confirmed.Count(s => findings.All(f => f.SystemId != s.Id)), summary.SystemsWithoutFindings);
        Assert.All(Enum.GetValues<FindingSeverity>(), s => Assert.Equal(findings.Count(f => f.Severity == s), summary.FindingsBySeverity[s]));
        Assert.All(Enum.GetValues<Sensitivity>(), s => Assert.Equal(items.Count(i => i.Sensitivity == s), summary.BySensitivity[s]));
        var byCategory = items.GroupBy(i => DataCatalog.Label(i.Category, i.OtherCategory), StringComparer.OrdinalIgnoreCase)
            .Select(g => new CategoryCount(g.Key, g.Max(i => i.Sensitivity), g.Count(), g.Sum(i => (long)(i.ApproxRecords ?? 0))))
            .OrderByDescending(c => c.Sensitivity).ThenByDescending(c => c.Items).ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase).ToList();
        Assert.Equal(byCategory, summary.ByCategory);
        var vendors = confirmed.Where(s => s.Operator == SystemOperator.Vendor).ToList();
        Assert.Equal(vendors.Select(v => v.VendorName.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count(), summary.Vendors);
        Assert.Equal(vendors.Where(v => v.HasDpa != Answer.Yes).Select(v => v.VendorName.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count(), summary.VendorsWithoutDpa);
    }

    [Fact]
    public async Task RecordOfProcessing_FromProjections_EqualsTheEntityGraph()
    {
        using var app = new AppFactory();
        var (owner, inventory) = await SeedAsync(app);
        await using (var db = await app.CreateDbContextAsync())
        {
            await DemoInventory.SeedAsync(db, app.Clock.GetUtcNow().UtcDateTime, Today(app), CancellationToken.None);
        }
        await inventory.AddSuggestionsAsync(owner, new GuidedAnswers(true, true, true, true, true, true, true));

        var record = await inventory.RecordOfProcessingAsync(owner);

        await using var read = await app.CreateDbContextAsync();
        var systems = await read.InventorySystems.AsNoTracking().Where(s => !s.IsSuggestion)
            .Include(s => s.Items).ThenInclude(i => i.SharedWith).ThenInclude(s => s.System).AsSplitQuery().ToListAsync();
        var expected = systems.SelectMany(s => s.Items.Where(i => !i.IsSuggestion).Select(i => string.Join("|",
                DataCatalog.Label(i.Category, i.OtherCategory), i.Sensitivity, i.Purpose, s.Name,
                s.Operator == SystemOperator.Vendor ? $"{DataCatalog.Label(s.Type)}, run by {s.VendorName}" : $"{DataCatalog.Label(s.Type)}, run in-house",
                i.Retention.IsSet ? i.Retention.ToString() : "not set", i.DeletionMethod, i.ApproxRecords,
                string.Join(", ", i.SharedWith.Select(x => x.System!.Operator == SystemOperator.Vendor && x.System.VendorName.Length > 0 ? $"{x.System.Name} ({x.System.VendorName})" : x.System.Name)
                    .Order(StringComparer.OrdinalIgnoreCase)))))
            .Order(StringComparer.Ordinal).ToList();
        var actual = record.Entries.Select(e => string.Join("|", e.Data, e.Sensitivity, e.Purpose, e.System, e.Where,
                e.Retention.Length > 0 ? char.ToLowerInvariant(e.Retention[0]) + e.Retention[1..] : e.Retention, e.DeletionMethod, e.ApproxRecords, string.Join(", ", e.SharedWith)))
            .Order(StringComparer.Ordinal).ToList();
        Assert.Equal(expected, actual);
        Assert.Contains(record.Entries, e => e.SharedWith.Count > 0);
        Assert.Equal("Test Bakery", record.BusinessName);
    }

    private static async Task<(ClaimsPrincipal Owner, InventoryService Inventory)> SeedAsync(AppFactory app)
    {
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Olive Owner");
        return (await app.PrincipalForAsync(Owner), app.GetServiceInScope<InventoryService>());
    }

    private static DateOnly Today(AppFactory app) => DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);

    /// <summary>
    /// The stored rows, read straight from the table (no reader has had a chance to recompute), equal a live evaluation of the
    /// inventory as it is now. Returns the findings as comparable lines.
    /// </summary>
    private static async Task<List<string>> AssertStoredEqualsLiveAsync(AppFactory app, string when)
    {
        await using var db = await app.CreateDbContextAsync();
        var live = await LiveAsync(app, db);
        var stored = (await db.StoredFindings.AsNoTracking().ToListAsync()).Select(f => f.ToFinding()).ToList();
        Assert.True(Lines(live).SequenceEqual(Lines(stored)), $"{when}: stored findings differ from live ones.\nLive:\n{string.Join("\n", Lines(live))}\nStored:\n{string.Join("\n", Lines(stored))}");
        return Lines(stored);
    }

    /// <summary>What a reader gets (the service, which catches a new day) equals a live evaluation, in the same order.</summary>
    private static async Task<IReadOnlyList<InventoryFinding>> AssertReadEqualsLiveAsync(AppFactory app, InventoryService inventory, ClaimsPrincipal owner, string when)
    {
        var read = await inventory.FindingsAsync(owner);
        await using var db = await app.CreateDbContextAsync();
        var live = await LiveAsync(app, db);
        Assert.True(Lines(live).SequenceEqual(Lines(read)), $"{when}: findings read differ from live ones");
        // Evaluate orders by severity, system name and rule; ties beyond that are in no particular order.
        Assert.Equal(live.Select(OrderKey), read.Select(OrderKey));
        return read;
    }

    private static async Task<IReadOnlyList<InventoryFinding>> LiveAsync(AppFactory app, SecurityHub.Data.ApplicationDbContext db)
    {
        var systems = await db.InventorySystems.AsNoTracking().Include(s => s.Items).AsSplitQuery().ToListAsync();
        return InventoryFindings.Evaluate(systems, await BusinessDay.TodayAsync(db, app.Clock, CancellationToken.None));
    }

    private static string OrderKey(InventoryFinding f) => $"{f.Severity}|{f.SystemName}|{f.Rule}";

    private static List<string> Lines(IEnumerable<InventoryFinding> findings) =>
        findings.Select(f => string.Join("|", f.Rule, f.Severity, f.SystemId, f.SystemName, f.DataItemId, f.DataLabel, f.Title, f.Why, f.Tip, f.WhatToDo))
            .Order(StringComparer.Ordinal).ToList();

    private static InventorySystem RandomSystem(Random random, string name, DateOnly today)
    {
        var vendor = random.Next(2) == 0;
        return new InventorySystem
        {
            Name = name,
            Type = Enum.GetValues<SystemType>()[random.Next(Enum.GetValues<SystemType>().Length)],
            Operator = vendor ? SystemOperator.Vendor : SystemOperator.InHouse,
            VendorName = vendor ? $"Vendor {random.Next(10)}" : "",
            HasDpa = (Answer)random.Next(3),
            EncryptedAtRest = (Answer)random.Next(3),
            AdminTwoFactor = (Answer)random.Next(3),
            DefaultPasswordsChanged = (Answer)random.Next(3),
            Updates = (UpdatePolicy)random.Next(4),
            EndOfLife = random.Next(3) == 0 ? today.AddDays(random.Next(-400, 400)) : null,
            LastReviewed = random.Next(5) == 0 ? null : today.AddDays(-random.Next(0, 500)),
        };
    }

    private static DataItem RandomItem(Random random, DataCategory category, DateOnly today)
    {
        var trigger = (RetentionTrigger)random.Next(6);
        return new DataItem
        {
            Category = category,
            OtherCategory = category == DataCategory.Other ? $"Other {random.Next(1000).ToString(CultureInfo.InvariantCulture)}" : "",
            SensitivityOverride = random.Next(4) == 0 ? (Sensitivity)random.Next(4) : null,
            OverrideReason = "Random",
            Purpose = random.Next(3) == 0 ? "" : "Orders",
            ApproxRecords = random.Next(3) == 0 ? null : random.Next(1, 10_000),
            RetentionTrigger = trigger,
            RetentionAmount = trigger == RetentionTrigger.NotSet ? 0 : random.Next(1, 4),
            RetentionUnit = trigger == RetentionTrigger.NotSet ? RetentionUnit.Days : (RetentionUnit)random.Next(3),
            DeletionMethod = random.Next(2) == 0 ? "" : "Shredded",
            OldestRecord = random.Next(4) == 0 ? null : today.AddDays(-random.Next(0, 2000)),
            LastReviewed = random.Next(5) == 0 ? null : today.AddDays(-random.Next(0, 500)),
        };
    }
}
