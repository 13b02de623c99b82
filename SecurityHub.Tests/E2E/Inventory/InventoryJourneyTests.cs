using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Inventory;

[Collection(BrowserCollection.Name)]
public sealed class InventoryJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Inventory_OwnerAddsSystemAndBankDetails_SeesEncryptionFindingThenFixesIt()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("olive@bakery.example", Roles.Owner, name: "Olive Owner");
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "olive@bakery.example");
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToBeVisibleAsync();
            await dashboard.WaitForInteractiveAsync();
            await dashboard.NavLink("Customer data").ClickAsync();

            var inventory = new InventoryPage(page);
            await Expect(inventory.Heading).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Nothing written down yet" })).ToBeVisibleAsync();
            await inventory.WaitForInteractiveAsync();
            await inventory.AddSystem.ClickAsync();

            var dialog = new SystemDialog(page);
            await dialog.WaitUntilReadyAsync();
            await dialog.ChooseAsync(dialog.WhoRunsIt, "A third-party vendor");
            await dialog.Submit("Add system").ClickAsync();
            // Each field says what is wrong under it and is marked invalid; the summary by the buttons is announced.
            await Expect(dialog.Dialog.GetByText("Give the system a name")).ToBeVisibleAsync();
            await Expect(dialog.Name).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(dialog.Dialog.GetByText("Name the vendor")).ToBeVisibleAsync();
            await Expect(dialog.VendorName).ToHaveAttributeAsync("aria-invalid", "true");
            await Expect(dialog.Dialog.GetByRole(AriaRole.Alert).Filter(new() { HasText = "Nothing was saved" })).ToContainTextAsync("Name, Vendor name");
            await session.ScreenshotAsync("inventory-dialog-errors");
            await dialog.Name.FillAsync("Bookkeeping");
            await dialog.ChooseAsync(dialog.Kind, "Accounting");
            await dialog.VendorName.FillAsync("Ledgerly");
            await Expect(dialog.Answer("Encrypted at rest", "Don't know")).ToBeCheckedAsync();
            await dialog.Submit("Add system").ClickAsync();

            var system = new InventorySystemPage(page);
            await Expect(system.Heading("Bookkeeping")).ToBeVisibleAsync();
            await system.WaitForInteractiveAsync();
            await system.AddDataItem.ClickAsync();
            var item = new DataItemDialog(page);
            await item.WaitUntilReadyAsync();
            await item.ChooseAsync(item.Category, "Bank details");
            await item.Purpose.FillAsync("Pay refunds to customers");
            await item.Save.ClickAsync();
            await Expect(item.Dialog).ToHaveCountAsync(0);
            await Expect(system.Items.GetByRole(AriaRole.Row).Filter(new() { HasText = "Pay refunds to customers" })).ToContainTextAsync("Bank details");
            await Expect(system.Findings).ToContainTextAsync("Bank details in Bookkeeping may not be encrypted");
            await Expect(system.Findings).ToContainTextAsync("Ask Ledgerly to confirm that data is encrypted at rest");
            await session.ScreenshotAsync("inventory-system-finding");

            await system.EditDetails.ClickAsync();
            await dialog.WaitUntilReadyAsync();
            await dialog.Answer("Encrypted at rest", "Yes").CheckAsync();
            await dialog.Submit("Save").ClickAsync();
            await Expect(dialog.Dialog).ToHaveCountAsync(0);
            await Expect(system.EncryptedFact).ToContainTextAsync("Yes");
            await Expect(system.Findings).Not.ToContainTextAsync("may not be encrypted");
            await Expect(system.Findings).ToContainTextAsync("No data processing agreement with Ledgerly");
            await session.ScreenshotAsync("inventory-system-fixed");
        });
    }
}
