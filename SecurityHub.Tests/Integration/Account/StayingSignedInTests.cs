using System.Net;
using System.Security.Claims;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Data;
using SecurityHub.Inventory;
using SecurityHub.Team;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

/// <summary>
/// Regression tests for issue 10: a sign-in that stays valid keeps working, the first authenticator code
/// works, and a principal captured by an open page or dialog speaks only for the person as they are now.
/// </summary>
public sealed partial class StayingSignedInTests
{
    [Fact]
    public async Task SecurityStampCheck_EveryRequest_StoredTicketStillNamesItsSession()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "sam@test.example")).StatusCode);

        // Each request a moment later checks the security stamp, rebuilds the principal and renews the
        // stored ticket (Identity skips the check while no time has passed since the cookie was issued).
        for (var i = 0; i < 3; i++)
        {
            app.Clock.Advance(TimeSpan.FromSeconds(1));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }

        await using var db = await app.CreateDbContextAsync();
        var session = await db.UserSessions.SingleAsync();
        var stored = TicketSerializer.Default.Deserialize(session.Ticket)!;
        Assert.Equal(session.Id, stored.Principal.FindFirstValue(SessionClaims.SessionId));
        Assert.Equal(SessionClaims.Password, stored.Principal.FindFirstValue(SessionClaims.Method));
        // What an open page re-checks every minute: the person, their roles, their stamp and this session.
        var restored = (await app.GetService<DbTicketStore>().RetrieveAsync(session.Id))!;
        Assert.Null(await app.GetService<AccountStatus>().CheckAsync(restored.Principal));
    }

    [Fact]
    public async Task CircuitRecheck_PersonActiveOnOpenPage_SessionOutlivesIdleTimeout()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        var principal = await app.PrincipalForAsync("sam@test.example");
        var status = app.GetService<AccountStatus>();

        // An hour of work on an open page, re-checked every minute with activity in between.
        for (var minute = 0; minute < 60; minute++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(1));
            Assert.Null(await status.CheckAsync(principal, slideSession: true));
        }

        // Then the page is left alone: the idle timeout ends the session.
        app.Clock.Advance(DbTicketStore.IdleTimeout + TimeSpan.FromMinutes(1));
        Assert.Equal(AccessEnd.SessionEnded, await status.CheckAsync(principal));
    }

    [Fact]
    public async Task FirstEnrollment_NewOwnerTypesFirstCode_TwoFactorTurnsOn()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("olive@test.example", Roles.Owner, enrollTwoFactor: false);
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostPasswordAsync(client, "olive@test.example")).StatusCode);

        // Held at enrollment; opening it makes the key, and the page's own asset requests follow.
        var home = await client.GetAsync("/");
        Assert.Equal(TwoFactorEnforcement.EnrollmentPath, home.Headers.Location?.OriginalString);
        var page = await client.GetStringAsync(TwoFactorEnforcement.EnrollmentPath);
        var key = ManualKey().Match(page).Groups[1].Value.Replace(" ", "", StringComparison.Ordinal);
        Assert.False(string.IsNullOrEmpty(key), page);
        app.Clock.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/healthz")).StatusCode);
        app.Clock.Advance(TimeSpan.FromSeconds(1));

        var code = Totp.Compute(Totp.DecodeBase32(key)!, Totp.StepAt(app.Clock.GetUtcNow())).ToString("D6", System.Globalization.CultureInfo.InvariantCulture);
        var response = await AppFactory.PostFormAsync(client, TwoFactorEnforcement.EnrollmentPath, "send-code", [new("Input.Code", code)]);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("recovery codes", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
        await using var db = await app.CreateDbContextAsync();
        Assert.True((await db.Users.SingleAsync()).TwoFactorEnabled);
        // Still signed in: the dashboard opens.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task PasswordSignIn_OwnerWithOnlyAPasskey_IsAskedForASecondStep()
    {
        using var app = new AppFactory();
        var ownerId = await app.SeedUserAsync("olive@test.example", Roles.Owner, enrollTwoFactor: false);
        await AddPasskeyAsync(app, ownerId);
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await AppFactory.PostPasswordAsync(client, "olive@test.example")).StatusCode);

        var home = await client.GetAsync("/");
        Assert.Equal(TwoFactorEnforcement.EnrollmentPath, home.Headers.Location?.OriginalString);
        var enrollment = await client.GetStringAsync(TwoFactorEnforcement.EnrollmentPath);
        Assert.Contains("Sign in with a passkey", enrollment, StringComparison.Ordinal);

        // The same person signed in with the passkey itself has their second factor.
        var passkeySession = new ClaimsPrincipal(new ClaimsIdentity(
            [new Claim(ClaimTypes.NameIdentifier, ownerId), new Claim(SessionClaims.Method, SessionClaims.Passkey)], "test"));
        Assert.False(await app.GetService<TwoFactorGate>().MustEnrollAsync(passkeySession));
    }

    [Fact]
    public async Task TwoFactorCode_PostedAtOnceInThreeSessions_SignsInOneOnly()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("olive@test.example", Roles.Owner);
        // Signed in once before, so the last used step is on record (as for anyone enrolled).
        using (var earlier = app.CreateHttpsClient())
        {
            Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(earlier, "olive@test.example")).StatusCode);
        }
        var clients = Enumerable.Range(0, 3).Select(_ => app.CreateHttpsClient()).ToList();
        var tokens = new List<string>();
        foreach (var client in clients)
        {
            var password = await AppFactory.PostPasswordAsync(client, "olive@test.example");
            Assert.Contains("LoginWith2fa", password.Headers.Location?.OriginalString, StringComparison.Ordinal);
            tokens.Add(await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/LoginWith2fa"));
        }
        app.Clock.Advance(TimeSpan.FromSeconds(Totp.StepSeconds));
        var code = Totp.Compute(Totp.DecodeBase32(app.AuthenticatorKeys["olive@test.example"])!, Totp.StepAt(app.Clock.GetUtcNow()))
            .ToString("D6", System.Globalization.CultureInfo.InvariantCulture);

        var responses = await Task.WhenAll(clients.Select((client, i) => client.PostAsync("/Account/LoginWith2fa", new FormUrlEncodedContent(
            [new("_handler", "login-with-2fa"), new("__RequestVerificationToken", tokens[i]), new("Input.TwoFactorCode", code)]))));

        Assert.Single(responses, r => r.StatusCode == HttpStatusCode.Redirect);
        // The others are told the code did not work, on the form.
        Assert.All(responses.Where(r => r.StatusCode != HttpStatusCode.Redirect), r => Assert.Equal(HttpStatusCode.OK, r.StatusCode));
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(2, await db.UserSessions.CountAsync());
        foreach (var client in clients)
        {
            client.Dispose();
        }
    }

    [Fact]
    public async Task SaveFromOpenDialog_ManagerDisabledDemotedOrSignedOutSince_RefusedAndNothingChanged()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("olive@test.example", Roles.Owner);
        var owner = await app.PrincipalForAsync("olive@test.example");
        var team = app.GetServiceInScope<TeamService>();

        foreach (var (email, change) in new (string, Func<string, Task>)[]
        {
            ("disabled@test.example", async id => Assert.True((await team.SetDisabledAsync(owner, id, disabled: true)).Succeeded)),
            ("demoted@test.example", async id => Assert.True((await team.ChangeRoleAsync(owner, id, Roles.Staff)).Succeeded)),
            ("signedout@test.example", async id =>
            {
                await using var db = await app.CreateDbContextAsync();
                await db.UserSessions.Where(s => s.UserId == id).ExecuteDeleteAsync();
            }),
        })
        {
            var managerId = await app.SeedUserAsync(email, Roles.Manager);
            // The principal a dialog captured when it opened, minutes before Save.
            var captured = await app.PrincipalForAsync(email);
            await change(managerId);
            app.Clock.Advance(TimeSpan.FromMinutes(5));

            var inventory = app.GetServiceInScope<InventoryService>();
            var denied = await Assert.ThrowsAsync<AccessDeniedException>(() =>
                inventory.SaveSystemAsync(captured, new SystemInput { Name = $"Till of {email}", Type = SystemType.PointOfSale }));
            Assert.Contains("Nothing was changed", denied.Message, StringComparison.Ordinal);

            await using var check = await app.CreateDbContextAsync();
            Assert.False(await check.InventorySystems.AnyAsync(s => s.Name == $"Till of {email}"));
            Assert.False(await check.AuditEvents.AnyAsync(e => e.ActorUserId == managerId && e.EventType.StartsWith("inventory.")));
        }
    }

    [Fact]
    public async Task PasswordSignIn_LockedDisabledUnknownOrWrong_EachCostsOneHashCheck()
    {
        var hasher = new CountingHasher();
        using var app = new AppFactory().WithServices(s => s.AddSingleton<IPasswordHasher<ApplicationUser>>(hasher));
        var lockedId = await app.SeedUserAsync("locked@test.example", Roles.Staff);
        var disabledId = await app.SeedUserAsync("disabled@test.example", Roles.Staff);
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        await using (var db = await app.CreateDbContextAsync())
        {
            await db.Users.Where(u => u.Id == lockedId).ExecuteUpdateAsync(u => u.SetProperty(x => x.LockoutEnd, new DateTimeOffset(9000, 1, 1, 0, 0, 0, TimeSpan.Zero)));
            await db.Users.Where(u => u.Id == disabledId).ExecuteUpdateAsync(u => u.SetProperty(x => x.IsDisabled, true));
        }
        using var client = app.CreateHttpsClient();

        foreach (var email in new[] { "locked@test.example", "disabled@test.example", "nobody@test.example", "sam@test.example" })
        {
            var before = hasher.Verifications;
            var response = await AppFactory.PostPasswordAsync(client, email, email == "sam@test.example" ? "a wrong passphrase here" : AppFactory.DefaultPassword);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Contains("don&#x27;t match an account", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.True(hasher.Verifications == before + 1, $"{email}: {hasher.Verifications - before} hash checks");
        }
    }

    [Fact]
    public async Task Passkeys_AddOrRemoveWithoutTheRightPassword_NothingChanges()
    {
        using var app = new AppFactory();
        var staffId = await app.SeedUserAsync("sam@test.example", Roles.Staff);
        await AddPasskeyAsync(app, staffId);
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "sam@test.example")).StatusCode);
        var credentialId = System.Buffers.Text.Base64Url.EncodeToString(PasskeyCredential);

        // Adding: the password is checked before the browser's passkey is even looked at.
        var add = await AppFactory.PostFormAsync(client, "/Account/Manage/Passkeys", "add-passkey",
            [new("Input.CredentialJson", "{}"), new("CurrentPassword", "not my password at all")]);
        Assert.True(add.StatusCode == HttpStatusCode.Redirect, await add.Content.ReadAsStringAsync());
        Assert.Contains("password is not right", Uri.UnescapeDataString(string.Join("\n", add.Headers.GetValues("Set-Cookie"))), StringComparison.Ordinal);

        // Removing goes to a confirmation that asks for the password.
        var delete = await AppFactory.PostFormAsync(client, "/Account/Manage/Passkeys", $"update-passkey-{credentialId}",
            [new("CredentialId", credentialId), new("Action", "delete")]);
        Assert.Contains("remove=", delete.Headers.Location?.OriginalString, StringComparison.Ordinal);
        var confirm = $"/Account/Manage/Passkeys?remove={Uri.EscapeDataString(credentialId)}";
        foreach (var wrong in new[] { "", "not my password at all", new string('x', 10_000) })
        {
            var refused = await AppFactory.PostFormAsync(client, confirm, "remove-passkey", [new("CredentialId", credentialId), new("CurrentPassword", wrong)]);
            Assert.Equal(HttpStatusCode.Redirect, refused.StatusCode);
            Assert.Contains("password is not right", Uri.UnescapeDataString(string.Join("\n", refused.Headers.GetValues("Set-Cookie"))), StringComparison.Ordinal);
        }
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Equal(1, await db.UserPasskeys.CountAsync());
        }

        var removed = await AppFactory.PostFormAsync(client, confirm, "remove-passkey", [new("CredentialId", credentialId), new("CurrentPassword", AppFactory.DefaultPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.UserPasskeys.CountAsync());
            Assert.Contains(await db.AuditEvents.Select(e => e.EventType).ToListAsync(), e => e == "passkey.removed");
        }
    }

    [Fact]
    public async Task PasswordSignIn_UnknownAccount_AuditedAsAnonymousWithTheTriedAddressAsTarget()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();

        await AppFactory.PostPasswordAsync(client, "owner@test.example");

        await using var db = await app.CreateDbContextAsync();
        var failure = await db.AuditEvents.SingleAsync(e => e.EventType == SecurityHub.Audit.AuditEvents.SignInFailed);
        Assert.Equal(SecurityHub.Audit.AuditLog.Anonymous, failure.ActorEmail);
        Assert.Null(failure.ActorUserId);
        Assert.Equal("owner@test.example", failure.Target);
    }

    private static readonly byte[] PasskeyCredential = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16];

    private static async Task AddPasskeyAsync(AppFactory app, string userId)
    {
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var user = (await users.FindByIdAsync(userId))!;
        var passkey = new UserPasskeyInfo(PasskeyCredential, [0x30, 0x59], app.Clock.GetUtcNow(), 0, ["internal"], true, false, false, [0xA0], [0x7B, 0x7D]);
        Assert.True((await users.AddOrUpdatePasskeyAsync(user, passkey)).Succeeded);
    }

    private sealed class CountingHasher : IPasswordHasher<ApplicationUser>
    {
        private readonly PasswordHasher<ApplicationUser> _inner = new(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 1_000 }));
        private int _verifications;

        public int Verifications => Volatile.Read(ref _verifications);

        public string HashPassword(ApplicationUser user, string password) => _inner.HashPassword(user, password);

        public PasswordVerificationResult VerifyHashedPassword(ApplicationUser user, string hashedPassword, string providedPassword)
        {
            Interlocked.Increment(ref _verifications);
            return _inner.VerifyHashedPassword(user, hashedPassword, providedPassword);
        }
    }

    [GeneratedRegex("data-testid=\"manual-key\">([A-Z2-7 ]+)<")]
    private static partial Regex ManualKey();
}
