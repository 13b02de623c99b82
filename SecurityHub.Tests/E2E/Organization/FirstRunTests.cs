using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Organization;

[Collection(BrowserCollection.Name)]
public sealed partial class FirstRunTests(BrowserFixture browser)
{
    [Fact]
    public async Task Setup_WithCodeFromLog_OwnerSignsInSeesBusinessAndKeepsDarkTheme()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await session.RunAsync(async page =>
        {
            var code = SetupCodeFromLog(app);

            var setup = new SetupPage(page);
            await setup.GotoAsync();
            await setup.CompleteAsync(code, "Riverside Bakery", "Robin Baker", "robin@riverside.example", AppFactory.DefaultPassword);

            var login = new LoginPage(page);
            await Expect(page.GetByText("Your business is set up")).ToBeVisibleAsync();
            await login.SignInAsync("robin@riverside.example", AppFactory.DefaultPassword);

            // A new Owner's first sign-in is forced to two-factor enrollment, whatever address they ask for.
            var enrollment = new EnrollmentPage(page);
            await Expect(enrollment.Heading).ToBeVisibleAsync();
            await page.GotoAsync("team");
            await Expect(enrollment.Heading).ToBeVisibleAsync();
            await Expect(enrollment.QrCode).ToBeVisibleAsync();

            // The owner types the manual key into their app (here: the test's TOTP helper) and the code it shows.
            var key = (await enrollment.ManualKey.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);
            var enrollmentCode = Authenticator.CodeNow(app, key);
            await enrollment.VerifyAsync(enrollmentCode);
            await Expect(enrollment.RecoveryCodes).ToHaveCountAsync(10);
            var recoveryCode = await enrollment.RecoveryCodes.First.InnerTextAsync();
            await page.GetByRole(AriaRole.Link, new() { Name = "Continue to the dashboard" }).ClickAsync();

            // The first assertion proves the interactive circuit runs: only a live circuit can handle this click.
            var dashboard = new DashboardPage(page);
            await dashboard.WaitForInteractiveAsync();
            await dashboard.ExpectThemeAsync(dark: false);
            Assert.True(await Readability.ContrastRatioAsync(dashboard.Greeting) >= 4.5, "The greeting is hard to read in the light theme.");
            await session.ScreenshotAsync("dashboard-light");
            await dashboard.SwitchToDarkTheme.ClickAsync();
            await Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
            await dashboard.ExpectThemeAsync(dark: true);

            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Robin Baker");
            await Expect(dashboard.BusinessProfile).ToContainTextAsync("Riverside Bakery");

            // The choice is stored for the user, so a fresh page load starts dark.
            await page.ReloadAsync();
            await Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
            await dashboard.ExpectThemeAsync(dark: true);
            await Expect(page.Locator("body")).ToHaveClassAsync("sh-dark");
            await dashboard.WaitForInteractiveAsync();
            var contrast = await Readability.ContrastRatioAsync(dashboard.Greeting);
            Assert.True(contrast >= 4.5, $"The greeting is hard to read in the dark theme (contrast {contrast:F1}:1).");
            await session.ScreenshotAsync("dashboard-dark");

            // After signing out, sign-in asks for a code; the code already used is refused...
            await dashboard.SignOutAsync();
            await login.SignInAsync("robin@riverside.example", AppFactory.DefaultPassword);
            await login.EnterCodeAsync(enrollmentCode);
            await Expect(login.SecondStepHeading).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid");
            // ...and the next one works.
            await login.EnterCodeAsync(Authenticator.NextCode(app, key));
            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Robin Baker");

            // A recovery code works once.
            await dashboard.SignOutAsync();
            await login.SignInAsync("robin@riverside.example", AppFactory.DefaultPassword);
            await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a recovery code" }).ClickAsync();
            await page.GetByLabel("Recovery code").FillAsync(recoveryCode);
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Log in|Sign in)$") }).ClickAsync();
            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Robin Baker");
            await dashboard.SignOutAsync();
            await login.SignInAsync("robin@riverside.example", AppFactory.DefaultPassword);
            await page.GetByRole(AriaRole.Link, new() { Name = "Sign in with a recovery code" }).ClickAsync();
            await page.GetByLabel("Recovery code").FillAsync(recoveryCode);
            await page.GetByRole(AriaRole.Button, new() { NameRegex = new("^(Log in|Sign in)$") }).ClickAsync();
            await Expect(dashboard.Greeting).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Invalid recovery code");

            // The setup page is gone once an owner exists.
            await page.Context.ClearCookiesAsync();
            session.ExpectConsoleError("status of 404"); // the browser reports the page's own 404
            var response = await setup.GotoAsync();
            Assert.Equal(404, response?.Status);
            await Expect(setup.Heading).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        });
    }

    internal static string SetupCodeFromLog(AppFactory app)
    {
        var match = app.Logs.Messages.Select(m => SetupCodePattern().Match(m)).FirstOrDefault(m => m.Success);
        Assert.True(match is not null, "The app did not log a one-time setup code.");
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"One-time setup code: ([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})")]
    private static partial Regex SetupCodePattern();
}
