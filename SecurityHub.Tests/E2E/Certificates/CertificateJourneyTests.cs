using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using SecurityHub.Tests.Integration.Certificates;
using static Microsoft.Playwright.Assertions;

namespace SecurityHub.Tests.E2E.Certificates;

[Collection(BrowserCollection.Name)]
public sealed class CertificateJourneyTests(BrowserFixture browser)
{
    [Fact]
    public async Task CertificatesPage_OwnerAddsEndpointAndChecksNow_SeesStatusAndWhatToDo()
    {
        using var app = new AppFactory();
        using var kit = new CheckerKit(clock: app.Clock);
        app.With("SecurityHub:Certificates:AllowInternalHosts", "true").With("SecurityHub:Certificates:TrustedRootsFile", kit.Options.TrustedRootsFile);
        using var leaf = kit.Leaf(TimeSpan.FromDays(5) + TimeSpan.FromHours(1));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);
        var endpoint = $"localhost:{server.Port}";
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("olive@bakery.example", Roles.Owner, name: "Olive Owner");
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "olive@bakery.example");
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToBeVisibleAsync();
            await dashboard.WaitForInteractiveAsync();
            await dashboard.NavLink("Certificates").ClickAsync();

            var certificates = new CertificatesPage(page);
            await Expect(certificates.Heading).ToBeVisibleAsync();
            await certificates.WaitForInteractiveAsync();
            await certificates.OpenAddDialogAsync();
            await certificates.HostName.FillAsync("localhost");
            await certificates.Port.FillAsync(server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
            await certificates.Label.FillAsync("Online shop");
            await certificates.Add.ClickAsync();
            await Expect(certificates.Dialog).ToBeHiddenAsync();
            await Expect(certificates.Row(endpoint)).ToContainTextAsync("Not checked");

            await certificates.CheckNow(endpoint).ClickAsync();
            await Expect(certificates.Row(endpoint)).ToContainTextAsync("Expiring");
            await Expect(certificates.Row(endpoint)).ToContainTextAsync("expires in 5 days");
            await session.ScreenshotAsync("certificates");

            await certificates.EndpointLink(endpoint).ClickAsync();
            var detail = new EndpointPage(page);
            await Expect(detail.Message).ToContainTextAsync("expires in 5 days");
            await Expect(detail.WhatToDo).ToContainTextAsync("Renew the certificate with your host");
            await Expect(detail.WhatToDo).ToContainTextAsync("turn on auto-renew");
            await session.ScreenshotAsync("certificate-detail");
        });
    }
}
