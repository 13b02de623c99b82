using System.Text.RegularExpressions;
using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Email;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Team;

[Collection(BrowserCollection.Name)]
public sealed partial class InvitationTests(BrowserFixture browser)
{
    [Fact]
    public async Task Invite_EmailArrivesAtRealSmtp_LinkSetsPasswordAndSignsIn()
    {
        await using var smtp = await MaildevServer.StartAsync();
        // maildev listens on loopback, an internal address the relay refuses unless allowed.
        using var app = new AppFactory().With(EmailOptions.Section + ":AllowInternalHosts", "true");
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("robin@riverside.example", Roles.Owner, name: "Robin Baker");
        await using (var db = await app.CreateDbContextAsync())
        {
            db.EmailSettings.Add(new EmailSettings { SmtpHost = smtp.Host, SmtpPort = smtp.SmtpPort, Security = SmtpSecurity.None, FromAddress = "securityhub@riverside.example" });
            await db.SaveChangesAsync();
        }

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "robin@riverside.example");

            // The owner invites a new member from the Team page.
            var team = new TeamPage(page);
            await team.GotoAsync();
            await team.WaitForInteractiveAsync();
            await team.InviteAsync("Kim Crust", "kim@riverside.example", "Staff");
            await Expect(team.Toasts.Filter(new() { HasText = "Invitation sent" })).ToBeVisibleAsync();
            await Expect(team.Invitations).ToContainTextAsync("kim@riverside.example");

            // The relay job delivers it to the real SMTP server (the scheduler is off in tests, so run it by hand).
            var relayed = await app.GetService<OutboxRelay>().RelayDueAsync(CancellationToken.None);
            Assert.Equal(1, relayed.Sent);
            var email = await smtp.WaitForEmailToAsync("kim@riverside.example");
            Assert.Equal("You're invited to Test Bakery on SecurityHub", email.Subject);
            var link = InviteLink().Match(email.Text ?? "").Value;
            Assert.False(string.IsNullOrEmpty(link), email.Text);

            // The invitee opens the link in their own browser, chooses a password and signs in.
            await page.Context.ClearCookiesAsync();
            await page.GotoAsync(link);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Join the team" })).ToBeVisibleAsync();
            await Expect(page.GetByLabel("Your name")).ToHaveValueAsync("Kim Crust");
            await page.GetByLabel("Password", new() { Exact = true }).FillAsync("flour water salt yeast");
            await page.GetByLabel("Confirm password").FillAsync("flour water salt yeast");
            await page.GetByRole(AriaRole.Button, new() { Name = "Create my account" }).ClickAsync();

            await Expect(page.GetByText("Your account is ready")).ToBeVisibleAsync();
            await login.SignInAsync("kim@riverside.example", "flour water salt yeast");
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToHaveTextAsync("Hello, Kim Crust");

            // The link worked once.
            await page.GotoAsync(link);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "This invitation can't be used" })).ToBeVisibleAsync();
        });
    }

    [GeneratedRegex(@"http://127\.0\.0\.1:\d+/invite/[A-Za-z0-9_\-]+")]
    private static partial Regex InviteLink();
}
