using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>First-run setup: the one-time code, the business and the first owner.</summary>
public sealed class SetupPage(IPage page)
{
    public ILocator Heading => page.GetByRole(AriaRole.Heading, new() { Name = "Set up SecurityHub" });

    public ILocator Code => page.GetByLabel("One-time setup code");

    public ILocator BusinessName => page.GetByLabel("Business name");

    public ILocator TimeZone => page.GetByLabel("Time zone");

    public ILocator StaffCount => page.GetByLabel("Number of staff");

    public ILocator TakesCardPayments => page.GetByLabel("We take card payments");

    public ILocator OwnerName => page.GetByLabel("Your name");

    public ILocator Email => page.GetByLabel("Email", new() { Exact = true });

    public ILocator Password => page.GetByLabel("Password", new() { Exact = true });

    public ILocator ConfirmPassword => page.GetByLabel("Confirm password");

    public ILocator Submit => page.GetByRole(AriaRole.Button, new() { Name = "Create the business and owner" });

    public async Task<IResponse?> GotoAsync() => await page.GotoAsync("setup");

    public async Task CompleteAsync(string code, string businessName, string ownerName, string email, string password)
    {
        await Assertions.Expect(Heading).ToBeVisibleAsync();
        await Code.FillAsync(code);
        await BusinessName.FillAsync(businessName);
        await TimeZone.SelectOptionAsync("Europe/London");
        await StaffCount.FillAsync("4");
        await TakesCardPayments.CheckAsync();
        await OwnerName.FillAsync(ownerName);
        await Email.FillAsync(email);
        await Password.FillAsync(password);
        await ConfirmPassword.FillAsync(password);
        await Submit.ClickAsync();
    }
}
