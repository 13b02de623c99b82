using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Team;

[Collection(BrowserCollection.Name)]
public sealed class TeamAccessTests(BrowserFixture browser)
{
    [Fact]
    public async Task TeamPage_Staff_IsRefusedByUrlAndInAppNavigation()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("mia@bakery.example", Roles.Manager, name: "Mia Manager");
        await app.SeedUserAsync("sam@bakery.example", Roles.Staff, name: "Sam Staff");
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInAsync("sam@bakery.example", AppFactory.DefaultPassword);
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToBeVisibleAsync();

            // No way there from the menu.
            await Expect(dashboard.NavLink("Dashboard")).ToBeVisibleAsync();
            await Expect(dashboard.NavLink("Team")).ToHaveCountAsync(0);

            // Typing the address: refused, and no member list.
            var team = new TeamPage(page);
            await team.GotoAsync();
            await Expect(team.AccessDenied).ToBeVisibleAsync();
            await Expect(team.Members).ToHaveCountAsync(0);
            await Expect(page.GetByText("mia@bakery.example")).ToHaveCountAsync(0);

            // Navigating inside the running app (no page load), as a link would: refused too.
            await dashboard.GotoAsync();
            await dashboard.WaitForInteractiveAsync();
            await page.EvaluateAsync("() => { window.stillSamePage = true; Blazor.navigateTo('/team'); }");
            await Expect(team.AccessDenied).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.stillSamePage === true"), "The navigation reloaded the page.");
            await Expect(team.Members).ToHaveCountAsync(0);
            await Expect(page.GetByText("mia@bakery.example")).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task TeamPage_Manager_OpensFromTheMenuAndSeesMembers()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("mia@bakery.example", Roles.Manager, name: "Mia Manager");
        await app.SeedUserAsync("sam@bakery.example", Roles.Staff, name: "Sam Staff");
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "mia@bakery.example");
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToBeVisibleAsync();
            await dashboard.WaitForInteractiveAsync();

            await page.EvaluateAsync("() => window.stillSamePage = true");
            await dashboard.NavLink("Team").ClickAsync();

            var team = new TeamPage(page);
            await Expect(team.Heading).ToBeVisibleAsync();
            await Expect(team.Members).ToContainTextAsync("sam@bakery.example");
            await Expect(team.AccessDenied).ToHaveCountAsync(0);
            Assert.True(await page.EvaluateAsync<bool>("() => window.stillSamePage === true"), "The menu link reloaded the page.");
        });
    }
}
