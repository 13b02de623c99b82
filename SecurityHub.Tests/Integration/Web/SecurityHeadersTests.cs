using System.Net;
using System.Reflection;
using Microsoft.AspNetCore.Components;
using SecurityHub.Account;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Web;

public class SecurityHeadersTests
{
    /// <summary>Every routable page of the app, found by reflection so a new page cannot be forgotten.</summary>
    public static TheoryData<string> Routes()
    {
        var data = new TheoryData<string>();
        var templates = typeof(Program).Assembly.GetTypes()
            .SelectMany(t => t.GetCustomAttributes<RouteAttribute>())
            .Select(r => r.Template)
            .Distinct()
            .Order(StringComparer.Ordinal);
        foreach (var template in templates)
        {
            data.Add(template);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task EveryPage_SignedInOwner_CarriesSecurityHeadersAndNoStore(string template)
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@test.example", Roles.Owner);
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "owner@test.example");

        var path = System.Text.RegularExpressions.Regex.Replace(template, "{[^}]+}", "sample");
        var response = await client.GetAsync(path);

        Assert.True((int)response.StatusCode < 500, $"{path} answered {response.StatusCode}");
        AssertSecurityHeaders(response);
        Assert.Contains("no-store", response.Headers.CacheControl?.ToString());
    }

    [Theory]
    [InlineData("/Account/Login")]
    [InlineData("/setup")]
    [InlineData("/not-found")]
    [InlineData("/no-such-page")]
    public async Task AnonymousPages_CarrySecurityHeaders(string path)
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();
        var response = await client.GetAsync(path);
        AssertSecurityHeaders(response);
    }

    [Fact]
    public async Task Production_Https_SendsHstsForAYear()
    {
        using var app = new AppFactory { Environment = "Production" }.With("SecurityHub:PublicBaseUrl", "https://securityhub.example");
        using var client = app.CreateHttpsClient();
        // HSTS is never sent to localhost, so ask as the real host name (allowed as the public address's host).
        using var request = new HttpRequestMessage(HttpMethod.Get, "/Account/Login");
        request.Headers.Host = "securityhub.example";
        var response = await client.SendAsync(request);
        var hsts = response.Headers.GetValues("Strict-Transport-Security").Single();
        var maxAge = long.Parse(System.Text.RegularExpressions.Regex.Match(hsts, @"max-age=(\d+)").Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(maxAge >= 31_536_000, hsts);
    }

    [Fact]
    public async Task BlazorHub_ForeignOrigin_Refused()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();
        using var foreign = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        foreign.Headers.Add("Origin", "https://evil.example");
        Assert.Equal(HttpStatusCode.Forbidden, (await client.SendAsync(foreign)).StatusCode);

        using var same = new HttpRequestMessage(HttpMethod.Post, "/_blazor/negotiate?negotiateVersion=1");
        same.Headers.Add("Origin", "https://localhost");
        Assert.NotEqual(HttpStatusCode.Forbidden, (await client.SendAsync(same)).StatusCode);
    }

    [Fact]
    public async Task Healthz_DatabaseReachable_Returns200()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();
        var response = await client.GetAsync("/healthz");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task BlazorScript_IsServedFingerprinted()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();
        var html = await client.GetStringAsync("/Account/Login");
        var match = System.Text.RegularExpressions.Regex.Match(html, "src=\"/(_framework/blazor\\.web\\.[a-z0-9]+\\.js)\"");
        Assert.True(match.Success, "The page should reference a fingerprinted blazor.web.js");
        var script = await client.GetAsync("/" + match.Groups[1].Value);
        Assert.Equal(HttpStatusCode.OK, script.StatusCode);
        Assert.Contains("Blazor", await script.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static void AssertSecurityHeaders(HttpResponseMessage response)
    {
        var csp = response.Headers.GetValues("Content-Security-Policy").Single();
        Assert.Contains("script-src 'self'", csp, StringComparison.Ordinal);
        Assert.Contains("object-src 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("base-uri 'none'", csp, StringComparison.Ordinal);
        Assert.Contains("frame-ancestors 'none'", csp, StringComparison.Ordinal);
        Assert.DoesNotContain("unsafe-eval", csp, StringComparison.Ordinal);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.False(string.IsNullOrEmpty(response.Headers.GetValues("Referrer-Policy").Single()));
    }
}
