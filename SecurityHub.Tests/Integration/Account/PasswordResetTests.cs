using System.Net;
using System.Text.RegularExpressions;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

public partial class PasswordResetTests
{
    [Fact]
    public async Task ForgotPassword_KnownAndUnknownEmail_SameAnswerAndOnlyKnownGetsALink()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();

        var known = await AppFactory.PostFormAsync(client, "/Account/ForgotPassword", "forgot-password", [new("Input.Email", "sam@test.example")]);
        var unknown = await AppFactory.PostFormAsync(client, "/Account/ForgotPassword", "forgot-password", [new("Input.Email", "nobody@test.example")]);
        Assert.Equal(known.StatusCode, unknown.StatusCode);
        Assert.Equal(known.Headers.Location, unknown.Headers.Location);

        await using var db = await app.CreateDbContextAsync();
        var mail = await db.OutboxMessages.SingleAsync();
        Assert.Equal("sam@test.example", mail.ToAddress);
        var link = ResetLink().Match(mail.TextBody).Value;
        Assert.False(string.IsNullOrEmpty(link), mail.TextBody);
        Assert.DoesNotContain("&amp;", mail.TextBody, StringComparison.Ordinal);

        // The link sets a new password; the old one stops working.
        var path = new Uri(link).PathAndQuery;
        var code = Uri.UnescapeDataString(Regex.Match(path, "code=([^&]+)").Groups[1].Value);
        var reset = await AppFactory.PostFormAsync(client, path, "reset-password",
            [new("Input.Code", code), new("Input.Email", "sam@test.example"), new("Input.Password", "a brand new passphrase"), new("Input.ConfirmPassword", "a brand new passphrase")]);
        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        Assert.NotEqual(HttpStatusCode.Redirect, (await app.LoginAsync(client, "sam@test.example")).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "sam@test.example", "a brand new passphrase")).StatusCode);
    }

    [Fact]
    public async Task ResetPassword_ValidLink_AuditsTheResetWithoutPasswordOrCode()
    {
        using var app = new AppFactory();
        var id = await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        var (path, code) = await RequestResetAsync(app, client);

        var reset = await AppFactory.PostFormAsync(client, path, "reset-password",
            [new("Input.Code", code), new("Input.Email", "sam@test.example"), new("Input.Password", NewPassword), new("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, reset.StatusCode);
        var audit = await SingleEventAsync(app, "account.password-reset");
        Assert.Equal(id, audit.ActorUserId);
        Assert.Equal("sam@test.example", audit.ActorEmail);
        AssertHolds(audit, nothingOf: [NewPassword, code]);
    }

    [Theory]
    [InlineData("CfDJ8-not-a-real-code")]
    [InlineData("")]
    [InlineData("<script>\r\nX-Forged: 1")]
    public async Task ResetPassword_InvalidCode_AuditsAFailedAttemptAndKeepsThePassword(string wrongCode)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        await RequestResetAsync(app, client); // a real link exists; this visitor holds another one
        var path = "/Account/ResetPassword?code=" + Microsoft.AspNetCore.WebUtilities.WebEncoders.Base64UrlEncode(System.Text.Encoding.UTF8.GetBytes(wrongCode));

        var reset = await AppFactory.PostFormAsync(client, path, "reset-password",
            [new("Input.Code", wrongCode), new("Input.Email", "sam@test.example"), new("Input.Password", NewPassword), new("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        await using (var db = await app.CreateDbContextAsync())
        {
            Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.EventType == "account.password-reset"));
        }
        if (wrongCode.Length > 0)
        {
            var audit = await SingleEventAsync(app, "account.password-reset-failed");
            Assert.Equal("anonymous", audit.ActorEmail);
            Assert.Null(audit.ActorUserId);
            Assert.Equal("sam@test.example", audit.Target);
            AssertHolds(audit, nothingOf: [NewPassword, wrongCode]);
        }
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "sam@test.example")).StatusCode);
    }

    [Theory]
    [InlineData("%%%")]
    [InlineData("a")]
    [InlineData("!!!!")]
    public async Task ResetPassword_MalformedCodeInLink_ShowsTheInvalidLinkPage(string code)
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();

        var response = await client.GetAsync("/Account/ResetPassword?code=" + Uri.EscapeDataString(code));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Contains("Account/InvalidPasswordReset", response.Headers.Location?.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task ChangePassword_CurrentPasswordGiven_AuditsTheChangeWithoutPasswords()
    {
        using var app = new AppFactory();
        var id = await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "sam@test.example");

        var response = await AppFactory.PostFormAsync(client, "/Account/Manage/ChangePassword", "change-password",
            [new("Input.OldPassword", AppFactory.DefaultPassword), new("Input.NewPassword", NewPassword), new("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var audit = await SingleEventAsync(app, "account.password-changed");
        Assert.Equal(id, audit.ActorUserId);
        AssertHolds(audit, nothingOf: [NewPassword, AppFactory.DefaultPassword]);
    }

    [Fact]
    public async Task ChangePassword_WrongCurrentPassword_AuditsNothing()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "sam@test.example");

        await AppFactory.PostFormAsync(client, "/Account/Manage/ChangePassword", "change-password",
            [new("Input.OldPassword", "not my password at all"), new("Input.NewPassword", NewPassword), new("Input.ConfirmPassword", NewPassword)]);

        await using var db = await app.CreateDbContextAsync();
        Assert.Equal(0, await db.AuditEvents.CountAsync(e => e.EventType == "account.password-changed"));
    }

    [Fact]
    public async Task SetPassword_AccountWithoutPassword_AuditsTheChange()
    {
        using var app = new AppFactory();
        var id = await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "sam@test.example");
        await using (var db = await app.CreateDbContextAsync())
        {
            // As for an account that signs in with a passkey only.
            await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.PasswordHash, (string?)null));
        }

        var response = await AppFactory.PostFormAsync(client, "/Account/Manage/SetPassword", "set-password",
            [new("Input.NewPassword", NewPassword), new("Input.ConfirmPassword", NewPassword)]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var audit = await SingleEventAsync(app, "account.password-changed");
        Assert.Equal(id, audit.ActorUserId);
        AssertHolds(audit, nothingOf: [NewPassword]);
    }

    private const string NewPassword = "a brand new passphrase";

    private static async Task<(string Path, string Code)> RequestResetAsync(AppFactory app, HttpClient client)
    {
        await AppFactory.PostFormAsync(client, "/Account/ForgotPassword", "forgot-password", [new("Input.Email", "sam@test.example")]);
        await using var db = await app.CreateDbContextAsync();
        var mail = await db.OutboxMessages.SingleAsync();
        var path = new Uri(ResetLink().Match(mail.TextBody).Value).PathAndQuery;
        return (path, Uri.UnescapeDataString(Regex.Match(path, "code=([^&]+)").Groups[1].Value));
    }

    private static async Task<SecurityHub.Audit.AuditEvent> SingleEventAsync(AppFactory app, string type)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.AuditEvents.AsNoTracking().SingleAsync(e => e.EventType == type);
    }

    private static void AssertHolds(SecurityHub.Audit.AuditEvent audit, string[] nothingOf)
    {
        foreach (var secret in nothingOf.Where(s => s.Length > 0))
        {
            foreach (var value in new[] { audit.ActorEmail, audit.Target, audit.Details })
            {
                Assert.DoesNotContain(secret, value ?? "", StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public async Task ForgotPassword_ForgedHostHeader_LinkComesFromPublicBaseUrl()
    {
        // Even where every host is let in, the link names the configured address, not the request's.
        using var app = new AppFactory().With("AllowedHosts", "*").With("SecurityHub:PublicBaseUrl", "https://security.bakery.example");
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await PostForgotPasswordAsHostAsync(client, "attacker.example")).StatusCode);

        await using var db = await app.CreateDbContextAsync();
        var mail = await db.OutboxMessages.SingleAsync();
        Assert.Contains("https://security.bakery.example/Account/ResetPassword?code=", mail.TextBody, StringComparison.Ordinal);
        Assert.DoesNotContain("attacker.example", mail.TextBody + mail.HtmlBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ForgotPassword_ForgedHostHeaderWithDefaults_RefusedAndNoEmail()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await PostForgotPasswordAsHostAsync(client, "attacker.example")).StatusCode);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.OutboxMessages.AnyAsync());
    }

    [Fact]
    public async Task ForgedHost_NoAllowedHostsConfigured_RefusedByTheBuiltInDefault()
    {
        // A build started from another folder reads no appsettings.json: the app still answers only this machine.
        using var app = new AppFactory().With("AllowedHosts", "");
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();

        Assert.Equal(HttpStatusCode.BadRequest, (await PostForgotPasswordAsHostAsync(client, "attacker.example")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Login")).StatusCode);
    }

    [Fact]
    public async Task ForgotPassword_AnyHostAllowedAndNoPublicBaseUrl_SameAnswerButNoLinkMailed()
    {
        using var app = new AppFactory().With("AllowedHosts", "*");
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();

        var response = await AppFactory.PostFormAsync(client, "/Account/ForgotPassword", "forgot-password", [new("Input.Email", "sam@test.example")]);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.EndsWith("ForgotPasswordConfirmation", response.Headers.Location?.OriginalString, StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.OutboxMessages.AnyAsync());
        Assert.Contains(app.Logs.Messages, m => m.Contains("PublicBaseUrl", StringComparison.Ordinal));
    }

    /// <summary>Asks for sam's reset link with a forged Host header, the way a hostile client can.</summary>
    private static async Task<HttpResponseMessage> PostForgotPasswordAsHostAsync(HttpClient client, string host)
    {
        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/ForgotPassword");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/ForgotPassword")
        {
            Content = new FormUrlEncodedContent([new("_handler", "forgot-password"), new("__RequestVerificationToken", token), new("Input.Email", "sam@test.example")]),
        };
        request.Headers.Host = host;
        return await client.SendAsync(request);
    }

    [GeneratedRegex(@"https://localhost/Account/ResetPassword\?code=[^\s]+")]
    private static partial Regex ResetLink();
}
