using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using Inv = SecurityHub.Inventory;

namespace SecurityHub.Tests.E2E.Inventory;

[Collection(BrowserCollection.Name)]
public sealed class InventoryImportJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task ImportPage_ManagerUploadsChangedFileWithABadRow_SeesPreviewAndImportsTheValidRows()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("mia@bakery.example", Roles.Manager, name: "Mia Manager");
        await SeedShopAsync(app);
        var header = string.Join(";", Inv.InventoryCsv.Headers);
        string Row(string system, string type, string category, string purpose, string lastReviewed = "") =>
            $"{system};{type};;;;;;;;;;;;;;{category};;;;{purpose};;;;;{lastReviewed};";
        var csv = "\uFEFF" + header + "\r\n"
            + Row("Online shop", "Website or online shop", "Names", "Orders and returns") + "\r\n"
            + Row("Online shop", "Website or online shop", "Email addresses", "Receipts") + "\r\n"
            + Row("Newsletter", "Email marketing", "Email addresses", "Offers", lastReviewed: "next Tuesday") + "\r\n";

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "mia@bakery.example");
            var import = new InventoryImportPage(page);
            await import.GotoAsync();
            await Expect(import.Heading).ToBeVisibleAsync();
            await import.WaitForInteractiveAsync();

            await import.UploadAsync("inventory.csv", csv);

            await Expect(import.Summary).ToHaveTextAsync("3 rows: 1 to add, 1 to update, 0 unchanged, 1 with problems");
            await Expect(import.Preview).ToContainTextAsync("Item last reviewed");
            await Expect(import.Preview).ToContainTextAsync("\"next Tuesday\" is not a date in the expected format. Write dates as yyyy-MM-dd");
            await Expect(import.Import).ToBeDisabledAsync();
            await session.ScreenshotAsync("inventory-import-preview");

            await import.ImportValidRowsOnly.ClickAsync();

            await Expect(import.Done).ToHaveTextAsync("Imported inventory.csv: 1 row added, 1 updated, 0 unchanged, 1 skipped with problems.");
            await Expect(import.BackToInventory).ToHaveAttributeAsync("href", "/inventory");
        });

        await using var check = await app.CreateDbContextAsync();
        var items = await check.DataItems.Include(i => i.System).OrderBy(i => i.Category).ToListAsync();
        Assert.Equal([("Online shop", Inv.DataCategory.Names, "Orders and returns"), ("Online shop", Inv.DataCategory.EmailAddresses, "Receipts")],
            items.Select(i => (i.System!.Name, i.Category, i.Purpose)));
        Assert.False(await check.InventorySystems.AnyAsync(s => s.Name == "Newsletter"));
    }

    [Fact]
    public async Task ExportThenImport_ChangedDownloadThroughPreview_UpdatesTheInventory()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("owen@bakery.example", Roles.Owner, name: "Owen Owner");
        await SeedShopAsync(app);

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "owen@bakery.example");
            var import = new InventoryImportPage(page);
            await import.GotoAsync();
            await import.WaitForInteractiveAsync();

            // Export: the real download a spreadsheet user would open.
            var download = await page.RunAndWaitForDownloadAsync(() =>
                page.GetByRole(Microsoft.Playwright.AriaRole.Link, new() { Name = "Download the current inventory" }).ClickAsync());
            var exported = await File.ReadAllTextAsync(await download.PathAsync());
            var lines = exported.Split(["\r\n", "\n"], StringSplitOptions.RemoveEmptyEntries);
            Assert.Equal(2, lines.Length);
            Assert.Contains(",Orders,", lines[1], StringComparison.Ordinal);

            // Change it as an owner would: a new purpose, one more data item, and one row with a category that does not exist.
            var changed = lines[1].Replace(",Orders,", ",Orders and returns,", StringComparison.Ordinal);
            var added = changed.Replace(",Names,", ",Email addresses,", StringComparison.Ordinal).Replace("Orders and returns", "Receipts", StringComparison.Ordinal);
            var bad = changed.Replace(",Names,", ",Shoe sizes,", StringComparison.Ordinal);
            await import.UploadAsync("changed.csv", string.Join("\r\n", lines[0], changed, added, bad) + "\r\n");

            await Expect(import.Summary).ToHaveTextAsync("3 rows: 1 to add, 1 to update, 0 unchanged, 1 with problems");
            await Expect(import.Preview).ToContainTextAsync("Shoe sizes");
            await Expect(import.Import).ToBeDisabledAsync();

            // Nothing is imported while a row is bad; fixing the file and uploading again imports everything.
            await import.UploadAsync("changed.csv", string.Join("\r\n", lines[0], changed, added) + "\r\n");
            await Expect(import.Summary).ToHaveTextAsync("2 rows: 1 to add, 1 to update, 0 unchanged, 0 with problems");
            await import.Import.ClickAsync();
            await Expect(import.Done).ToContainTextAsync("Imported changed.csv: 1 row added, 1 updated");
        });

        await using var check = await app.CreateDbContextAsync();
        var items = await check.DataItems.OrderBy(i => i.Category).Select(i => new { i.Category, i.Purpose }).ToListAsync();
        Assert.Equal([(Inv.DataCategory.Names, "Orders and returns"), (Inv.DataCategory.EmailAddresses, "Receipts")], items.Select(i => (i.Category, i.Purpose)));
        Assert.Equal(1, await check.InventorySystems.CountAsync());
    }

    /// <summary>One system, "Online shop", holding names for orders.</summary>
    private static async Task SeedShopAsync(AppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        db.InventorySystems.Add(new Inv.InventorySystem
        {
            Name = "Online shop", Type = Inv.SystemType.Website, CreatedUtc = now, UpdatedUtc = now,
            Items = [new Inv.DataItem { Category = Inv.DataCategory.Names, Purpose = "Orders", CreatedUtc = now, UpdatedUtc = now }],
        });
        await db.SaveChangesAsync();
    }
}
