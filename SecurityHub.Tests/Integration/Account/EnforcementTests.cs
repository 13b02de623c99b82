using System.Net;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Team;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

public class EnforcementTests
{
    /// <summary>Every routable page, found by reflection so a new page is covered without editing this test.</summary>
    public static TheoryData<string> Routes()
    {
        var data = new TheoryData<string>();
        foreach (var template in typeof(Program).Assembly.GetTypes().SelectMany(t => t.GetCustomAttributes<RouteAttribute>()).Select(r => r.Template).Distinct())
        {
            data.Add(template);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task UnenrolledOwner_EveryRoute_OnlyEnrollmentPagesReachable(string template)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner, enrollTwoFactor: false);
        using var client = app.CreateHttpsClient();
        var login = await app.LoginAsync(client, "owner@test.example");
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);

        var path = System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+:int}", "1");
        path = System.Text.RegularExpressions.Regex.Replace(path, "{[^}]+}", "sample");
        var response = await client.GetAsync(path);
        var sentToEnrollment = response.StatusCode == HttpStatusCode.Redirect
            && response.Headers.Location!.ToString().Contains(TwoFactorEnforcement.EnrollmentPath, StringComparison.OrdinalIgnoreCase);

        if (TwoFactorEnforcement.IsAllowed(path))
        {
            Assert.False(sentToEnrollment, $"{path} should stay reachable");
        }
        else
        {
            Assert.True(sentToEnrollment, $"{path} answered {(int)response.StatusCode} {response.Headers.Location}");
        }
    }

    [Fact]
    public async Task UnenrolledOwner_FirstSignIn_LandsOnEnrollmentWithQrCode()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner, enrollTwoFactor: false);
        using var client = app.CreateHttpsClient(followRedirects: true);
        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/Login");
        var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(
        [
            new("_handler", "login"), new("__RequestVerificationToken", token),
            new("Input.Email", "owner@test.example"), new("Input.Password", AppFactory.DefaultPassword),
        ]));
        Assert.EndsWith(TwoFactorEnforcement.EnrollmentPath, response.RequestMessage!.RequestUri!.AbsolutePath, StringComparison.Ordinal);
        var html = await response.Content.ReadAsStringAsync();
        Assert.Contains("data:image/svg", html, StringComparison.Ordinal);
        Assert.Contains("manual-key", html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnenrolledManager_ServiceCalls_Refused()
    {
        using var app = new AppFactory();
        var id = await app.SeedUserAsync("manager@test.example", Roles.Manager, enrollTwoFactor: false);
        var manager = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, Roles.Manager)], "test"));
        var team = app.Services.CreateScope().ServiceProvider.GetRequiredService<TeamService>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.ListMembersAsync(manager));
        await Assert.ThrowsAsync<AccessDeniedException>(() => team.InviteAsync(manager, new InvitationInput { Email = "x@test.example", DisplayName = "X" }, "https://localhost"));
    }

    [Fact]
    public async Task Staff_NotRequiredUntilBusinessAsks()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("staff@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "staff@test.example");
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);

        await using (var db = await app.CreateDbContextAsync())
        {
            await db.Organizations.ExecuteUpdateAsync(s => s.SetProperty(o => o.RequireTwoFactorForStaff, true));
        }
        var after = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
        Assert.Contains(TwoFactorEnforcement.EnrollmentPath, after.Headers.Location!.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task EnrolledOwner_SignInAsksForCode_ThenDashboard()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner);
        using var client = app.CreateHttpsClient();
        var password = await AppFactory.PostPasswordAsync(client, "owner@test.example");
        Assert.Contains("LoginWith2fa", password.Headers.Location!.ToString(), StringComparison.Ordinal);
        // Without the code the session does not exist yet.
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        // A wrong code is refused and counts towards lockout.
        var wrong = await AppFactory.PostFormAsync(client, password.Headers.Location!.PathAndQuery, "login-with-2fa", [new("Input.TwoFactorCode", "000000")]);
        Assert.Equal(HttpStatusCode.OK, wrong.StatusCode);
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Equal(1, (await db.Users.SingleAsync()).AccessFailedCount);
        }

        using var fresh = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(fresh, "owner@test.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/")).StatusCode);
    }
}
