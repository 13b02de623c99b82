using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Data;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

public class TwoFactorTests
{
    private static ClaimsPrincipal Principal(string id, string role) =>
        new(new ClaimsIdentity([new Claim(ClaimTypes.NameIdentifier, id), new Claim(ClaimTypes.Role, role)], "test"));

    private static async Task EnrollAsync(AppFactory app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        await users.ResetAuthenticatorKeyAsync(user);
        await users.SetTwoFactorEnabledAsync(user, true);
        await users.GenerateNewTwoFactorRecoveryCodesAsync(user, 10);
    }

    [Fact]
    public async Task Reset_ByManagerOnOwner_AccessDeniedAndNothingChanges()
    {
        using var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("owner@test.example", Roles.Owner);
        var managerId = await app.SeedUserAsync("manager@test.example", Roles.Manager);
        await EnrollAsync(app, ownerId);

        var service = app.Services.CreateScope().ServiceProvider.GetRequiredService<TwoFactorService>();
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ResetAsync(Principal(managerId, Roles.Manager), ownerId));

        await using var db = await app.CreateDbContextAsync();
        Assert.True((await db.Users.SingleAsync(u => u.Id == ownerId)).TwoFactorEnabled);
    }

    [Fact]
    public async Task Reset_ByOwner_RemovesSecondFactorEndsSessionsAndAudits()
    {
        using var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("owner@test.example", Roles.Owner);
        var managerId = await app.SeedUserAsync("manager@test.example", Roles.Manager);
        await EnrollAsync(app, managerId);
        await using (var db = await app.CreateDbContextAsync())
        {
            db.UserSessions.Add(new UserSession { Id = "s1", UserId = managerId, CreatedUtc = DateTime.UtcNow, LastSeenUtc = DateTime.UtcNow, ExpiresUtc = DateTime.UtcNow.AddMinutes(30) });
            await db.SaveChangesAsync();
        }

        var service = app.Services.CreateScope().ServiceProvider.GetRequiredService<TwoFactorService>();
        var result = await service.ResetAsync(Principal(ownerId, Roles.Owner), managerId);
        Assert.True(result.Succeeded);

        await using var after = await app.CreateDbContextAsync();
        var manager = await after.Users.SingleAsync(u => u.Id == managerId);
        Assert.False(manager.TwoFactorEnabled);
        Assert.Null(manager.TwoFactorEnrolledUtc);
        Assert.False(await after.UserSessions.AnyAsync(s => s.UserId == managerId));
        Assert.Contains(AuditEventsOf(after), e => e == "2fa.reset");
        Assert.True(await service.MustEnrollAsync(Principal(managerId, Roles.Manager)));
    }

    [Fact]
    public async Task Adoption_CountsActiveUsersByRole()
    {
        using var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("owner@test.example", Roles.Owner);
        await app.SeedUserAsync("manager@test.example", Roles.Manager, enrollTwoFactor: false);
        var staffId = await app.SeedUserAsync("staff@test.example", Roles.Staff);
        var disabledId = await app.SeedUserAsync("gone@test.example", Roles.Staff);
        await EnrollAsync(app, ownerId);
        await EnrollAsync(app, staffId);
        await using (var db = await app.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == disabledId).ExecuteUpdateAsync(s => s.SetProperty(u => u.IsDisabled, true));
        }

        var service = app.Services.CreateScope().ServiceProvider.GetRequiredService<TwoFactorService>();
        var figure = await service.GetAdoptionAsync(Principal(ownerId, Roles.Owner));

        Assert.Equal(3, figure.ActiveUsers);
        Assert.Equal(2, figure.Enrolled);
        Assert.Equal((1, 1), figure.ByRole[Roles.Owner]);
        Assert.Equal((1, 0), figure.ByRole[Roles.Manager]);
        Assert.Equal((1, 1), figure.ByRole[Roles.Staff]);
    }

    [Fact]
    public async Task Required_OwnersManagersAlways_StaffWhenTheBusinessSaysSo()
    {
        using var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("owner@test.example", Roles.Owner);
        var staffId = await app.SeedUserAsync("staff@test.example", Roles.Staff);
        var service = app.Services.CreateScope().ServiceProvider.GetRequiredService<TwoFactorService>();
        Assert.True(await service.IsRequiredAsync(ownerId));
        Assert.False(await service.IsRequiredAsync(staffId));

        await using var db = await app.CreateDbContextAsync();
        await db.Organizations.ExecuteUpdateAsync(s => s.SetProperty(o => o.RequireTwoFactorForStaff, true));
        Assert.True(await service.IsRequiredAsync(staffId));
    }

    [Fact]
    public void Describe_OtpAuthUri_CarriesIssuerWithBusinessAndEmail()
    {
        var details = TwoFactorService.Describe("JBSWY3DPEHPK3PXP", "rosa@crumb.example", "Crumb & Co");
        Assert.StartsWith("otpauth://totp/SecurityHub%20%28Crumb%20%26%20Co%29:rosa%40crumb.example?", details.OtpAuthUri, StringComparison.Ordinal);
        Assert.Contains("secret=JBSWY3DPEHPK3PXP", details.OtpAuthUri, StringComparison.Ordinal);
        Assert.Contains("issuer=SecurityHub%20%28Crumb%20%26%20Co%29", details.OtpAuthUri, StringComparison.Ordinal);
        Assert.Equal("JBSW Y3DP EHPK 3PXP", details.ManualKey);
        Assert.StartsWith("data:image/svg+xml;base64,", details.QrSvgDataUri, StringComparison.Ordinal);
        var svg = System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(details.QrSvgDataUri["data:image/svg+xml;base64,".Length..]));
        Assert.Contains("<svg", svg, StringComparison.Ordinal);
        Assert.DoesNotContain("rosa", svg, StringComparison.Ordinal);
    }

    private static List<string> AuditEventsOf(ApplicationDbContext db) => db.AuditEvents.Select(e => e.EventType).ToList();
}
