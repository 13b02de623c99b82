using System.Globalization;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

/// <summary>
/// The website checks of an HTTPS endpoint against real loopback servers: a TLS server that answers HTTP
/// (HSTS or not) and a plain-HTTP server standing in for port 80 (HttpPort points at it).
/// </summary>
public class CertificateWebsiteTests
{
    private const string OneYear = "max-age=31536000; includeSubDomains";

    [Fact]
    public async Task Check_HttpRedirectsToHttpsAndHstsSent_RecordsBothWithNothingToDo()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf) { Hsts = OneYear };
        await using var http = new HttpTestServer(301, ("Location", $"https://localhost:{https.Port}/"));
        Website(kit, https, http.Port);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", https.Port));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.True(check.RedirectsToHttps);
        Assert.True(check.SendsHsts);
        Assert.Contains($"Plain HTTP (port {http.Port}) redirects to https://localhost:{https.Port}/ (301).", check.HttpNote, StringComparison.Ordinal);
        Assert.Contains("HSTS is on (max-age 31536000 seconds, about 365 days).", check.HttpNote, StringComparison.Ordinal);
        Assert.Equal([$"localhost:{http.Port}"], http.Hosts);
        Assert.Empty(CertificateAdvice.WebsiteAdvice(check));
        Assert.StartsWith("Nothing to do", CertificateAdvice.WhatToDo(check), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_HttpAnswers200AndNoHsts_AdvisesBothAndStaysOk()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf);
        await using var http = new HttpTestServer(200);
        Website(kit, https, http.Port);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", https.Port));

        // Advice, not a status: the certificate itself is fine.
        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.Null(check.TrustProblems);
        Assert.False(check.RedirectsToHttps);
        Assert.False(check.SendsHsts);
        Assert.Contains($"Plain HTTP (port {http.Port}) answers 200 without redirecting to https://", check.HttpNote, StringComparison.Ordinal);
        Assert.Contains("No HSTS header", check.HttpNote, StringComparison.Ordinal);
        var advice = CertificateAdvice.WebsiteAdvice(check);
        Assert.Equal(2, advice.Count);
        Assert.StartsWith("Redirect http to https:", advice[0], StringComparison.Ordinal);
        Assert.StartsWith("Turn on HSTS:", advice[1], StringComparison.Ordinal);
        Assert.Equal("The certificate is valid and trusted. For the website: redirect http to https and turn on HSTS (see the findings).", CertificateAdvice.WhatToDo(check));
    }

    [Theory]
    [InlineData("https://elsewhere.example/", "which is not https:// on localhost")]
    [InlineData("http://localhost/secure", "which is not https:// on localhost")]
    [InlineData("/login", "redirects to /login, which is not https:// on localhost")]
    public async Task Check_RedirectNotToHttpsOnSameHost_IsNoRedirect(string location, string note)
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf) { Hsts = OneYear };
        await using var http = new HttpTestServer(302, ("Location", location));
        Website(kit, https, http.Port);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", https.Port));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.False(check.RedirectsToHttps);
        Assert.Contains(note, check.HttpNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_HstsWithMaxAgeZero_CountsAsNoHsts()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf) { Hsts = "max-age=0" };
        await using var http = new HttpTestServer(308, ("Location", "https://localhost/"));
        Website(kit, https, http.Port);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", https.Port));

        Assert.True(check.RedirectsToHttps);
        Assert.False(check.SendsHsts);
        Assert.Contains("no positive max-age", check.HttpNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_HttpPortClosed_SaysNoHttpAnswerRatherThanFailing()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf) { Hsts = OneYear };
        var closed = HttpTestServer.FreePort();
        Website(kit, https, closed);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", https.Port));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.Null(check.RedirectsToHttps);
        Assert.True(check.SendsHsts);
        Assert.Contains($"No HTTP answer on port {closed}: nothing is listening there", check.HttpNote, StringComparison.Ordinal);
        Assert.Contains(CertificateAdvice.WebsiteAdvice(check), a => a.Contains("gave no HTTP answer", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Check_HttpPortAcceptsAndNeverAnswers_GivesUpAfterTheTimeoutKeepingTheCertificateResult()
    {
        using var kit = new CheckerKit(timeoutSeconds: 1);
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf);
        await using var silent = new TlsTestServer(TlsServerMode.Silent);
        Website(kit, https, silent.Port);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", https.Port));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.Null(check.RedirectsToHttps);
        Assert.False(check.SendsHsts);
        Assert.Contains($"No HTTP answer on port {silent.Port} within 1 seconds.", check.HttpNote, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_PortNotListedAsWebsite_SkipsTheWebsiteChecks()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf);
        await using var http = new HttpTestServer(200);
        kit.Options.HttpPort = http.Port; // HttpsPorts stays "443,8443"

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", https.Port));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.Null(check.HttpNote);
        Assert.Null(check.RedirectsToHttps);
        Assert.Empty(http.Hosts);
    }

    [Fact]
    public async Task CheckNow_WebsiteWithoutRedirectOrHsts_StoresTheResultAndTheEndpointPageAdvises()
    {
        using var app = new AppFactory();
        using var kit = new CheckerKit(clock: app.Clock);
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var https = new TlsTestServer(TlsServerMode.Https, leaf);
        await using var http = new HttpTestServer(200);
        app.With("SecurityHub:Certificates:AllowInternalHosts", "true").With("SecurityHub:Certificates:TrustedRootsFile", kit.Options.TrustedRootsFile)
            .With("SecurityHub:Certificates:HttpsPorts", https.Port.ToString(CultureInfo.InvariantCulture))
            .With("SecurityHub:Certificates:HttpPort", http.Port.ToString(CultureInfo.InvariantCulture));
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        int id;
        await using (var db = await app.CreateDbContextAsync())
        {
            var endpoint = new CertificateEndpoint { Host = "localhost", Port = https.Port, CreatedUtc = app.Clock.GetUtcNow().UtcDateTime };
            db.CertificateEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            id = endpoint.Id;
        }

        await app.GetService<CertificateMonitor>().CheckAsync([id]);

        await using (var db = await app.CreateDbContextAsync())
        {
            var stored = await db.CertificateChecks.SingleAsync(c => c.EndpointId == id);
            Assert.Equal(CertificateStatus.Ok, stored.Status);
            Assert.False(stored.RedirectsToHttps);
            Assert.False(stored.SendsHsts);
            Assert.Equal(CertificateStatus.Ok, (await db.CertificateEndpoints.SingleAsync(e => e.Id == id)).LastStatus);
        }
        using var client = app.CreateHttpsClient();
        await app.LoginAsync(client, "manager@example.com");
        var html = await client.GetStringAsync($"/certificates/{id}");
        Assert.Contains("For the website: redirect http to https and turn on HSTS", html, StringComparison.Ordinal);
        Assert.Contains("Turn on HSTS: send the header Strict-Transport-Security", html, StringComparison.Ordinal);
        // The element may carry the page's scoped-CSS attribute (b-...) after its test id.
        Assert.Matches("<dd data-testid=\"redirects-to-https\"[^>]*>No</dd>", html);
    }

    private static void Website(CheckerKit kit, TlsTestServer https, int httpPort)
    {
        kit.Options.HttpsPorts = https.Port.ToString(CultureInfo.InvariantCulture);
        kit.Options.HttpPort = httpPort;
    }
}
