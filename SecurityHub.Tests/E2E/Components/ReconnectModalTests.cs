using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Components;

/// <summary>The reconnect dialog answers the .NET 10 script's events (it is a script file: the CSP allows no inline handlers).</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectModalTests(BrowserFixture browser)
{
    [Fact]
    public async Task PausedCircuit_ShowsDialog_ResumeBringsThePageBack()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("sam@bakery.example", Roles.Staff, name: "Sam Staff");
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInAsync("sam@bakery.example", AppFactory.DefaultPassword);
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToBeVisibleAsync();
            await dashboard.WaitForInteractiveAsync();
            await Expect(dashboard.ReconnectDialog).ToBeHiddenAsync();

            // The same pause the server asks for when it saves resources. A JS call's answer still on its way then has no
            // connection to go over, and blazor.web.js reports that as an uncaught error: the pause, not a broken page.
            session.ExpectConsoleError("Cannot send data if the connection is not in the 'Connected' State");
            Assert.True(await page.EvaluateAsync<bool>("() => Blazor.pauseCircuit()"), "The circuit did not pause.");
            await Expect(dashboard.ReconnectDialog).ToBeVisibleAsync();
            await Expect(dashboard.ReconnectDialog).ToContainTextAsync("The server paused this page");

            await dashboard.ReconnectDialog.GetByRole(AriaRole.Button, new() { Name = "Resume" }).ClickAsync();
            await Expect(dashboard.ReconnectDialog).ToBeHiddenAsync();

            // The resumed circuit handles events again: the theme toggle works without a reload.
            await page.EvaluateAsync("() => window.stillSamePage = true");
            await dashboard.WaitForInteractiveAsync();
            await dashboard.SwitchToDarkTheme.ClickAsync();
            await Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
            Assert.True(await page.EvaluateAsync<bool>("() => window.stillSamePage === true"), "Resuming reloaded the page.");
        });
    }
}
