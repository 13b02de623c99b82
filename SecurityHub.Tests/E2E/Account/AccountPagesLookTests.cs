using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Account;

/// <summary>
/// The account pages that post plain forms without a circuit (sign-in, the second step, forgotten password, and
/// the account and security pages) in light and dark, on a 1280 px screen and a 390 px phone: each passes axe-core
/// (WCAG 2.2 AA, contrast included), fits the screen, shows MudBlazor's palette and is kept as a screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class AccountPagesLookTests(BrowserFixture browser)
{
    private const string Email = "robin@riverside.example";
    private static readonly (string Name, int Width, int Height)[] Screens = [("wide", 1280, 800), ("phone", 390, 844)];

    private static readonly (string Path, string Heading)[] SignedInPages =
    [
        ("Account/Manage", "Account and security"),
        ("Account/Manage/TwoFactorAuthentication", "Account and security"),
        ("Account/Manage/ChangePassword", "Account and security"),
        ("Account/Manage/Passkeys", "Account and security"),
        ("Account/Manage/GenerateRecoveryCodes", "Account and security"),
    ];

    [Fact]
    public async Task AccountPages_BothThemesWideAndPhone_PassAxeFitTheScreenAndUseTheAppsPalette()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        // The sign-in page is opened many times within a minute here: its passkey autofill request is rate-limited
        // per address like a sign-in (and then quietly not offered), which the browser reports as a failed load.
        session.ExpectConsoleError("status of 429");
        await app.SeedUserAsync(Email, Roles.Owner, name: "Robin Baker");

        await session.RunAsync(async page =>
        {
            // Signed out: the person follows the operating system's preference.
            foreach (var (theme, scheme) in new[] { ("light", ColorScheme.Light), ("dark", ColorScheme.Dark) })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                foreach (var (screen, width, height) in Screens)
                {
                    await page.SetViewportSizeAsync(width, height);
                    var login = new LoginPage(page);
                    await login.GotoAsync();
                    await CheckAsync(session, page, login.SignInButton, theme, $"account-login-{theme}-{screen}");

                    await page.GotoAsync("Account/ForgotPassword");
                    await CheckAsync(session, page, page.GetByRole(AriaRole.Button).Last, theme, $"account-forgot-password-{theme}-{screen}");

                    // A wrong password: the error reads in both palettes too.
                    await login.GotoAsync();
                    await login.SignInAsync(Email, "not the password");
                    await Expect(login.Error).ToContainTextAsync("don't match an account");
                    await CheckAsync(session, page, login.SignInButton, theme, $"account-login-error-{theme}-{screen}");
                }
            }

            // The second step, then the account and security pages.
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });
            await page.SetViewportSizeAsync(1280, 800);
            var signIn = new LoginPage(page);
            await signIn.GotoAsync();
            await signIn.SignInAsync(Email, AppFactory.DefaultPassword);
            await Expect(signIn.SecondStepHeading).ToBeVisibleAsync();
            await CheckAsync(session, page, page.GetByRole(AriaRole.Button, new() { Name = "Sign in", Exact = true }), "light", "account-second-step-light-wide");
            await signIn.EnterCodeAsync(Authenticator.NextCode(app, app.AuthenticatorKeys[Email]));
            await Expect(new DashboardPage(page).Greeting).ToBeVisibleAsync();

            foreach (var (theme, scheme) in new[] { ("light", ColorScheme.Light), ("dark", ColorScheme.Dark) })
            {
                await page.EmulateMediaAsync(new() { ColorScheme = scheme });
                foreach (var (screen, width, height) in Screens)
                {
                    await page.SetViewportSizeAsync(width, height);
                    foreach (var (path, heading) in SignedInPages)
                    {
                        await page.GotoAsync(path);
                        var title = page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 });
                        await CheckAsync(session, page, title, theme, $"account-{path.Split('/').Last().ToLowerInvariant()}-{theme}-{screen}");
                    }
                }
            }
        });
    }

    private static async Task CheckAsync(BrowserSession session, IPage page, ILocator landmark, string theme, string screenshot)
    {
        await Expect(landmark).ToBeVisibleAsync();
        // The palette is the app's (AppTheme through app.css), not a library default: the page background.
        var background = await page.EvaluateAsync<string>("() => getComputedStyle(document.body).backgroundColor");
        var expected = theme == "dark" ? "rgb(25, 25, 26)" : "rgb(244, 245, 249)";
        Assert.True(background == expected, $"{screenshot}: the page background is {background}, not the app's {theme} background {expected}.");
        var overflowing = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.False(overflowing, $"{screenshot}: the page scrolls sideways.");
        await Accessibility.AssertNoViolationsAsync(page, screenshot);
        await session.ScreenshotAsync(screenshot);
    }
}
