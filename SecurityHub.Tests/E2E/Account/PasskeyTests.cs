using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Account;

[Collection(BrowserCollection.Name)]
public sealed class PasskeyTests(BrowserFixture browser)
{
    [Fact]
    public async Task Passkey_AddedByUnenrolledManager_CountsAsSecondFactorAndSignsIn()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("mia@riverside.example", Roles.Manager, name: "Mia Manager", enrollTwoFactor: false);

        await session.RunAsync(async page =>
        {
            // WebAuthn refuses an IP address as the relying party, so this journey uses "localhost".
            var root = $"http://localhost:{session.BaseAddress.Port}";

            // Chromium's virtual authenticator stands in for a phone or a security key.
            var cdp = await page.Context.NewCDPSessionAsync(page);
            await cdp.SendAsync("WebAuthn.enable");
            await cdp.SendAsync("WebAuthn.addVirtualAuthenticator", new Dictionary<string, object>
            {
                ["options"] = new Dictionary<string, object>
                {
                    ["protocol"] = "ctap2",
                    ["transport"] = "internal",
                    ["hasResidentKey"] = true,
                    ["hasUserVerification"] = true,
                    ["isUserVerified"] = true,
                    ["automaticPresenceSimulation"] = true,
                },
            });

            await page.GotoAsync($"{root}/Account/Login");
            var login = new LoginPage(page);
            await login.SignInAsync("mia@riverside.example", AppFactory.DefaultPassword);

            // A Manager without a second factor is held at enrollment; adding a passkey is one of the ways out.
            await Expect(new EnrollmentPage(page).Heading).ToBeVisibleAsync();
            await page.GotoAsync($"{root}/Account/Manage/Passkeys");
            // Adding a way to sign in asks for the password again.
            await page.GetByLabel("Your password (to confirm it is you)").FillAsync(AppFactory.DefaultPassword);
            await page.GetByRole(AriaRole.Button, new() { Name = "Add a new passkey" }).ClickAsync();
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/Account/Manage/RenamePasskey/"));

            // This sign-in used the password, so the passkey is no second step for it: enrollment stays,
            // and says how to use the passkey instead.
            await page.GotoAsync($"{root}/");
            await Expect(new EnrollmentPage(page).Heading).ToBeVisibleAsync();
            await Expect(page.GetByTestId("passkey-hint")).ToContainTextAsync("Sign in with a passkey");
            var dashboard = new DashboardPage(page);

            // Signing in with the passkey alone, no password: the sign-in page offers it (the browser may
            // even pick it up by itself, since the email field asks for "username webauthn").
            await page.Context.ClearCookiesAsync();
            await page.GotoAsync($"{root}/Account/Login");
            var passkeyButton = page.GetByRole(AriaRole.Button, new() { Name = "Sign in with a passkey" });
            try
            {
                await passkeyButton.ClickAsync(new() { Timeout = 5_000 });
            }
            catch (Exception ex) when (ex is PlaywrightException or TimeoutException)
            {
                // Already signed in through the browser's passkey autofill.
            }
            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Mia Manager");
            Assert.DoesNotContain(page.Context.Pages, p => p.Url.Contains("LoginWith2fa", StringComparison.Ordinal));

            // Removing it asks for the password too.
            await page.GotoAsync($"{root}/Account/Manage/Passkeys");
            await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Remove the passkey" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Your password")).ToBeVisibleAsync();

            await using var db = await app.CreateDbContextAsync();
            var events = db.AuditEvents.Select(e => e.EventType).ToList();
            Assert.Contains("passkey.added", events);
        });
    }
}
