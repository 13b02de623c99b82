using System.Security.Claims;
using System.Text.RegularExpressions;
using SecurityHub.Account;
using SecurityHub.Team;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Team;

[Collection(BrowserCollection.Name)]
public sealed class DisableUserTests(BrowserFixture browser)
{
    [Fact]
    public async Task DisableUser_OpenInteractivePage_SignedOutWithinRevalidationIntervalSayingWhy()
    {
        // Revalidation runs every minute in production; 5 seconds here keeps the test short.
        using var app = new AppFactory().With("SecurityHub:CircuitRevalidationSeconds", "5");
        await using var session = await browser.OpenAsync(app);
        var ownerId = await app.SeedUserAsync("robin@riverside.example", Roles.Owner);
        var staffId = await app.SeedUserAsync("sam@riverside.example", Roles.Staff, name: "Sam Staff");

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInAsync("sam@riverside.example", AppFactory.DefaultPassword);
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Sam Staff");
            await dashboard.WaitForInteractiveAsync();

            var owner = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, ownerId), new Claim(ClaimTypes.Role, Roles.Owner)], "test"));
            var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
            Assert.True((await team.SetDisabledAsync(owner, staffId, disabled: true)).Succeeded);

            // The open page, which never reloads by itself, loses its user and lands on sign-in, which says why.
            await Expect(page).ToHaveURLAsync(LoginPage.AddressOf(session.BaseAddress), new() { Timeout = 20_000 });
            await Expect(dashboard.Greeting).ToHaveCountAsync(0);
            await Expect(login.Notice(new Regex("disabled", RegexOptions.IgnoreCase))).ToBeVisibleAsync(new() { Timeout = 5_000 });
        });
    }
}
