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

            // The first assertion proves the interactive circuit runs: only a live circuit can handle this click.
            var dashboard = new DashboardPage(page);
            await dashboard.WaitForInteractiveAsync();
            await Expect(dashboard.ThemeStylesheet).ToHaveAttributeAsync("href", LightTheme());
            Assert.True(await Readability.ContrastRatioAsync(dashboard.Greeting) >= 4.5, "The greeting is hard to read in the light theme.");
            await session.ScreenshotAsync("dashboard-light");
            await dashboard.SwitchToDarkTheme.ClickAsync();
            await Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
            await Expect(dashboard.ThemeStylesheet).ToHaveAttributeAsync("href", DarkTheme());

            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Robin Baker");
            await Expect(dashboard.BusinessProfile).ToContainTextAsync("Riverside Bakery");

            // The choice is stored for the user, so a fresh page load starts dark.
            await page.ReloadAsync();
            await Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
            await Expect(dashboard.ThemeStylesheet).ToHaveAttributeAsync("href", DarkTheme());
            await Expect(page.Locator("body")).ToHaveClassAsync("sh-dark");
            await dashboard.WaitForInteractiveAsync();
            var contrast = await Readability.ContrastRatioAsync(dashboard.Greeting);
            Assert.True(contrast >= 4.5, $"The greeting is hard to read in the dark theme (contrast {contrast:F1}:1).");
            await session.ScreenshotAsync("dashboard-dark");

            // The setup page is gone once an owner exists.
            var response = await setup.GotoAsync();
            Assert.Equal(404, response?.Status);
            await Expect(setup.Heading).ToHaveCountAsync(0);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Page not found" })).ToBeVisibleAsync();
        });
    }

    private static string SetupCodeFromLog(AppFactory app)
    {
        var match = app.Logs.Messages.Select(m => SetupCodePattern().Match(m)).FirstOrDefault(m => m.Success);
        Assert.True(match is not null, "The app did not log a one-time setup code.");
        return match.Groups[1].Value;
    }

    private static Regex LightTheme() => new(@"/css/standard(-base)?\.css");

    private static Regex DarkTheme() => new(@"/css/standard-dark(-base)?\.css");

    [GeneratedRegex(@"One-time setup code: ([A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5})")]
    private static partial Regex SetupCodePattern();
}
