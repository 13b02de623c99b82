using System.Buffers.Binary;
using System.Net;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Data;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

public class SignInTests
{
    private const string Owner = "owner@test.example";

    [Fact]
    public async Task Login_DefaultCredentials_NoneWork()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();
        foreach (var (email, password) in new[] { ("admin@localhost", "admin"), ("admin@example.com", "password"), ("owner@securityhub.local", "changeme"), ("admin", "admin123456789") })
        {
            var response = await AppFactory.PostFormAsync(client, "/Account/Login", "login", [new("Input.Email", email), new("Input.Password", password)]);
            Assert.NotEqual(HttpStatusCode.Redirect, response.StatusCode);
        }
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.Users.CountAsync());
    }

    [Fact]
    public async Task Login_CorrectPassword_SetsHostPrefixedStrictCookie()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        using var client = app.CreateHttpsClient();
        var response = await app.LoginAsync(client, Owner);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var cookie = response.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsExtensions.CookieName + "=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("expires=", cookie, StringComparison.OrdinalIgnoreCase);

        var dashboard = await client.GetAsync("/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        Assert.Contains("no-store", dashboard.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("https://evil.example/steal")]
    [InlineData("//evil.example")]
    [InlineData("/\\evil.example")]
    [InlineData("javascript:alert(1)")]
    public async Task Login_ForeignReturnUrl_StaysOnSite(string returnUrl)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("staff@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        var path = "/Account/Login?ReturnUrl=" + Uri.EscapeDataString(returnUrl);
        var response = await AppFactory.PostFormAsync(client, path, "login", [new("Input.Email", "staff@test.example"), new("Input.Password", AppFactory.DefaultPassword)]);
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var location = response.Headers.Location!;
        var target = location.IsAbsoluteUri ? location : new Uri(new Uri("https://localhost"), location);
        Assert.Equal("localhost", target.Host);
        Assert.Equal("https", target.Scheme);
    }

    [Fact]
    public async Task Login_UnknownUser_SameAnswerAsWrongPassword()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        using var client = app.CreateHttpsClient();

        var known = await app.LoginAsync(client, Owner, "wrong password for sure");
        var unknown = await app.LoginAsync(client, "nobody@test.example", "wrong password for sure");

        Assert.Equal(known.StatusCode, unknown.StatusCode);
        var knownText = ErrorText(await known.Content.ReadAsStringAsync());
        var unknownText = ErrorText(await unknown.Content.ReadAsStringAsync());
        Assert.False(string.IsNullOrEmpty(knownText));
        Assert.Equal(knownText, unknownText);
    }

    [Fact]
    public async Task Login_FiveWrongPasswords_LocksAccountFifteenMinutes()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        using var client = app.CreateHttpsClient();
        for (var i = 0; i < 5; i++)
        {
            await app.LoginAsync(client, Owner, $"wrong password {i}");
        }

        var correct = await app.LoginAsync(client, Owner);
        Assert.NotEqual(HttpStatusCode.Redirect, correct.StatusCode);

        await using var db = await app.CreateDbContextAsync();
        var user = await db.Users.SingleAsync(u => u.Email == Owner);
        Assert.NotNull(user.LockoutEnd);
        // Identity's lockout reads the system clock, not the app's TimeProvider.
        Assert.Equal(DateTimeOffset.UtcNow.AddMinutes(15), user.LockoutEnd!.Value, TimeSpan.FromMinutes(1));
        Assert.Contains(await db.AuditEvents.Select(e => e.EventType).ToListAsync(), t => t == "signin.locked-out");
    }

    [Fact]
    public async Task Login_ElevenPostsInAMinute_RateLimited()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();
        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/Login");
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 11; i++)
        {
            var response = await client.PostAsync("/Account/Login", new FormUrlEncodedContent(
            [
                new("_handler", "login"), new("__RequestVerificationToken", token),
                new("Input.Email", "x@test.example"), new("Input.Password", "wrong password here"),
            ]));
            statuses.Add(response.StatusCode);
        }
        Assert.All(statuses.Take(10), s => Assert.NotEqual(HttpStatusCode.TooManyRequests, s));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[10]);

        // Reading pages is not limited.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task SignOut_ReplayedOldCookie_Refused()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        using var client = app.CreateHttpsClient();
        var login = await app.LoginAsync(client, Owner);
        var cookie = login.Headers.GetValues("Set-Cookie").Single(c => c.StartsWith(AccountsExtensions.CookieName, StringComparison.Ordinal)).Split(';')[0];

        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/");
        var logout = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([new("__RequestVerificationToken", token), new("ReturnUrl", "Account/Login")]));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);

        using var attacker = app.CreateHttpsClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/");
        request.Headers.Add("Cookie", cookie);
        var replay = await attacker.SendAsync(request);
        Assert.Equal(HttpStatusCode.Redirect, replay.StatusCode);
        Assert.Contains("/Account/Login", replay.Headers.Location!.ToString());
    }

    [Fact]
    public async Task Session_IdleThirtyMinutesOrTwelveHours_Expires()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Owner);

        // Active every 20 minutes: still signed in after 11 hours...
        for (var i = 0; i < 33; i++)
        {
            app.Clock.Advance(TimeSpan.FromMinutes(20));
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        }
        // ...but never past 12 hours.
        app.Clock.Advance(TimeSpan.FromMinutes(61));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);

        await app.LoginAsync(client, Owner);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/")).StatusCode);
        app.Clock.Advance(TimeSpan.FromMinutes(31));
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/")).StatusCode);
    }

    [Fact]
    public async Task PasswordHash_NewAndUpgraded_Uses210000Iterations()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        await using (var db = await app.CreateDbContextAsync())
        {
            var user = await db.Users.SingleAsync();
            Assert.True(Iterations(user.PasswordHash!) >= 210_000);

            // An old hash with Identity's default 100,000 iterations...
            var old = new PasswordHasher<ApplicationUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = 100_000 }));
            user.PasswordHash = old.HashPassword(user, AppFactory.DefaultPassword);
            await db.SaveChangesAsync();
            Assert.Equal(100_000, Iterations(user.PasswordHash));
        }

        // ...is upgraded at the next sign-in.
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, Owner)).StatusCode);
        await using var after = await app.CreateDbContextAsync();
        Assert.True(Iterations((await after.Users.SingleAsync()).PasswordHash!) >= 210_000);
    }

    [Theory]
    [InlineData("short pass1")]
    [InlineData("password1234")]
    [InlineData("qwertyuiop123")]
    [InlineData("            ")]
    public async Task CreateUser_WeakPassword_Refused(string password)
    {
        using var app = new AppFactory();
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.CreateAsync(new ApplicationUser { UserName = "a@test.example", Email = "a@test.example" }, password);
        Assert.False(result.Succeeded);
    }

    [Fact]
    public async Task CreateUser_TwelveCharactersWithoutComposition_Accepted()
    {
        using var app = new AppFactory();
        _ = app.Server;
        await using var scope = app.Services.CreateAsyncScope();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        var result = await users.CreateAsync(new ApplicationUser { UserName = "a@test.example", Email = "a@test.example" }, "lantern river");
        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Select(e => e.Description)));
    }

    private static int Iterations(string hash)
    {
        var bytes = Convert.FromBase64String(hash);
        Assert.Equal(0x01, bytes[0]);
        return (int)BinaryPrimitives.ReadUInt32BigEndian(bytes.AsSpan(5, 4));
    }

    private static string ErrorText(string html)
    {
        var start = html.IndexOf("role=\"alert\">", StringComparison.Ordinal);
        if (start < 0)
        {
            return "";
        }
        var end = html.IndexOf("</div>", start, StringComparison.Ordinal);
        return html[(start + 13)..end].Trim();
    }
}
