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

    [GeneratedRegex(@"https://localhost/Account/ResetPassword\?code=[^\s]+")]
    private static partial Regex ResetLink();
}
