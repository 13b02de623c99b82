using System.Globalization;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>What a phone's authenticator app does: turns the key into the current 6-digit code.</summary>
public static class Authenticator
{
    /// <summary>The code for the app's current time step.</summary>
    public static string CodeNow(AppFactory app, string base32Key) =>
        Totp.Compute(Totp.DecodeBase32(base32Key)!, Totp.StepAt(app.Clock.GetUtcNow())).ToString("D6", CultureInfo.InvariantCulture);

    /// <summary>Moves the test clock to the next step (a code is accepted once) and returns its code.</summary>
    public static string NextCode(AppFactory app, string base32Key)
    {
        app.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        return CodeNow(app, base32Key);
    }
}

/// <summary>The two-factor enrollment page.</summary>
public sealed class EnrollmentPage(Microsoft.Playwright.IPage page)
{
    public Microsoft.Playwright.ILocator Heading => page.GetByRole(Microsoft.Playwright.AriaRole.Heading, new() { Name = "Set up two-factor sign-in" });

    public Microsoft.Playwright.ILocator QrCode => page.GetByRole(Microsoft.Playwright.AriaRole.Img, new() { Name = "QR code for your authenticator app" });

    /// <remarks>A test id: the key is plain text with no accessible name of its own.</remarks>
    public Microsoft.Playwright.ILocator ManualKey => page.GetByTestId("manual-key");

    public Microsoft.Playwright.ILocator RecoveryCodes => page.GetByRole(Microsoft.Playwright.AriaRole.List, new() { Name = "Recovery codes" }).GetByRole(Microsoft.Playwright.AriaRole.Listitem);

    public async Task VerifyAsync(string code)
    {
        await page.GetByLabel("Code from the app").FillAsync(code);
        await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Verify and turn on" }).ClickAsync();
        await page.WaitForLoadStateAsync(Microsoft.Playwright.LoadState.Load);
    }
}
