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
    public async Task ForgotPassword_ForgedHostHeader_LinkComesFromPublicBaseUrl()
    {
        // Even where every host is let in, the link names the configured address, not the request's.
        using var app = new AppFactory().With("AllowedHosts", "*").With("SecurityHub:PublicBaseUrl", "https://security.bakery.example");
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/ForgotPassword");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/ForgotPassword")
        {
            Content = new FormUrlEncodedContent([new("_handler", "forgot-password"), new("__RequestVerificationToken", token), new("Input.Email", "sam@test.example")]),
        };
        request.Headers.Host = "attacker.example";
        Assert.Equal(HttpStatusCode.Redirect, (await client.SendAsync(request)).StatusCode);

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
        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/ForgotPassword");
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/ForgotPassword")
        {
            Content = new FormUrlEncodedContent([new("_handler", "forgot-password"), new("__RequestVerificationToken", token), new("Input.Email", "sam@test.example")]),
        };
        request.Headers.Host = "attacker.example";

        Assert.Equal(HttpStatusCode.BadRequest, (await client.SendAsync(request)).StatusCode);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.OutboxMessages.AnyAsync());
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

    [GeneratedRegex(@"https://localhost/Account/ResetPassword\?code=[^\s]+")]
    private static partial Regex ResetLink();
}
