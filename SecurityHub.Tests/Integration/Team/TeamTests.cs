using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Email;
using SecurityHub.Team;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Team;

public partial class TeamTests
{
    private static ClaimsPrincipal Principal(string id, string email, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Name, email), new Claim(ClaimTypes.Role, role)], "test"));

    private static async Task<(AppFactory App, ClaimsPrincipal Owner, ClaimsPrincipal Manager, string StaffId)> ArrangeAsync()
    {
        var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("owner@test.example", Roles.Owner);
        var managerId = await app.SeedUserAsync("manager@test.example", Roles.Manager);
        var staffId = await app.SeedUserAsync("staff@test.example", Roles.Staff);
        return (app, Principal(ownerId, "owner@test.example", Roles.Owner), Principal(managerId, "manager@test.example", Roles.Manager), staffId);
    }

    [Fact]
    public async Task Invite_ThenAccept_CreatesUserWhoCanSignIn()
    {
        var (app, owner, _, _) = await ArrangeAsync();
        using var _app = app;
        var team = app.GetService<IServiceScopeFactory>().CreateScope().ServiceProvider.GetRequiredService<TeamService>();

        var result = await team.InviteAsync(owner, new InvitationInput { Email = "new@test.example", DisplayName = "New Person", Role = Roles.Manager }, "https://localhost/");
        Assert.True(result.Succeeded);

        string link;
        await using (var db = await app.CreateDbContextAsync())
        {
            var mail = await db.OutboxMessages.SingleAsync();
            Assert.Equal("new@test.example", mail.ToAddress);
            Assert.Equal(OutboxStatus.Pending, mail.Status);
            link = LinkPattern().Match(mail.TextBody).Value;
            Assert.StartsWith("https://localhost/invite/", link, StringComparison.Ordinal);
            Assert.Contains(link, mail.HtmlBody, StringComparison.Ordinal);
            // Only a hash of the token is stored.
            Assert.DoesNotContain(await db.Invitations.Select(i => i.TokenHash).SingleAsync(), link, StringComparison.Ordinal);
        }

        using var client = app.CreateHttpsClient();
        var path = new Uri(link).AbsolutePath;
        var accept = await AppFactory.PostFormAsync(client, path, "accept-invitation",
            [new("Input.DisplayName", "New Person"), new("Input.Password", "a long enough passphrase"), new("Input.ConfirmPassword", "a long enough passphrase")]);
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);

        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "new@test.example", "a long enough passphrase")).StatusCode);
        // A new Manager is signed in, and must set up two-factor sign-in before the Team page.
        var teamPage = await client.GetAsync("/team");
        Assert.Equal("/Account/Manage/EnableAuthenticator", teamPage.Headers.Location!.OriginalString);

        // The link works once.
        using var again = app.CreateHttpsClient();
        var page = await again.GetStringAsync(path);
        Assert.Contains("can't be used", page, StringComparison.Ordinal);
    }

    [Fact]
    public async Task AcceptInvitation_AfterSevenDays_Refused()
    {
        var (app, owner, _, _) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        await team.InviteAsync(owner, new InvitationInput { Email = "late@test.example", DisplayName = "Late", Role = Roles.Staff }, "https://localhost");
        await using var db = await app.CreateDbContextAsync();
        var token = LinkPattern().Match((await db.OutboxMessages.SingleAsync()).TextBody).Value.Split('/').Last();

        app.Clock.Advance(TimeSpan.FromDays(7) + TimeSpan.FromMinutes(1));
        var result = await team.AcceptInvitationAsync(token, new AcceptInvitationInput { DisplayName = "Late", Password = "a long enough passphrase", ConfirmPassword = "a long enough passphrase" });

        Assert.False(result.Succeeded);
        Assert.Contains("expired", result.Errors["Token"], StringComparison.Ordinal);
        Assert.False(await db.Users.AnyAsync(u => u.Email == "late@test.example"));
    }

    [Fact]
    public async Task AcceptInvitation_Reused_RefusedAndNothingChanges()
    {
        var (app, owner, _, _) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        await team.InviteAsync(owner, new InvitationInput { Email = "once@test.example", DisplayName = "Once", Role = Roles.Staff }, "https://localhost");
        await using var db = await app.CreateDbContextAsync();
        var token = LinkPattern().Match((await db.OutboxMessages.SingleAsync()).TextBody).Value.Split('/').Last();
        var input = new AcceptInvitationInput { DisplayName = "Once", Password = "a long enough passphrase", ConfirmPassword = "a long enough passphrase" };

        Assert.True((await team.AcceptInvitationAsync(token, input)).Succeeded);
        var second = await team.AcceptInvitationAsync(token, new AcceptInvitationInput { DisplayName = "Attacker", Password = "another passphrase!", ConfirmPassword = "another passphrase!" });

        Assert.False(second.Succeeded);
        Assert.Equal("Once", (await db.Users.SingleAsync(u => u.Email == "once@test.example")).DisplayName);
    }

    [Fact]
    public async Task Invite_ExistingEmail_RefusedWithClearMessage()
    {
        var (app, owner, _, _) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        var result = await team.InviteAsync(owner, new InvitationInput { Email = "STAFF@test.example", DisplayName = "Dup", Role = Roles.Staff }, "https://localhost");
        Assert.False(result.Succeeded);
        Assert.Contains("already on the team", result.Errors["Email"], StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Invitations.CountAsync());
        Assert.Equal(0, await db.OutboxMessages.CountAsync());
    }

    [Theory]
    [InlineData("", "Name", "Email")]
    [InlineData("not-an-email", "Name", "Email")]
    [InlineData("a@b.example\r\nBcc: victim@evil.example", "Name", "Email")]
    [InlineData("ok@test.example", "", "DisplayName")]
    [InlineData("ok@test.example", "Line\nBreak", "DisplayName")]
    public async Task Invite_BadInput_ErrorNamesFieldAndNothingSaved(string email, string name, string field)
    {
        var (app, owner, _, _) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        var result = await team.InviteAsync(owner, new InvitationInput { Email = email, DisplayName = name, Role = Roles.Staff }, "https://localhost");
        Assert.False(result.Succeeded);
        Assert.True(result.Errors.ContainsKey(field));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Theory]
    [InlineData(Roles.Owner)]
    [InlineData(Roles.Manager)]
    [InlineData("Administrator")]
    public async Task Invite_ManagerEscalatesRole_Refused(string role)
    {
        var (app, _, manager, _) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        var result = await team.InviteAsync(manager, new InvitationInput { Email = "boss@test.example", DisplayName = "Boss", Role = role }, "https://localhost");
        Assert.False(result.Succeeded);
        Assert.True(result.Errors.ContainsKey("Role"));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Invitations.CountAsync());
    }

    [Fact]
    public async Task ChangeRole_ByManager_AccessDenied()
    {
        var (app, _, manager, staffId) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.ChangeRoleAsync(manager, staffId, Roles.Owner));
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.ChangeRoleAsync(manager, manager.FindFirstValue(ClaimTypes.NameIdentifier)!, Roles.Owner));
    }

    [Fact]
    public async Task StaffAndAnonymous_TeamService_AccessDenied()
    {
        var (app, _, _, staffId) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        var staff = Principal(staffId, "staff@test.example", Roles.Staff);
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.ListMembersAsync(staff));
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.InviteAsync(staff, new InvitationInput { Email = "x@test.example", DisplayName = "X" }, "https://localhost"));
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.SetDisabledAsync(staff, staffId, true));
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.ListMembersAsync(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    [Fact]
    public async Task LastOwner_CannotBeDemotedOrDisabled()
    {
        var (app, owner, _, _) = await ArrangeAsync();
        using var _app = app;
        var ownerId = owner.FindFirstValue(ClaimTypes.NameIdentifier)!;
        var secondOwnerId = await app.SeedUserAsync("owner2@test.example", Roles.Owner);
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();

        // With two owners, one can be demoted...
        Assert.True((await team.ChangeRoleAsync(owner, secondOwnerId, Roles.Manager)).Succeeded);
        // ...and is no Owner any more, whatever the principal captured before says.
        var formerOwner = Principal(secondOwnerId, "owner2@test.example", Roles.Owner);
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.ChangeRoleAsync(formerOwner, ownerId, Roles.Staff));
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.SetDisabledAsync(formerOwner, ownerId, true));
        // The last one stays, even when they ask themselves.
        var demote = await team.ChangeRoleAsync(owner, ownerId, Roles.Staff);
        Assert.False(demote.Succeeded);
        Assert.Contains("last Owner", demote.Errors["Role"], StringComparison.Ordinal);
        var disable = await team.SetDisabledAsync(owner, ownerId, true);
        Assert.False(disable.Succeeded);
        await using var db = await app.CreateDbContextAsync();
        Assert.False((await db.Users.SingleAsync(u => u.Id == ownerId)).IsDisabled);
    }

    [Fact]
    public async Task DisableUser_TheirCookieIsRefusedAtOnce()
    {
        var (app, owner, _, staffId) = await ArrangeAsync();
        using var _app = app;
        using var staffClient = app.CreateHttpsClient();
        await app.LoginAsync(staffClient, "staff@test.example");
        Assert.Equal(HttpStatusCode.OK, (await staffClient.GetAsync("/")).StatusCode);

        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        Assert.True((await team.SetDisabledAsync(owner, staffId, true)).Succeeded);

        var after = await staffClient.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains("/Account/Login", after.Headers.Location!.ToString());
        // And they cannot sign in again.
        Assert.NotEqual(HttpStatusCode.Redirect, (await app.LoginAsync(staffClient, "staff@test.example")).StatusCode);
        await using var db = await app.CreateDbContextAsync();
        Assert.Contains("team.user-disabled", await db.AuditEvents.Select(e => e.EventType).ToListAsync());
    }

    [Fact]
    public async Task Manager_CannotDisableOwner()
    {
        var (app, owner, manager, _) = await ArrangeAsync();
        using var _app = app;
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        var result = await team.SetDisabledAsync(manager, owner.FindFirstValue(ClaimTypes.NameIdentifier)!, true);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task TeamPage_Staff_GetsNoMemberList()
    {
        var (app, _, _, _) = await ArrangeAsync();
        using var _app = app;
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "staff@test.example");
        var response = await client.GetAsync("/team");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("/Account/AccessDenied", response.Headers.Location!.ToString());
        var html = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("You don't have access to this page", html, StringComparison.Ordinal);
        Assert.DoesNotContain("manager@test.example", html, StringComparison.Ordinal);
    }

    [GeneratedRegex(@"https://localhost/invite/[A-Za-z0-9_\-]+")]
    private static partial Regex LinkPattern();
}
