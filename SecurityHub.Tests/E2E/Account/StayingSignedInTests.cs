using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;
using SecurityHub.Account;
using InventorySystem = SecurityHub.Inventory.InventorySystem;
using SystemOperator = SecurityHub.Inventory.SystemOperator;
using SystemType = SecurityHub.Inventory.SystemType;
using SecurityHub.Team;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Account;

/// <summary>
/// A signed-in person keeps their session while they work, however long a page stays open, and loses it
/// promptly, with a reason, when it really ends. The circuit re-check runs every 5 seconds here (60 in
/// production), and the test clock ticks like a real one: a frozen clock hides the security-stamp check,
/// which only runs once time has passed since sign-in.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class StayingSignedInTests(BrowserFixture browser)
{
    private const int RecheckSeconds = 5;
    private const string ManagerEmail = "mia@bakery.example";

    /// <summary>The deliberate wait of these journeys: the time under test, three re-checks and a bit.</summary>
    private static readonly float PastSeveralRechecks = (3 * RecheckSeconds + 1) * 1000;

    public enum SessionEnd
    {
        SignedOutInAnotherTab,
        SessionDeletedOnServer,
        RoleChangedByOwner,
    }

    [Fact]
    public async Task InteractivePages_OpenPastSeveralRechecksInTwoTabs_StaySignedInAndSave()
    {
        using var app = NewApp();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync(ManagerEmail, Roles.Manager, name: "Mia Manager");
        await session.RunAsync(async page =>
        {
            await SignInAsync(app, page);
            var visits = new NavigationLog(page);

            // A second tab of the same browser on another page.
            var otherTab = await session.Context.NewPageAsync();
            var otherVisits = new NavigationLog(otherTab);
            var certificates = new CertificatesPage(otherTab);
            await certificates.GotoAsync();
            await Expect(certificates.Heading).ToBeVisibleAsync();
            await certificates.ExpectLiveAsync();

            // The first tab: the inventory, live, with the "Add system" form half typed.
            await page.BringToFrontAsync();
            var inventory = new InventoryPage(page);
            await inventory.GotoAsync();
            await inventory.ExpectLiveAsync();
            await inventory.AddSystem.ClickAsync();
            var dialog = new SystemDialog(page);
            await dialog.WaitUntilReadyAsync();
            await dialog.Name.FillAsync("Till and card reader");

            // The person is interrupted: a customer at the counter.
            await page.WaitForTimeoutAsync(PastSeveralRechecks);
            visits.AssertNeverVisited("/Account/Login", $"The session is valid and the page was open for {PastSeveralRechecks / 1000} s");
            otherVisits.AssertNeverVisited("/Account/Login", "The session is valid and the second tab stayed open");

            // They finish typing; what they typed first is still there, and the save works.
            await Expect(dialog.Name).ToHaveValueAsync("Till and card reader");
            await dialog.ChooseAsync(dialog.Kind, "Accounting");
            await dialog.ChooseAsync(dialog.WhoRunsIt, "A third-party vendor");
            await dialog.VendorName.FillAsync("Tillworks");
            await dialog.Submit("Add system").ClickAsync();
            var system = new InventorySystemPage(page);
            await Expect(system.Heading("Till and card reader")).ToBeVisibleAsync();
            await using (var db = await app.CreateDbContextAsync())
            {
                Assert.True(await db.InventorySystems.AnyAsync(s => s.Name == "Till and card reader" && s.VendorName == "Tillworks"), "The system is not in the database.");
            }

            // The second tab is still live too.
            await certificates.ExpectLiveAsync();

            // Moving around inside the running app (no page load): still signed in.
            await page.EvaluateAsync("() => window.stillSamePage = true");
            await system.NavLink("Dashboard").ClickAsync();
            await Expect(new DashboardPage(page).Greeting).ToHaveTextAsync("Hello, Mia Manager");
            await system.NavLink("Customer data").ClickAsync();
            await Expect(inventory.Heading).ToBeVisibleAsync();
            await Expect(inventory.Systems).ToContainTextAsync("Till and card reader");
            Assert.True(await page.EvaluateAsync<bool>("() => window.stillSamePage === true"), "The menu links reloaded the page.");
            await inventory.ExpectLiveAsync();
            visits.AssertNeverVisited("/Account/Login", "The session is valid");
            otherVisits.AssertNeverVisited("/Account/Login", "The session is valid");
        });
    }

    /// <summary>
    /// The app restarts (an update, a reboot) on the same data directory and port: the browser's session
    /// row and data-protection keys survive, so reloading the open tab finds the person still signed in.
    /// </summary>
    [Fact]
    public async Task Restart_SameDataDirectoryAndPort_ReloadedTabStillSignedInAndLive()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "securityhub-tests", "restart-" + Guid.NewGuid().ToString("N"));
        try
        {
            var first = NewApp().With("SecurityHub:DataDirectory", dataDirectory);
            try
            {
                await using var session = await browser.OpenAsync(first);
                var userId = await first.SeedUserAsync(ManagerEmail, Roles.Manager, name: "Mia Manager");
                await session.RunAsync(async page =>
                {
                    await SignInAsync(first, page);
                    var dashboard = new DashboardPage(page);
                    await dashboard.WaitForInteractiveAsync();
                    // Nothing still loading when the server goes away (a font that failed would count as a broken page).
                    await page.EvaluateAsync("async () => { await document.fonts.ready; }");

                    var down = session.ServerDown();
                    first.Dispose();
                    using var second = NewApp().With("SecurityHub:DataDirectory", dataDirectory);
                    second.Clock.SetUtcNow(first.Clock.GetUtcNow());
                    var address = second.StartKestrel(session.BaseAddress.Port);
                    Assert.Equal(session.BaseAddress, address);
                    await using (var db = await second.CreateDbContextAsync())
                    {
                        Assert.Equal(1, await db.UserSessions.CountAsync(s => s.UserId == userId));
                    }

                    var visits = new NavigationLog(page);
                    await page.ReloadAsync();
                    await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Mia Manager");
                    await dashboard.ExpectLiveAsync();
                    // The browser's reports of the lost connection (the socket closed, reconnects refused) arrive with a
                    // delay: the restart window closes once the reloaded page is live.
                    down.Dispose();

                    // And it stays that way past the re-check on the restarted app.
                    await page.WaitForTimeoutAsync(PastSeveralRechecks);
                    visits.AssertNeverVisited("/Account/Login", "The session survived the restart");
                    await dashboard.NavLink("Customer data").ClickAsync();
                    await Expect(new InventoryPage(page).Heading).ToBeVisibleAsync();
                    await dashboard.ExpectLiveAsync();
                    visits.AssertNeverVisited("/Account/Login", "The session survived the restart");

                    // The restarted app stops as this journey ends, under the open page: that is not a broken page.
                    _ = session.ServerDown();
                });
            }
            finally
            {
                first.Dispose();
            }
        }
        finally
        {
            Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
            try
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
            catch (IOException)
            {
                // A file still open by a background thread: the temp folder is cleaned by the OS later.
            }
        }
    }

    /// <summary>
    /// When the session really ends, an open page deep inside the app leaves within the re-check interval
    /// for the sign-in page itself (/Account/Login, not a path under the page's own), which says why.
    /// Disabling a user is covered by <see cref="Team.DisableUserTests"/>.
    /// </summary>
    [Theory]
    [InlineData(SessionEnd.SignedOutInAnotherTab)]
    [InlineData(SessionEnd.SessionDeletedOnServer)]
    [InlineData(SessionEnd.RoleChangedByOwner)]
    public async Task SessionEnds_OpenNestedPage_LeavesPromptlyToSignInSayingWhy(SessionEnd how)
    {
        using var app = NewApp();
        await using var session = await browser.OpenAsync(app, $"{nameof(SessionEnds_OpenNestedPage_LeavesPromptlyToSignInSayingWhy)}-{how}");
        var ownerId = await app.SeedUserAsync("robin@bakery.example", Roles.Owner, name: "Robin Owner");
        var managerId = await app.SeedUserAsync(ManagerEmail, Roles.Manager, name: "Mia Manager");
        int systemId;
        await using (var db = await app.CreateDbContextAsync())
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var till = new InventorySystem { Name = "Till and card reader", Type = SystemType.PointOfSale, Operator = SystemOperator.Vendor, VendorName = "Tillworks", CreatedUtc = now, UpdatedUtc = now };
            db.InventorySystems.Add(till);
            await db.SaveChangesAsync();
            systemId = till.Id;
        }

        await session.RunAsync(async page =>
        {
            await SignInAsync(app, page);
            await page.GotoAsync($"inventory/systems/{systemId}");
            var system = new InventorySystemPage(page);
            await Expect(system.Heading("Till and card reader")).ToBeVisibleAsync();
            await system.ExpectLiveAsync();

            Regex reason;
            switch (how)
            {
                case SessionEnd.SignedOutInAnotherTab:
                    var otherTab = await session.Context.NewPageAsync();
                    var dashboard = new DashboardPage(otherTab);
                    await dashboard.GotoAsync();
                    await dashboard.SignOutAsync();
                    reason = SessionEndedMessage();
                    break;
                case SessionEnd.SessionDeletedOnServer:
                    await using (var db = await app.CreateDbContextAsync())
                    {
                        Assert.Equal(1, await db.UserSessions.Where(s => s.UserId == managerId).ExecuteDeleteAsync());
                    }
                    reason = SessionEndedMessage();
                    break;
                default:
                    var owner = await app.PrincipalForAsync(ownerId);
                    await using (var scope = app.Services.CreateAsyncScope())
                    {
                        var team = scope.ServiceProvider.GetRequiredService<TeamService>();
                        Assert.True((await team.ChangeRoleAsync(owner, managerId, Roles.Staff)).Succeeded);
                    }
                    reason = new Regex("role", RegexOptions.IgnoreCase);
                    break;
            }

            // The open page, which never reloads by itself, leaves for the sign-in page...
            await Expect(page).ToHaveURLAsync(LoginPage.AddressOf(session.BaseAddress), new() { Timeout = 3 * RecheckSeconds * 1000 });
            var login = new LoginPage(page);
            await Expect(login.Heading).ToBeVisibleAsync();
            await Expect(system.Heading("Till and card reader")).ToHaveCountAsync(0);
            // ...which tells them why they have to sign in again.
            await Expect(login.Notice(reason)).ToBeVisibleAsync(new() { Timeout = 5_000 });
        });
    }

    private static Regex SessionEndedMessage() => new("session|signed out", RegexOptions.IgnoreCase);

    private static AppFactory NewApp()
    {
        var app = new AppFactory().With("SecurityHub:CircuitRevalidationSeconds", RecheckSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture));
        app.StartClockTicking();
        return app;
    }

    private static async Task SignInAsync(AppFactory app, IPage page)
    {
        var login = new LoginPage(page);
        await login.GotoAsync();
        await login.SignInWithCodeAsync(app, ManagerEmail);
        await Expect(new DashboardPage(page).Greeting).ToHaveTextAsync("Hello, Mia Manager");
    }
}
