using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Layout;

/// <summary>
/// The MudBlazor shell and its first pages (dashboard, audit log) as an Owner uses them: in light and dark, on a
/// 1280 px screen and a 390 px phone, each view checked by axe-core against WCAG 2.2 AA and kept as a screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class ShellJourneyTests(BrowserFixture browser)
{
    private static readonly (string Name, int Width, int Height)[] Screens = [("wide", 1280, 800), ("phone", 390, 844)];

    [Fact]
    public async Task DashboardAndAuditLog_BothThemesWideAndPhone_PassAxeAndReadAsSentences()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("robin@riverside.example", Roles.Owner, name: "Robin Baker");
        await app.SeedUserAsync("sam.long-surname@riverside-bakery.example", Roles.Staff, name: "Sam");
        var audit = app.GetService<AuditLog>();
        await audit.WriteAsync(AuditEvents.InvitationSent, actorEmail: "robin@riverside.example",
            target: "sam.long-surname@riverside-bakery.example", details: "Role: Staff");
        await audit.WriteAsync(AuditEvents.RoleChanged, actorEmail: "robin@riverside.example",
            target: "sam.long-surname@riverside-bakery.example", details: "Before: Staff. After: Manager");
        await audit.WriteAsync(AuditEvents.SettingsChanged, actorEmail: "robin@riverside.example",
            target: "<script>alert(1)</script>", details: "Before: name=Old. After: name=New");

        await session.RunAsync(async page =>
        {
            var login = new Pages.LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "robin@riverside.example");
            var dashboard = new Pages.DashboardPage(page);
            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Robin Baker");

            // A new person follows the operating system until they pick a theme...
            await dashboard.WaitForInteractiveAsync();
            await Expect(dashboard.SwitchToDarkTheme).ToBeVisibleAsync();
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Dark });
            await Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
            await dashboard.ExpectThemeAsync(dark: true);

            // ...and once they pick one (the liveness check toggles), it stays whatever the system says.
            await dashboard.ExpectLiveAsync();
            await Expect(dashboard.SwitchToDarkTheme).ToBeVisibleAsync();
            await page.ReloadAsync();
            await dashboard.WaitForInteractiveAsync();
            await Expect(dashboard.SwitchToDarkTheme).ToBeVisibleAsync();
            await page.EmulateMediaAsync(new() { ColorScheme = ColorScheme.Light });

            foreach (var theme in new[] { "light", "dark" })
            {
                await dashboard.GotoAsync();
                await dashboard.WaitForInteractiveAsync();
                if (theme == "dark")
                {
                    await dashboard.SwitchToDarkTheme.ClickAsync();
                    await Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
                    await Expect(page.Locator("body")).ToHaveClassAsync("sh-dark");
                }
                foreach (var (screen, width, height) in Screens)
                {
                    await page.SetViewportSizeAsync(width, height);
                    await CheckDashboardAsync(session, dashboard, theme, screen);
                    await CheckAuditLogAsync(session, page, theme, screen);
                }
                await page.SetViewportSizeAsync(1280, 800);
            }
        });
    }

    private static async Task CheckDashboardAsync(BrowserSession session, Pages.DashboardPage dashboard, string theme, string screen)
    {
        var page = dashboard.Page;
        await dashboard.GotoAsync();
        await dashboard.WaitForInteractiveAsync();
        await Expect(dashboard.BusinessProfile).ToBeVisibleAsync();
        if (screen == "wide")
        {
            // A permanent side bar beside the page.
            await Expect(dashboard.MainNavigation).ToBeInViewportAsync();
            await Accessibility.AssertNoViolationsAsync(page, $"the dashboard ({theme}, {screen})");
            await session.ScreenshotAsync($"shell-dashboard-{theme}-{screen}");
            return;
        }

        // On a phone the drawer starts closed and the page has the full width...
        await Expect(dashboard.NavigationButton).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(dashboard.MainNavigation).Not.ToBeInViewportAsync();
        var greeting = await dashboard.Greeting.BoundingBoxAsync();
        Assert.True(greeting is { X: < 40 }, $"On a phone the page should start at the left edge, but the greeting starts at x={greeting?.X}.");
        await Accessibility.AssertNoViolationsAsync(page, $"the dashboard ({theme}, {screen}, drawer closed)");
        await session.ScreenshotAsync($"shell-dashboard-{theme}-{screen}");

        // ...opens over the page, keeps the page where it was, and closes after a choice.
        await dashboard.OpenNavigationAsync();
        var after = await dashboard.Greeting.BoundingBoxAsync();
        Assert.Equal(greeting!.X, after!.X);
        await Accessibility.AssertNoViolationsAsync(page, $"the dashboard ({theme}, {screen}, drawer open)");
        await session.ScreenshotAsync($"shell-dashboard-{theme}-{screen}-menu");
        await page.Keyboard.PressAsync("Escape");
        await Expect(dashboard.NavigationButton).ToHaveAttributeAsync("aria-expanded", "false");
        await dashboard.OpenNavigationAsync();
        await dashboard.NavLink("Audit log").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 })).ToBeVisibleAsync();
        await Expect(dashboard.NavigationButton).ToHaveAttributeAsync("aria-expanded", "false");
        await Expect(dashboard.MainNavigation).Not.ToBeInViewportAsync();
    }

    private static async Task CheckAuditLogAsync(BrowserSession session, IPage page, string theme, string screen)
    {
        var auditLog = new Pages.AuditLogPage(page);
        await auditLog.GotoAsync();

        // Sentences, with the names people go by, and the event's code beside them.
        var roleChange = auditLog.Row("Robin Baker changed Sam's role from Staff to Manager");
        await Expect(roleChange).ToBeVisibleAsync();
        await Expect(roleChange).ToContainTextAsync(AuditEvents.RoleChanged);
        await Expect(auditLog.Row("Robin Baker invited Sam as Staff")).ToBeVisibleAsync();
        // User text is shown as text.
        await Expect(auditLog.Row("changed the business profile")).ToContainTextAsync("<script>alert(1)</script>");
        await Expect(auditLog.Events.Locator("script")).ToHaveCountAsync(0);

        // Names and addresses never break inside a word: each part of them (a long address may go on after its @)
        // is one box on one line.
        var broken = await auditLog.Events.EvaluateAsync<string[]>(
            "table => [...table.querySelectorAll('.audit-person')].filter(e => e.getClientRects().length !== 1).map(e => e.textContent)");
        Assert.True(broken.Length == 0, $"Broken inside on the {screen} screen: {string.Join(", ", broken)}");
        var overflowing = await auditLog.Events.EvaluateAsync<bool>("table => table.parentElement.scrollWidth > table.parentElement.clientWidth + 1");
        Assert.False(overflowing, $"The events do not fit the {screen} screen: the table scrolls sideways.");

        await Expect(auditLog.ExportLink).ToHaveAttributeAsync("href", "/audit/export.csv");
        await Accessibility.AssertNoViolationsAsync(page, $"the audit log ({theme}, {screen})");
        await session.ScreenshotAsync($"shell-audit-{theme}-{screen}");
    }
}
