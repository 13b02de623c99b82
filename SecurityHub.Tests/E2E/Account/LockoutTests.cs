using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Account;

[Collection(BrowserCollection.Name)]
public sealed class LockoutTests(BrowserFixture browser)
{
    private const string Email = "sam@bakery.example";

    [Fact]
    public async Task SignIn_AfterFiveWrongPasswords_RefusesTheRightOneToo()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync(Email, Roles.Staff, name: "Sam Staff");
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            for (var attempt = 1; attempt <= 5; attempt++)
            {
                await login.SignInAsync(Email, $"not my password {attempt}");
                await Expect(login.Error).ToContainTextAsync("don't match an account");
            }

            await login.SignInAsync(Email, AppFactory.DefaultPassword);

            // The app gives one answer for every failure, so what the user notices is that they stay here.
            await Expect(login.Error).ToContainTextAsync("don't match an account");
            await Expect(login.Heading).ToBeVisibleAsync();
            await Expect(new DashboardPage(page).Greeting).ToHaveCountAsync(0);
            Assert.EndsWith("/Account/Login", new Uri(page.Url).AbsolutePath, StringComparison.OrdinalIgnoreCase);
        });

        await using var db = await app.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == Email);
        Assert.NotNull(user.LockoutEnd);
        Assert.True(user.LockoutEnd > DateTimeOffset.UtcNow, $"LockoutEnd {user.LockoutEnd:O} is not in the future");
    }
}
