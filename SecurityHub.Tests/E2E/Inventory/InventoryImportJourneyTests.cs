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
        await using (var db = await app.CreateDbContextAsync())
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            db.InventorySystems.Add(new Inv.InventorySystem
            {
                Name = "Online shop", Type = Inv.SystemType.Website, CreatedUtc = now, UpdatedUtc = now,
                Items = [new Inv.DataItem { Category = Inv.DataCategory.Names, Purpose = "Orders", CreatedUtc = now, UpdatedUtc = now }],
            });
            await db.SaveChangesAsync();
        }
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
}
