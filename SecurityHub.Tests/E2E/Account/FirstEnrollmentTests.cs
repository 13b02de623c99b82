using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Team;
using SecurityHub.Tests.E2E.Organization;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Account;

/// <summary>
/// Everyone who must use two-factor sign-in sets it up on their first sign-in, and the first correct code
/// from their app turns it on. The enrollment page is left to load completely (its scripts ask the server
/// for files too), and the person takes a few seconds, past the circuit re-check, before typing the code.
/// The test clock ticks like a real one: a frozen clock hides the security-stamp check, which only runs
/// once time has passed since sign-in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed partial class FirstEnrollmentTests(BrowserFixture browser)
{
    private const int RecheckSeconds = 5;
    private const string Password = "flour water salt yeast";

    public enum NewUser
    {
        OwnerThroughFirstRun,
        InvitedManager,
        StaffWhereBusinessRequiresTwoFactor,
        OwnerCreatedWithoutTwoFactor,
    }

    [Theory]
    [InlineData(NewUser.OwnerThroughFirstRun)]
    [InlineData(NewUser.InvitedManager)]
    [InlineData(NewUser.StaffWhereBusinessRequiresTwoFactor)]
    [InlineData(NewUser.OwnerCreatedWithoutTwoFactor)]
    public async Task FirstSignIn_FirstCodeAfterPageFullyLoaded_TurnsOnTwoFactorAndReachesDashboard(NewUser who)
    {
        using var app = new AppFactory().With("SecurityHub:CircuitRevalidationSeconds", RecheckSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.StartClockTicking();
        await using var session = await browser.OpenAsync(app, $"{nameof(FirstSignIn_FirstCodeAfterPageFullyLoaded_TurnsOnTwoFactorAndReachesDashboard)}-{who}");
        await session.RunAsync(async page =>
        {
            var (email, name) = await ArriveAtFirstSignInAsync(who, session, page);

            // A first sign-in always leads to enrollment.
            var enrollment = new EnrollmentPage(page);
            await Expect(enrollment.Heading).ToBeVisibleAsync();
            await page.WaitForLoadStateAsync(LoadState.NetworkIdle);
            await Expect(enrollment.QrCode).ToBeVisibleAsync();
            var key = (await enrollment.ManualKey.InnerTextAsync()).Replace(" ", "", StringComparison.Ordinal);

            // Installing the app and adding the account takes a moment.
            await page.WaitForTimeoutAsync((RecheckSeconds + 3) * 1000);
            await enrollment.VerifyAsync(Authenticator.CodeNow(app, key));

            var login = new LoginPage(page);
            var refused = page.GetByRole(AriaRole.Alert).Filter(new() { HasText = "didn't match" });
            await Expect(enrollment.RecoveryCodes.First.Or(login.Heading).Or(refused).First).ToBeVisibleAsync();
            Assert.False(await login.Heading.IsVisibleAsync(), $"The first correct code sent the {who} to sign-in ({page.Url}) instead of turning two-factor sign-in on.");
            if (await refused.IsVisibleAsync())
            {
                Assert.Fail($"The first correct code was refused for the {who}: {await refused.InnerTextAsync()}");
            }
            await Expect(enrollment.RecoveryCodes).ToHaveCountAsync(10);
            await using (var db = await app.CreateDbContextAsync())
            {
                Assert.True(await db.Users.Where(u => u.Email == email).Select(u => u.TwoFactorEnabled).SingleAsync(), "Two-factor sign-in is still off in the database.");
            }

            await page.GetByRole(AriaRole.Link, new() { Name = "Continue to the dashboard" }).ClickAsync();
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToHaveTextAsync($"Hello, {name}");
            await dashboard.ExpectLiveAsync();
        });
    }

    /// <summary>Brings a brand-new user, however they came to exist, to their first signed-in page; returns their email and name.</summary>
    private static async Task<(string Email, string Name)> ArriveAtFirstSignInAsync(NewUser who, BrowserSession session, IPage page)
    {
        var app = session.App;
        var login = new LoginPage(page);
        switch (who)
        {
            case NewUser.OwnerThroughFirstRun:
                var setup = new SetupPage(page);
                await setup.GotoAsync();
                await setup.CompleteAsync(FirstRunTests.SetupCodeFromLog(app), "Riverside Bakery", "Robin Baker", "robin@riverside.example", Password);
                await Expect(page.GetByText("Your business is set up")).ToBeVisibleAsync();
                await login.SignInAsync("robin@riverside.example", Password);
                return ("robin@riverside.example", "Robin Baker");

            case NewUser.InvitedManager:
                var ownerId = await app.SeedUserAsync("robin@riverside.example", Roles.Owner, name: "Robin Baker");
                await using (var scope = app.Services.CreateAsyncScope())
                {
                    var invited = await scope.ServiceProvider.GetRequiredService<TeamService>().InviteAsync(
                        await app.PrincipalForAsync(ownerId),
                        new InvitationInput { Email = "kim@riverside.example", DisplayName = "Kim Crust", Role = Roles.Manager },
                        session.BaseAddress.ToString());
                    Assert.True(invited.Succeeded);
                }
                string link;
                await using (var db = await app.CreateDbContextAsync())
                {
                    var mail = await db.OutboxMessages.SingleAsync(m => m.ToAddress == "kim@riverside.example");
                    link = InviteLink().Match(mail.TextBody).Value;
                    Assert.False(string.IsNullOrEmpty(link), mail.TextBody);
                }
                await page.GotoAsync(link);
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join the team" })).ToBeVisibleAsync();
                await page.GetByLabel("Password", new() { Exact = true }).FillAsync(Password);
                await page.GetByLabel("Confirm password").FillAsync(Password);
                await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();
                await Expect(page.GetByText("Your account is ready")).ToBeVisibleAsync();
                await login.SignInAsync("kim@riverside.example", Password);
                return ("kim@riverside.example", "Kim Crust");

            case NewUser.StaffWhereBusinessRequiresTwoFactor:
                await app.SeedUserAsync("robin@riverside.example", Roles.Owner, name: "Robin Baker");
                await using (var db = await app.CreateDbContextAsync())
                {
                    var business = await db.Organizations.SingleAsync();
                    business.RequireTwoFactorForStaff = true;
                    await db.SaveChangesAsync();
                }
                await app.SeedUserAsync("sam@riverside.example", Roles.Staff, Password, name: "Sam Staff");
                await login.GotoAsync();
                await login.SignInAsync("sam@riverside.example", Password);
                return ("sam@riverside.example", "Sam Staff");

            default:
                // As the create-owner command leaves them: an Owner with no second factor yet.
                await app.SeedUserAsync("robin@riverside.example", Roles.Owner, Password, name: "Robin Baker", enrollTwoFactor: false);
                await login.GotoAsync();
                await login.SignInAsync("robin@riverside.example", Password);
                return ("robin@riverside.example", "Robin Baker");
        }
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/invite/[A-Za-z0-9_\-]+")]
    private static partial Regex InviteLink();
}
