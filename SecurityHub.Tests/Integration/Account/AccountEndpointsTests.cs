using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using SecurityHub.Account;
using SecurityHub.Data;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Account;

/// <summary>
/// The minimal-API endpoints (sign-out, passkey options, CSV exports): a bad antiforgery token or a request they
/// cannot bind is a plain 400 with nothing done; passkey request options say nothing about any account.
/// </summary>
public partial class AccountEndpointsTests
{
    private const string Staff = "sam@test.example";

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("not-a-token")]
    [InlineData("CfDJ8\u0000\r\nX-Injected: 1")]
    public async Task Logout_MissingOrBadAntiforgeryToken_Answers400AndStaysSignedIn(string? token)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Staff, Roles.Staff);
        using var client = app.CreateHttpsClient();
        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, Staff)).StatusCode);
        var fields = new List<KeyValuePair<string, string>> { new("returnUrl", "/") };
        if (token is not null)
        {
            fields.Add(new("__RequestVerificationToken", token));
        }

        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent(fields));

        await AssertPlain400Async(response);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/Account/Manage")).StatusCode);
    }

    [Fact]
    public async Task Logout_ValidToken_SignsOut()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Staff, Roles.Staff);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, Staff);

        var token = await AppFactory.GetAntiforgeryTokenAsync(client, "/Account/Manage");
        var response = await client.PostAsync("/Account/Logout", new FormUrlEncodedContent([new("returnUrl", "/"), new("__RequestVerificationToken", token)]));

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await client.GetAsync("/Account/Manage")).StatusCode);
    }

    [Theory]
    [InlineData("/Account/PasskeyCreationOptions", true)]
    [InlineData("/Account/PasskeyRequestOptions", false)]
    public async Task PasskeyOptions_NoAntiforgeryToken_Answers400(string path, bool signedIn)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Staff, Roles.Staff);
        using var client = app.CreateHttpsClient();
        if (signedIn)
        {
            await app.LoginAsync(client, Staff);
        }

        var missing = await client.PostAsync(path, null);
        using var wrong = new HttpRequestMessage(HttpMethod.Post, path);
        wrong.Headers.Add("RequestVerificationToken", "forged");
        var forged = await client.SendAsync(wrong);

        await AssertPlain400Async(missing);
        await AssertPlain400Async(forged);
    }

    [Theory]
    [InlineData("/audit/export.csv?from=not-a-date")]
    [InlineData("/audit/export.csv?to=2026-13-45")]
    public async Task AuditExport_UnbindableQuery_Answers400(string path)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@test.example");

        await AssertPlain400Async(await client.GetAsync(path));
    }

    [Theory]
    [InlineData("?username=sam@test.example")]
    [InlineData("")]
    public async Task PasskeyRequestOptions_ExistingUserWithPasskey_ListsNoCredential(string query)
    {
        using var app = new AppFactory();
        var id = await app.SeedUserAsync(Staff, Roles.Staff);
        var credentialId = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
        await using (var scope = app.Services.CreateAsyncScope())
        {
            var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
            var user = await users.FindByIdAsync(id);
            var added = await users.AddOrUpdatePasskeyAsync(user!, new UserPasskeyInfo(credentialId, [1, 2, 3], app.Clock.GetUtcNow(), 0, ["internal"], true, false, false, [4], [5]));
            Assert.True(added.Succeeded);
        }
        using var client = app.CreateHttpsClient();

        var response = await PostRequestOptionsAsync(client, query);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await response.Content.ReadAsStringAsync();
        Assert.Contains("\"challenge\"", json, StringComparison.Ordinal);
        Assert.DoesNotContain(WebEncoders.Base64UrlEncode(credentialId), json, StringComparison.Ordinal);
        Assert.DoesNotContain(Convert.ToBase64String(credentialId), json, StringComparison.Ordinal);
        Assert.DoesNotMatch("\"allowCredentials\"\\s*:\\s*\\[\\s*\\{", json);
    }

    [Fact]
    public async Task PasskeyRequestOptions_EleventhPostInAMinute_Answers429()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();
        var (name, value) = await PasskeyTokenAsync(client);

        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostRequestOptionsAsync(client, "", name, value)).StatusCode);
        }
        var eleventh = await PostRequestOptionsAsync(client, "", name, value);

        Assert.Equal(HttpStatusCode.TooManyRequests, eleventh.StatusCode);
    }

    [Fact]
    public async Task PasskeyRequestOptions_AskedOnEveryLoadOfTheSignInPage_DoNotUseUpSignInAttempts()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("sam@test.example", Roles.Staff);
        using var client = app.CreateHttpsClient();
        var (name, value) = await PasskeyTokenAsync(client);

        // Ten loads of the sign-in page, each asking for options as the browser's autofill does.
        for (var i = 1; i <= 10; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await PostRequestOptionsAsync(client, "", name, value)).StatusCode);
        }

        Assert.Equal(HttpStatusCode.Redirect, (await app.LoginAsync(client, "sam@test.example")).StatusCode);
    }

    private static async Task<HttpResponseMessage> PostRequestOptionsAsync(HttpClient client, string query, string? name = null, string? value = null)
    {
        if (name is null || value is null)
        {
            (name, value) = await PasskeyTokenAsync(client);
        }
        using var request = new HttpRequestMessage(HttpMethod.Post, "/Account/PasskeyRequestOptions" + query);
        request.Headers.Add(name, value);
        return await client.SendAsync(request);
    }

    /// <summary>The header name and token the sign-in page hands its passkey script.</summary>
    private static async Task<(string Name, string Value)> PasskeyTokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/Account/Login");
        var match = PasskeyTokens().Match(html);
        Assert.True(match.Success, "No passkey token on the sign-in page");
        return (WebUtility.HtmlDecode(match.Groups[1].Value), WebUtility.HtmlDecode(match.Groups[2].Value));
    }

    private static async Task AssertPlain400Async(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.ToString(), StringComparison.Ordinal);
        Assert.Contains("nothing was done", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [GeneratedRegex("request-token-name=\"([^\"]+)\"\\s+request-token-value=\"([^\"]+)\"")]
    private static partial Regex PasskeyTokens();
}
