using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Email;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Team;

/// <summary>
/// The Team, Email and Business profile pages as an Owner uses them: in light and dark, at 1280 × 800 and
/// 390 × 844, each view checked by axe and kept as a screenshot; a role change that waits for a confirmation,
/// and an invitation that says where it really went.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class TeamJourneyTests(BrowserFixture browser)
{
    private const string Owner = "robin@riverside.example";
    private const string Staff = "sam.long-surname@riverside-bakery.example";
    private const string Manager = "mia@riverside.example";

    private static readonly (string Name, int Width, int Height)[] Screens = [("wide", 1280, 800), ("phone", 390, 844)];

    [Fact]
    public async Task TeamEmailAndBusinessPages_BothThemesWideAndPhone_FitPassAxeAndKeepActionsReachable()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Robin Baker");
        await app.SeedUserAsync(Manager, Roles.Manager, name: "Mia Manager");
        await app.SeedUserAsync(Staff, Roles.Staff, name: "Sam Longsurname-Baker", enrollTwoFactor: true);

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, Owner);
            var team = new TeamPage(page);
            await team.GotoAsync();
            await Expect(team.Heading).ToBeVisibleAsync();
            await team.ExpectLiveAsync();
            await team.ExpectLiveAsync();

            foreach (var theme in new[] { "light", "dark" })
            {
                await team.GotoAsync();
                await team.WaitForInteractiveAsync();
                if (theme == "dark")
                {
                    await team.SwitchToDarkTheme.ClickAsync();
                    await Expect(team.SwitchToLightTheme).ToBeVisibleAsync();
                }
                foreach (var (screen, width, height) in Screens)
                {
                    await page.SetViewportSizeAsync(width, height);
                    await CheckTeamAsync(session, team, theme, screen);
                    await CheckOtherPageAsync(session, page, "settings/email", "Email", $"email-{theme}-{screen}");
                    await CheckOtherPageAsync(session, page, "settings/business", "Business profile", $"business-{theme}-{screen}");
                }
                await page.SetViewportSizeAsync(1280, 800);
            }
        });
    }

    private static async Task CheckTeamAsync(BrowserSession session, TeamPage team, string theme, string screen)
    {
        var page = team.Page;
        await team.GotoAsync();
        await team.WaitForInteractiveAsync();
        await Expect(team.Row(Staff)).ToBeVisibleAsync();

        // Nothing is cut off: the table fits its panel and every row's actions are on screen.
        var overflowing = await team.MembersTable.EvaluateAsync<bool>("table => table.parentElement.scrollWidth > table.parentElement.clientWidth + 1");
        Assert.False(overflowing, $"The members table does not fit the {screen} screen: it scrolls sideways.");
        var pageOverflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.False(pageOverflow, $"The Team page scrolls sideways on the {screen} screen.");
        foreach (var email in new[] { Manager, Staff })
        {
            await team.ActionsFor(email).ScrollIntoViewIfNeededAsync();
            await Expect(team.ActionsFor(email)).ToBeInViewportAsync();
        }
        await Accessibility.AssertNoViolationsAsync(page, $"the Team page ({theme}, {screen})");
        await session.ScreenshotAsync($"team-{theme}-{screen}");

        // The row menu offers Reset 2FA and Disable in full.
        await team.ActionsFor(Staff).ClickAsync();
        await Expect(team.MenuItem("Reset 2FA…")).ToBeInViewportAsync();
        await Expect(team.MenuItem("Disable…")).ToBeInViewportAsync();
        await Expect(team.MenuItem("Change role…")).ToBeInViewportAsync();
        await Accessibility.AssertNoViolationsAsync(page, $"the Team page's row menu ({theme}, {screen})");
        await session.ScreenshotAsync($"team-{theme}-{screen}-menu");

        // The role dialog: centred, its buttons on screen, and Owner explained before anything changes.
        await team.MenuItem("Change role…").ClickAsync();
        var dialog = page.GetByRole(AriaRole.Dialog, new() { NameRegex = new("Change the role of") });
        await Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByRole(AriaRole.Radio, new() { Name = "Owner" }).CheckAsync();
        await Expect(dialog.GetByTestId("owner-warning")).ToBeVisibleAsync();
        var confirm = dialog.GetByRole(AriaRole.Button, new() { Name = "Make Sam Longsurname-Baker an Owner" });
        await Expect(confirm).ToBeInViewportAsync();
        var box = await dialog.BoundingBoxAsync();
        var viewport = page.ViewportSize!;
        Assert.True(box is not null && box.Y > 0 && box.Y + box.Height <= viewport.Height, $"The dialog does not sit inside the {screen} screen: {box?.Y}+{box?.Height}.");
        Assert.True(Math.Abs(box!.X + box.Width / 2 - viewport.Width / 2.0) < 20, $"The dialog is not centred on the {screen} screen.");
        await Accessibility.AssertNoViolationsAsync(page, $"the change-role dialog ({theme}, {screen})");
        await session.ScreenshotAsync($"team-{theme}-{screen}-role-dialog");
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(dialog).ToHaveCountAsync(0);
        await Expect(team.Row(Staff)).ToContainTextAsync("Staff");
    }

    private static async Task CheckOtherPageAsync(BrowserSession session, IPage page, string path, string heading, string shot)
    {
        await page.GotoAsync(path);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Level = 1 })).ToBeVisibleAsync();
        await new AppShell(page).WaitForInteractiveAsync();
        var overflow = await page.EvaluateAsync<bool>("() => document.documentElement.scrollWidth > document.documentElement.clientWidth + 1");
        Assert.False(overflow, $"{path} scrolls sideways at {page.ViewportSize!.Width} px.");
        await Accessibility.AssertNoViolationsAsync(page, $"{path} ({shot})");
        await session.ScreenshotAsync(shot);
    }

    [Fact]
    public async Task ChangeRole_ChoosingDoesNothingUntilConfirmed_ThenAppliesAndSaysSo()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Robin Baker");
        var samId = await app.SeedUserAsync(Staff, Roles.Staff, name: "Sam");

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, Owner);
            var team = new TeamPage(page);
            await team.GotoAsync();
            await team.ExpectLiveAsync();

            // Choosing Owner warns and changes nothing; Cancel leaves Sam as Staff.
            await team.ChooseActionAsync(Staff, "Change role…");
            var dialog = page.GetByRole(AriaRole.Dialog, new() { NameRegex = new("Change the role of Sam") });
            await dialog.GetByRole(AriaRole.Radio, new() { Name = "Owner" }).CheckAsync();
            await Expect(dialog.GetByTestId("owner-warning")).ToContainTextAsync("trust them with the whole business's security");
            Assert.Equal(Roles.Staff, await RoleOfAsync(app, samId));
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);
            Assert.Equal(Roles.Staff, await RoleOfAsync(app, samId));

            // Escape cancels too.
            await team.ChooseActionAsync(Staff, "Change role…");
            await dialog.GetByRole(AriaRole.Radio, new() { Name = "Manager" }).CheckAsync();
            await page.Keyboard.PressAsync("Escape");
            await Expect(dialog).ToHaveCountAsync(0);
            Assert.Equal(Roles.Staff, await RoleOfAsync(app, samId));

            // Confirmed: applied, said, and shown.
            await team.ChooseActionAsync(Staff, "Change role…");
            await dialog.GetByRole(AriaRole.Radio, new() { Name = "Manager" }).CheckAsync();
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Make Sam a Manager" }).ClickAsync();
            await Expect(team.Toasts.Filter(new() { HasText = $"{Staff} is now a Manager." })).ToBeVisibleAsync();
            await Expect(team.Row(Staff)).ToContainTextAsync("Manager");
            Assert.Equal(Roles.Manager, await RoleOfAsync(app, samId));
        });
    }

    [Fact]
    public async Task Invite_NoSmtpServer_ToastAndOutboxSaySavedToPickupFolderNotDeliveredAndOfferNoRetry()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Robin Baker");

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, Owner);
            var team = new TeamPage(page);
            await team.GotoAsync();
            await team.ExpectLiveAsync();

            // A refused field keeps the dialog open with what was typed.
            await team.InviteAsync("Kim <b>Crust</b>", "not-an-address", "Staff");
            var dialog = page.GetByRole(AriaRole.Dialog, new() { Name = "Invite someone" });
            await Expect(dialog.GetByText("Enter a valid email address")).ToBeVisibleAsync();
            await Expect(dialog.GetByLabel("Name", new() { Exact = true })).ToHaveValueAsync("Kim <b>Crust</b>");
            await dialog.GetByLabel("Email", new() { Exact = true }).FillAsync("kim@riverside.example");
            await dialog.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
            await Expect(dialog).ToHaveCountAsync(0);

            var toast = team.Toasts.Filter(new() { HasText = "kim@riverside.example" });
            await Expect(toast).ToContainTextAsync("saved to the pickup folder, not delivered");
            await Expect(toast).Not.ToContainTextAsync("sent");
            await Expect(team.Invitations).ToContainTextAsync("Kim <b>Crust</b>");

            var relayed = await app.GetService<OutboxRelay>().RelayDueAsync(CancellationToken.None);
            Assert.Equal(1, relayed.SavedToPickupFolder);
            Assert.Equal(0, relayed.Sent);

            await page.GotoAsync("settings/email");
            var outbox = page.GetByRole(AriaRole.Table, new() { Name = "Outbox messages" });
            var row = outbox.Locator("tbody").GetByRole(AriaRole.Row).Filter(new() { HasText = "kim@riverside.example" });
            await Expect(row).ToContainTextAsync("Saved to the pickup folder, not delivered");
            await Expect(row).Not.ToContainTextAsync("Sent");
            await Expect(row.GetByRole(AriaRole.Button, new() { NameRegex = new("Retry now") })).ToHaveCountAsync(0);
            await Expect(page.GetByTestId("email-route")).ToContainTextAsync("not delivered");
            await Accessibility.AssertNoViolationsAsync(page, "the outbox with a pickup-folder message (wide)");
            await session.ScreenshotAsync("email-outbox-pickup-light-wide");
            await page.SetViewportSizeAsync(390, 844);
            await Expect(row).ToContainTextAsync("Saved to the pickup folder, not delivered");
            await Accessibility.AssertNoViolationsAsync(page, "the outbox with a pickup-folder message (phone)");
            await session.ScreenshotAsync("email-outbox-pickup-light-phone");
        });
    }

    private static async Task<string?> RoleOfAsync(AppFactory app, string userId)
    {
        await using var db = await app.CreateDbContextAsync();
        return await (from ur in db.UserRoles
                      join r in db.Roles on ur.RoleId equals r.Id
                      where ur.UserId == userId
                      select r.Name).FirstOrDefaultAsync();
    }
}
