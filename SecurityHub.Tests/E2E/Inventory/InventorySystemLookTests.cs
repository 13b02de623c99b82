using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Inventory;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using DataItemDialog = SecurityHub.Tests.E2E.Pages.DataItemDialog;
using InventoryPage = SecurityHub.Tests.E2E.Pages.InventoryPage;
using SystemDialog = SecurityHub.Tests.E2E.Pages.SystemDialog;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Inventory;

/// <summary>
/// The systems list, a system's page and its two dialogs as an Owner sees them: light and dark, on a 1280 px screen
/// and a 390 px phone, each checked by axe-core against WCAG 2.2 AA and kept as a screenshot. The dialogs are centred,
/// keep Save in view, and the data-item editor's labels have room (no "Postal addres", no letter-per-line column).
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InventorySystemLookTests(BrowserFixture browser)
{
    private static readonly (string Name, int Width, int Height)[] Screens = [("wide", 1280, 800), ("phone", 390, 844)];

    [Fact]
    public async Task SystemsAndDialogs_BothThemesWideAndPhone_PassAxeFitTheScreenAndShowHostileTextAsText()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("olive@bakery.example", Roles.Owner, name: "Olive Owner");
        var shopId = await SeedAsync(app);

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "olive@bakery.example");
            var inventory = new InventoryPage(page);
            await inventory.GotoAsync();
            await inventory.ExpectLiveAsync();

            foreach (var theme in new[] { "light", "dark" })
            {
                await inventory.GotoAsync();
                await inventory.WaitForInteractiveAsync();
                var wantDark = theme == "dark";
                if (await inventory.SwitchToLightTheme.IsVisibleAsync() != wantDark)
                {
                    await (wantDark ? inventory.SwitchToDarkTheme : inventory.SwitchToLightTheme).ClickAsync();
                    await Expect(wantDark ? inventory.SwitchToLightTheme : inventory.SwitchToDarkTheme).ToBeVisibleAsync();
                }
                foreach (var (screen, width, height) in Screens)
                {
                    await page.SetViewportSizeAsync(width, height);
                    await CheckListAsync(session, inventory, theme, screen);
                    await CheckSystemAsync(session, page, shopId, theme, screen);
                }
                await page.SetViewportSizeAsync(1280, 800);
            }
        });
    }

    private static async Task CheckListAsync(BrowserSession session, InventoryPage inventory, string theme, string screen)
    {
        var page = inventory.Page;
        await inventory.GotoAsync();
        await inventory.WaitForInteractiveAsync();
        var systems = page.GetByRole(AriaRole.Table, new() { Name = "Systems" });
        await Expect(systems).ToContainTextAsync("Online shop");
        // Hostile text is shown as text, never run.
        await Expect(systems).ToContainTextAsync("<script>alert(1)</script> till");
        await Expect(systems.Locator("script")).ToHaveCountAsync(0);
        await AssertNoSidewaysScrollAsync(page, $"the systems list ({theme}, {screen})");
        await Accessibility.AssertNoViolationsAsync(page, $"the systems list ({theme}, {screen})");
        await session.ScreenshotAsync($"inventory-list-{theme}-{screen}");

        // The filter narrows the list on the server (Enter in the box, or the Filter button), and Clear shows all again.
        var search = page.GetByLabel("Name or vendor contains");
        await search.FillAsync("shop");
        if (screen == "wide")
        {
            await search.PressAsync("Enter");
        }
        else
        {
            await page.GetByRole(AriaRole.Button, new() { Name = "Filter", Exact = true }).ClickAsync();
        }
        await Expect(systems.GetByRole(AriaRole.Link, new() { Name = "Office PC" })).ToHaveCountAsync(0);
        await Expect(systems.GetByRole(AriaRole.Link, new() { Name = "Online shop" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear", Exact = true }).ClickAsync();
        await Expect(search).ToHaveValueAsync("");
        await Expect(systems.GetByRole(AriaRole.Link, new() { Name = "Office PC" })).ToBeVisibleAsync();

        // Adding a system: a centred dialog with its Save button in view, whatever the screen.
        await inventory.AddSystem.ClickAsync();
        var dialog = new SystemDialog(page);
        await dialog.WaitUntilReadyAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Add a system", Exact = true })).ToBeVisibleAsync();
        await AssertDialogFitsAsync(page, dialog.Dialog, dialog.Submit("Add system"), $"the add-system dialog ({theme}, {screen})");
        await Accessibility.AssertNoViolationsAsync(page, $"the add-system dialog ({theme}, {screen})");
        await session.ScreenshotAsync($"inventory-add-system-{theme}-{screen}");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dialog.Dialog).ToHaveCountAsync(0);
    }

    private static async Task CheckSystemAsync(BrowserSession session, IPage page, int shopId, string theme, string screen)
    {
        var system = new E2E.Pages.InventorySystemPage(page);
        await page.GotoAsync($"inventory/systems/{shopId}");
        await Expect(system.Heading("Online shop")).ToBeVisibleAsync();
        await system.WaitForInteractiveAsync();
        await AssertNoSidewaysScrollAsync(page, $"the system page ({theme}, {screen})");
        await Accessibility.AssertNoViolationsAsync(page, $"the system page ({theme}, {screen})");
        await session.ScreenshotAsync($"inventory-system-{theme}-{screen}");

        // The data-item editor: every label whole, every field wide enough to read, Save in view.
        await system.Items.GetByRole(AriaRole.Button, new() { Name = "Edit Postal addresses" }).ClickAsync();
        var item = new DataItemDialog(page);
        await item.WaitUntilReadyAsync();
        await Expect(page.GetByRole(AriaRole.Dialog, new() { Name = "Edit postal addresses", Exact = true })).ToBeVisibleAsync();
        await Expect(item.Purpose).ToHaveValueAsync("Deliver orders");
        await Expect(item.Dialog.GetByLabel("Shared with")).ToBeVisibleAsync();
        await AssertDialogFitsAsync(page, item.Dialog, item.Save, $"the data-item dialog ({theme}, {screen})");
        var cramped = await item.Dialog.EvaluateAsync<string[]>("""
            dialog => [...dialog.querySelectorAll('label, legend')]
                .filter(l => l.offsetParent !== null)
                .filter(l => l.scrollWidth > l.clientWidth + 1 || l.getBoundingClientRect().height > 2.5 * (parseFloat(getComputedStyle(l).lineHeight) || 20))
                .map(l => `${l.textContent.trim()} (${Math.round(l.getBoundingClientRect().width)} px)`)
            """);
        Assert.True(cramped.Length == 0, $"Labels cut off or wrapped over several lines in the data-item dialog ({theme}, {screen}): {string.Join(", ", cramped)}");
        var narrow = await item.Dialog.EvaluateAsync<string[]>("""
            dialog => [...dialog.querySelectorAll('input:not([type=hidden]):not([type=radio]):not([type=checkbox])')]
                .filter(i => i.offsetParent !== null && i.getBoundingClientRect().width < 90)
                .map(i => `${i.id} (${Math.round(i.getBoundingClientRect().width)} px)`)
            """);
        Assert.True(narrow.Length == 0, $"Fields too narrow to read in the data-item dialog ({theme}, {screen}): {string.Join(", ", narrow)}");
        await Accessibility.AssertNoViolationsAsync(page, $"the data-item dialog ({theme}, {screen})");
        await session.ScreenshotAsync($"inventory-item-dialog-{theme}-{screen}");
        await item.Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true }).ClickAsync();
        await Expect(item.Dialog).ToHaveCountAsync(0);

        if (theme == "dark" && screen == "phone")
        {
            // The last view: deleting a data item asks first, in a dialog that names what goes.
            await system.Items.GetByRole(AriaRole.Button, new() { Name = "Delete Email addresses" }).ClickAsync();
            var confirm = page.GetByRole(AriaRole.Dialog, new() { Name = "Delete data item" });
            await Expect(confirm).ToContainTextAsync("Delete email addresses from Online shop?");
            await Accessibility.AssertNoViolationsAsync(page, $"the delete confirmation ({theme}, {screen})");
            await session.ScreenshotAsync($"inventory-delete-item-{theme}-{screen}");
            await confirm.GetByRole(AriaRole.Button, new() { Name = "Delete", Exact = true }).ClickAsync();
            await Expect(page.GetByText("Email addresses is no longer listed.")).ToBeVisibleAsync();
            await Expect(system.Items.GetByRole(AriaRole.Button, new() { Name = "Edit Email addresses" })).ToHaveCountAsync(0);
            await Expect(system.Items.GetByRole(AriaRole.Button, new() { Name = "Edit Postal addresses" })).ToBeVisibleAsync();
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - document.documentElement.clientWidth");
        Assert.True(overflow <= 1, $"{where} scrolls sideways by {overflow} px.");
    }

    private static async Task AssertDialogFitsAsync(IPage page, ILocator dialog, ILocator save, string where)
    {
        var viewport = page.ViewportSize!;
        var box = await dialog.BoundingBoxAsync();
        Assert.NotNull(box);
        Assert.True(box.Y >= 8 && box.Y + box.Height <= viewport.Height - 8, $"{where} should sit inside the screen with a margin, but spans y={box.Y:F0}..{box.Y + box.Height:F0} of {viewport.Height}.");
        var centre = box.X + box.Width / 2;
        Assert.True(Math.Abs(centre - viewport.Width / 2.0) <= 2, $"{where} should be centred, but its centre is at x={centre:F0} of {viewport.Width}.");
        await Expect(save).ToBeInViewportAsync(new() { Ratio = 1 });
    }

    /// <summary>Two systems, a hostile name among them, and a shop with a postal-address item shared with the other.</summary>
    private static async Task<int> SeedAsync(AppFactory app)
    {
        var owner = await app.PrincipalForAsync("olive@bakery.example");
        await using var scope = app.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<InventoryService>();
        var pc = new SystemInput { Name = "Office PC", Type = SystemType.OnPremisesComputer, Updates = UpdatePolicy.Manual };
        Assert.True((await inventory.SaveSystemAsync(owner, pc)).Succeeded);
        var till = new SystemInput { Name = "<script>alert(1)</script> till", Type = SystemType.PointOfSale };
        Assert.True((await inventory.SaveSystemAsync(owner, till)).Succeeded);
        var shop = new SystemInput
        {
            Name = "Online shop", Type = SystemType.Website, Operator = SystemOperator.Vendor, VendorName = "Shoplane",
            AdminUrl = "https://admin.shoplane.example/a-rather-long-path/for-the-bakery", EncryptedAtRest = Answer.Yes,
        };
        Assert.True((await inventory.SaveSystemAsync(owner, shop)).Succeeded);
        Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput
        {
            SystemId = shop.Id, Category = DataCategory.PostalAddresses, Purpose = "Deliver orders", ApproxRecords = 1_840,
            RetentionTrigger = RetentionTrigger.AfterLastPurchase, RetentionAmount = 2, RetentionUnit = RetentionUnit.Years,
            DeletionMethod = "Delete the customer in the shop admin", SharedWithSystemIds = [pc.Id],
        })).Succeeded);
        Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput
        {
            SystemId = shop.Id, Category = DataCategory.EmailAddresses, Purpose = "Order confirmations",
        })).Succeeded);
        return shop.Id;
    }
}
