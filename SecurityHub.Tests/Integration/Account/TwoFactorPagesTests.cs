using System.Net;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

public class TwoFactorPagesTests
{
    [Fact]
    public async Task GenerateRecoveryCodes_WrongPassword_NothingChanges()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@test.example");
        string before;
        await using (var db = await app.CreateDbContextAsync())
        {
            before = string.Join(",", await db.UserTokens.OrderBy(t => t.Name).Select(t => t.Name + "=" + t.Value).ToListAsync());
        }

        var response = await AppFactory.PostFormAsync(client, "/Account/Manage/GenerateRecoveryCodes", "generate-recovery-codes", [new("ConfirmPassword", "not my password")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var page = await client.GetStringAsync(response.Headers.Location);
        Assert.Contains("That password is not right", page, StringComparison.Ordinal);
        await using var after = await app.CreateDbContextAsync();
        Assert.Equal(before, string.Join(",", await after.UserTokens.OrderBy(t => t.Name).Select(t => t.Name + "=" + t.Value).ToListAsync()));
        Assert.Equal(1, (await after.Users.SingleAsync()).AccessFailedCount);
    }

    [Fact]
    public async Task GenerateRecoveryCodes_RightPassword_ShowsTenCodesOnce()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@test.example");

        var response = await AppFactory.PostFormAsync(client, "/Account/Manage/GenerateRecoveryCodes", "generate-recovery-codes", [new("ConfirmPassword", AppFactory.DefaultPassword)]);

        var html = await response.Content.ReadAsStringAsync();
        Assert.Equal(10, System.Text.RegularExpressions.Regex.Count(html, "class=\"recovery-code\""));
        Assert.Contains("download=\"securityhub-recovery-codes.txt\"", html, StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.Contains("2fa.recovery-codes-generated", await db.AuditEvents.Select(e => e.EventType).ToListAsync());
    }

    [Fact]
    public async Task Disable2fa_OwnerWithRightPassword_RefusedBecauseRoleRequiresIt()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@test.example");

        var response = await AppFactory.PostFormAsync(client, "/Account/Manage/Disable2fa", "disable-2fa", [new("ConfirmPassword", AppFactory.DefaultPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("requires two-factor", await client.GetStringAsync(response.Headers.Location), StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.True((await db.Users.SingleAsync()).TwoFactorEnabled);
    }

    [Fact]
    public async Task Disable2fa_StaffWithRightPassword_TurnsItOff()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("staff@test.example", Roles.Staff, enrollTwoFactor: true);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "staff@test.example");

        await AppFactory.PostFormAsync(client, "/Account/Manage/Disable2fa", "disable-2fa", [new("ConfirmPassword", AppFactory.DefaultPassword)]);

        await using var db = await app.CreateDbContextAsync();
        Assert.False((await db.Users.SingleAsync()).TwoFactorEnabled);
        Assert.Contains("2fa.disabled", await db.AuditEvents.Select(e => e.EventType).ToListAsync());
    }
}
