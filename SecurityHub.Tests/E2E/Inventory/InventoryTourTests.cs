using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Inventory;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using ShellPage = SecurityHub.Tests.E2E.Pages.AppShell;

namespace SecurityHub.Tests.E2E.Inventory;

/// <summary>Every inventory page with realistic data, in the light and the dark theme, saved as screenshots for a human to look at.</summary>
[Collection(BrowserCollection.Name)]
public sealed class InventoryTourTests(BrowserFixture browser)
{
    [Fact]
    public async Task InventoryPages_SeededInventory_RenderInBothThemesWithoutBrokenAssets()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("olive@bakery.example", Roles.Owner, name: "Olive Owner");
        await app.SeedUserAsync("sam@bakery.example", Roles.Staff, name: "Sam Staff");
        var ids = await SeedAsync(app);
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "olive@bakery.example");
            var shell = new ShellPage(page);

            foreach (var theme in new[] { "light", "dark" })
            {
                await VisitAsync(session, "inventory", $"inventory-{theme}", "Customer data");
                await Expect(page.GetByRole(AriaRole.Region, new() { Name = "Systems", Exact = true })).ToContainTextAsync("Office PC");
                if (theme == "light")
                {
                    await shell.WaitForInteractiveAsync();
                }
                await AssertReadableAsync(page.GetByTitle("Pre-filled by the guided inventory: confirm or delete it").First, theme);
                await VisitAsync(session, $"inventory/systems/{ids.Shop}", $"inventory-system-{theme}", "Website and online shop");
                await AssertReadableAsync(page.GetByText("✓ Yes").First, theme);
                await AssertReadableAsync(page.GetByText("? Don't know").First, theme);
                await VisitAsync(session, $"inventory/systems/{ids.Spreadsheet}", $"inventory-suggestion-{theme}", "Customer spreadsheet");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Suggestion: confirm or delete" })).ToBeVisibleAsync();
                await VisitAsync(session, "inventory/summary", $"inventory-summary-{theme}", "What we hold");
                await VisitAsync(session, "inventory/findings", $"inventory-findings-{theme}", "Findings");
                foreach (var severity in new[] { "Critical", "High", "Medium", "Low" })
                {
                    await AssertReadableAsync(page.GetByTitle($"Severity: {severity}").First, theme);
                }
                await VisitAsync(session, "inventory/flows", $"inventory-flows-{theme}", "Data flows");
                await VisitAsync(session, "inventory/start", $"inventory-start-{theme}", "Your first inventory");
                await VisitAsync(session, "inventory/record", $"inventory-record-{theme}", "Record of processing");
                await VisitAsync(session, "", $"inventory-dashboard-{theme}", "Hello, Olive Owner");
                if (theme == "light")
                {
                    await page.GotoAsync($"inventory/systems/{ids.Shop}");
                    var system = new E2E.Pages.InventorySystemPage(page);
                    await system.WaitForInteractiveAsync();
                    await system.Items.GetByRole(AriaRole.Button, new() { Name = "Edit Email addresses" }).ClickAsync();
                    var item = new E2E.Pages.DataItemDialog(page);
                    await item.WaitUntilReadyAsync();
                    await Expect(item.Purpose).ToHaveValueAsync("Order confirmations and account sign-in");
                    await FullScreenshotAsync(session, "inventory-item-editing-light");

                    await page.GotoAsync("inventory/record");
                    await page.EmulateMediaAsync(new() { Media = Media.Print });
                    await FullScreenshotAsync(session, "inventory-record-print");
                    await page.EmulateMediaAsync(new() { Media = Media.Screen });

                    await shell.WaitForInteractiveAsync();
                    await shell.SwitchToDarkTheme.ClickAsync();
                    await Expect(shell.SwitchToLightTheme).ToBeVisibleAsync();
                }
            }

            // Staff read everything and are offered no change.
            await shell.SignOutAsync();
            await login.SignInWithCodeAsync(app, "sam@bakery.example");
            await VisitAsync(session, "inventory", "inventory-staff", "Customer data");
            await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" })).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add system" })).ToHaveCountAsync(0);
            await VisitAsync(session, $"inventory/systems/{ids.Shop}", "inventory-system-staff", "Website and online shop");
            await Expect(page.GetByTestId("system-findings")).ToContainTextAsync("may not use 2FA");
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Edit details" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Add data item" })).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Edit|Delete) ") })).ToHaveCountAsync(0);
        });
    }

    private static async Task VisitAsync(BrowserSession session, string path, string screenshot, string heading)
    {
        await session.Page.GotoAsync(path);
        await Expect(session.Page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        // Charts draw once the circuit runs, so the picture waits for it.
        await new ShellPage(session.Page).WaitForInteractiveAsync();
        await FullScreenshotAsync(session, screenshot);
    }

    private static async Task AssertReadableAsync(ILocator element, string theme)
    {
        var ratio = await Readability.ContrastRatioAsync(element);
        Assert.True(ratio >= 4.5, $"\"{await element.InnerTextAsync()}\" has contrast {ratio:F2} in the {theme} theme; WCAG AA asks 4.5");
    }

    /// <summary>The layout scrolls inside its body, so the viewport grows to the content's height for the picture.</summary>
    private static async Task FullScreenshotAsync(BrowserSession session, string name)
    {
        var height = await session.Page.EvaluateAsync<int>("() => Math.max(document.documentElement.scrollHeight, document.body.scrollHeight) + 80");
        await session.Page.SetViewportSizeAsync(1280, Math.Clamp(height, 800, 6000));
        await session.ScreenshotAsync(name);
        await session.Page.SetViewportSizeAsync(1280, 800);
    }

    private sealed record Seeded(int Shop, int Spreadsheet);

    /// <summary>A bakery's inventory: confirmed suggestions, a card-number spreadsheet on the office PC, shared data and a pending suggestion.</summary>
    private static async Task<Seeded> SeedAsync(AppFactory app)
    {
        var owner = await app.PrincipalForAsync("olive@bakery.example");
        await using var scope = app.Services.CreateAsyncScope();
        var inventory = scope.ServiceProvider.GetRequiredService<InventoryService>();
        await inventory.AddSuggestionsAsync(owner, new GuidedAnswers(true, true, true, true, HasPointOfSale: true, UsesSpreadsheets: true, KeepsPaperRecords: false));
        var rows = (await inventory.QuerySystemsAsync(owner, new SystemQuery(Take: 50))).Rows;
        int Id(string name) => rows.Single(r => r.Name == name).Id;
        foreach (var name in new[] { "Website and online shop", "Card payments", "Newsletter", "Accounting" })
        {
            Assert.True((await inventory.ConfirmAsync(owner, Id(name))).Succeeded);
        }

        var newsletter = SystemInput.From((await inventory.GetSystemAsync(owner, Id("Newsletter")))!.System);
        newsletter.VendorName = "Mailbird";
        newsletter.HasDpa = Answer.Yes;
        newsletter.AdminTwoFactor = Answer.Yes;
        newsletter.DefaultPasswordsChanged = Answer.Yes;
        Assert.True((await inventory.SaveSystemAsync(owner, newsletter)).Succeeded);

        var shop = await inventory.GetSystemAsync(owner, Id("Website and online shop"));
        var shopInput = SystemInput.From(shop!.System);
        shopInput.VendorName = "Shoplane";
        shopInput.AdminUrl = "https://admin.shoplane.example/bakery";
        shopInput.EncryptedAtRest = Answer.Yes;
        Assert.True((await inventory.SaveSystemAsync(owner, shopInput)).Succeeded);
        foreach (var item in shop.System.Items.Where(i => i.Category is DataCategory.EmailAddresses or DataCategory.Names))
        {
            var input = DataItemInput.From(item);
            input.SharedWithSystemIds = [Id("Newsletter")];
            input.ApproxRecords = 1_840;
            input.DeletionMethod = "Delete the customer in the shop admin";
            Assert.True((await inventory.SaveItemAsync(owner, input)).Succeeded);
        }

        var pc = new SystemInput { Name = "Office PC", Type = SystemType.OnPremisesComputer, Updates = UpdatePolicy.Manual, Notes = "Under the counter.\nBacked up to a USB drive on Fridays." };
        Assert.True((await inventory.SaveSystemAsync(owner, pc)).Succeeded);
        Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput
        {
            SystemId = pc.Id, Category = DataCategory.PaymentCardNumbers, Purpose = "Phone orders for wedding cakes", ApproxRecords = 120,
            SharedWithSystemIds = [Id("Accounting")],
        })).Succeeded);
        return new Seeded(Id("Website and online shop"), Id("Customer spreadsheet"));
    }
}
