using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using CertificatesPage = SecurityHub.Tests.E2E.Pages.CertificatesPage;
using EndpointPage = SecurityHub.Tests.E2E.Pages.EndpointPage;

namespace SecurityHub.Tests.E2E.Certificates;

/// <summary>
/// The Certificates list, an endpoint's page, the add dialog and the Jobs page as an Owner sees them: in light and
/// dark, on a 1280 px screen and a 390 px phone, each view checked by axe-core (WCAG 2.2 AA) and kept as a screenshot.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CertificatePagesLookTests(BrowserFixture browser)
{
    private static readonly (string Name, int Width, int Height)[] Screens = [("wide", 1280, 800), ("phone", 390, 844)];

    private const string ExpiredHost = "shop.riverside.example";
    private const string LongHost = "customer-portal-and-loyalty-programme.eu-west-1.riverside-bakery-and-cafe.example";

    [Fact]
    public async Task CertificatesAndJobs_BothThemesWideAndPhone_PassAxeFitTheScreenAndSayExpiryInWords()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync("robin@riverside.example", Roles.Owner, name: "Robin Baker");
        var (expiredId, longId) = await SeedAsync(app);

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, "robin@riverside.example");
            var dashboard = new DashboardPage(page);
            await Expect(dashboard.Greeting).ToBeVisibleAsync();
            await dashboard.ExpectLiveAsync();
            await dashboard.ExpectLiveAsync();

            // The dashboard's tile says it in words too.
            await Expect(page.GetByTestId("next-expiry")).ToContainTextAsync($"{ExpiredHost} expired 4 days ago");

            var certificates = new CertificatesPage(page);
            await certificates.GotoAsync();
            await Expect(certificates.Heading).ToBeVisibleAsync();
            await CheckBadInputAsync(certificates);

            foreach (var theme in new[] { "light", "dark" })
            {
                if (theme == "dark")
                {
                    await certificates.GotoAsync();
                    await certificates.WaitForInteractiveAsync();
                    await certificates.SwitchToDarkTheme.ClickAsync();
                    await Expect(certificates.SwitchToLightTheme).ToBeVisibleAsync();
                }
                foreach (var (screen, width, height) in Screens)
                {
                    await page.SetViewportSizeAsync(width, height);
                    var view = $"{theme}, {screen}";
                    await CheckListAsync(session, certificates, view, $"{theme}-{screen}");
                    await CheckDialogAsync(session, certificates, view, $"{theme}-{screen}", width, height);
                    await CheckDetailAsync(session, page, expiredId, longId, view, $"{theme}-{screen}");
                    await CheckJobsAsync(session, page, view, $"{theme}-{screen}");
                }
                await page.SetViewportSizeAsync(1280, 800);
            }

            // Run now works and says what happened (the scheduler is off in tests, so the job runs right here).
            await page.GotoAsync("jobs");
            await new AppShell(page).WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Run now: Send queued email" }).ClickAsync();
            await Expect(page.GetByText("Send queued email ran and finished.")).ToBeVisibleAsync();
        });
    }

    private static async Task CheckBadInputAsync(CertificatesPage certificates)
    {
        await certificates.OpenAddDialogAsync();
        await certificates.HostName.FillAsync("<script>alert(1)</script>");
        await certificates.Label.FillAsync("Till <b>bold</b>");
        await certificates.Add.ClickAsync();

        // Refused with the reason beside the field; the dialog stays open with what was typed, shown as text.
        await Expect(certificates.Dialog).ToContainTextAsync("is not a host name");
        await Expect(certificates.HostName).ToHaveValueAsync("<script>alert(1)</script>");
        await Expect(certificates.Label).ToHaveValueAsync("Till <b>bold</b>");
        await Expect(certificates.Dialog.Locator("script, b")).ToHaveCountAsync(0);

        // Empty: refused too.
        await certificates.HostName.FillAsync("");
        await certificates.Add.ClickAsync();
        await Expect(certificates.Dialog).ToContainTextAsync("Enter a host name");
        await certificates.Cancel.ClickAsync();
        await Expect(certificates.Dialog).ToBeHiddenAsync();
        await Expect(certificates.Row("script")).ToHaveCountAsync(0);
    }

    private static async Task CheckListAsync(BrowserSession session, CertificatesPage certificates, string view, string name)
    {
        var page = certificates.Page;
        await certificates.GotoAsync();
        await certificates.WaitForInteractiveAsync();

        var expired = certificates.Row($"{ExpiredHost}:443");
        await Expect(expired).ToContainTextAsync("Expired");
        await Expect(expired).ToContainTextAsync("expired 4 days ago");
        await Expect(expired).Not.ToContainTextAsync("-4");
        await Expect(certificates.Row("mail.riverside.example:587")).ToContainTextAsync("expires in 1 day");

        // The list comes before the setting, and a long host name is shown whole.
        var list = await certificates.Endpoints.BoundingBoxAsync();
        var setting = await certificates.InternalServers.BoundingBoxAsync();
        Assert.True(list!.Y < setting!.Y, $"The list should come before the internal-servers setting ({view}).");
        var link = certificates.EndpointLink($"{LongHost}:443");
        await Expect(link).ToHaveTextAsync($"{LongHost}:443");
        Assert.False(await link.EvaluateAsync<bool>("e => e.scrollWidth > e.clientWidth + 1"), $"The long host name is cut off ({view}).");
        await AssertNoSidewaysScrollAsync(page, $"the certificates page ({view})");
        var tableScrolls = await certificates.EndpointTable.EvaluateAsync<bool>("table => table.parentElement.scrollWidth > table.parentElement.clientWidth + 1");
        Assert.False(tableScrolls, $"The endpoints do not fit the screen ({view}): the table scrolls sideways.");
        var remove = await certificates.Remove($"{LongHost}:443").BoundingBoxAsync();
        Assert.True(remove!.X + remove.Width <= page.ViewportSize!.Width, $"The Remove button is off the screen's right edge ({view}).");

        await Accessibility.AssertNoViolationsAsync(page, $"the certificates page ({view})");
        await session.ScreenshotAsync($"certificates-{name}");
    }

    private static async Task CheckDialogAsync(BrowserSession session, CertificatesPage certificates, string view, string name, int width, int height)
    {
        var page = certificates.Page;
        await certificates.OpenAddDialogAsync();

        // Centred, clear of the top edge, with its Add button on the screen.
        var box = await certificates.Dialog.BoundingBoxAsync();
        Assert.True(Math.Abs(box!.X + box.Width / 2 - width / 2.0) < 24, $"The dialog is not centred ({view}): x={box.X}, width={box.Width}.");
        Assert.True(box.Y > 8, $"The dialog sits against the top edge ({view}): y={box.Y}.");
        await Expect(certificates.Add).ToBeInViewportAsync();
        var add = await certificates.Add.BoundingBoxAsync();
        Assert.True(add!.Y + add.Height <= height, $"The Add button is below the fold ({view}).");

        await Accessibility.AssertNoViolationsAsync(page, $"the add dialog ({view})");
        await session.ScreenshotAsync($"certificates-dialog-{name}");
        await page.Keyboard.PressAsync("Escape");
        await Expect(certificates.Dialog).ToBeHiddenAsync();
    }

    private static async Task CheckDetailAsync(BrowserSession session, IPage page, int expiredId, int longId, string view, string name)
    {
        var detail = new EndpointPage(page);

        // One check: something to see (a bar) and the figure in words; no negative "days left".
        await page.GotoAsync($"certificates/{expiredId}");
        await detail.WaitForInteractiveAsync();
        await Expect(detail.Valid).ToContainTextAsync("(expired 4 days ago)");
        await Expect(detail.HistorySummary).ToContainTextAsync("One day checked so far");
        await Expect(detail.HistorySummary).ToContainTextAsync("expired 4 days ago");
        await Expect(detail.History.Locator("svg path.mud-chart-bar")).ToHaveCountAsync(1);
        await AssertNoSidewaysScrollAsync(page, $"an expired endpoint's page ({view})");
        await Accessibility.AssertNoViolationsAsync(page, $"an expired endpoint's page ({view})");
        await session.ScreenshotAsync($"certificate-detail-single-{name}");

        // Several checks a day over two weeks: one point per day, and no date written twice under the chart.
        await page.GotoAsync($"certificates/{longId}");
        await detail.WaitForInteractiveAsync();
        await Expect(detail.HistorySummary).ToContainTextAsync("14 days checked");
        // The chart draws once it knows its size: wait for the last day's date under it.
        var today = AppFactory.DefaultClockStart.ToString("MMM d", System.Globalization.CultureInfo.InvariantCulture);
        await Expect(detail.History.Locator("svg text").GetByText(today, new() { Exact = true })).ToBeVisibleAsync();
        var dates = await detail.History.Locator("svg text").EvaluateAllAsync<string[]>(
            "texts => texts.map(t => t.textContent.trim()).filter(t => /^[A-Z][a-z]{2} \\d{1,2}$/.test(t))");
        Assert.InRange(dates.Length, 2, DaysLeftHistory.MaxLabels);
        Assert.Equal(dates.Length, dates.Distinct().Count());
        // The dates under the chart do not overlap each other.
        var overlapping = await detail.History.Locator("svg text").EvaluateAllAsync<bool>("""
            texts => {
                const boxes = texts.filter(t => /^[A-Z][a-z]{2} \d{1,2}$/.test(t.textContent.trim())).map(t => t.getBoundingClientRect());
                return boxes.some((a, i) => boxes.some((b, j) => i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom));
            }
            """);
        Assert.False(overlapping, $"The chart's dates overlap ({view}).");
        await AssertNoSidewaysScrollAsync(page, $"a long host's page ({view})");
        await Accessibility.AssertNoViolationsAsync(page, $"a long host's page ({view})");
        await session.ScreenshotAsync($"certificate-detail-history-{name}");
    }

    private static async Task CheckJobsAsync(BrowserSession session, IPage page, string view, string name)
    {
        await page.GotoAsync("jobs");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Jobs", Level = 1 })).ToBeVisibleAsync();
        await new AppShell(page).WaitForInteractiveAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Run now: Send queued email" })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "the Hangfire dashboard" })).ToHaveAttributeAsync("href", "/jobs/hangfire/");
        await AssertNoSidewaysScrollAsync(page, $"the jobs page ({view})");
        await Accessibility.AssertNoViolationsAsync(page, $"the jobs page ({view})");
        await session.ScreenshotAsync($"jobs-{name}");
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        var overflow = await page.EvaluateAsync<int>("() => document.documentElement.scrollWidth - window.innerWidth");
        Assert.True(overflow <= 1, $"{where} scrolls sideways by {overflow} px.");
    }

    private static async Task<(int ExpiredId, int LongId)> SeedAsync(AppFactory app)
    {
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using var db = await app.CreateDbContextAsync();
        var expired = new CertificateEndpoint
        {
            Host = ExpiredHost, Label = "Online shop", CreatedUtc = now.AddDays(-30), LastCheckedUtc = now.AddHours(-1),
            LastStatus = CertificateStatus.Expired, NotAfterUtc = now.AddDays(-4).AddHours(-2), DaysLeft = -4,
        };
        var longHost = new CertificateEndpoint
        {
            Host = LongHost, Label = "Loyalty programme", CreatedUtc = now.AddDays(-30), LastCheckedUtc = now.AddHours(-1),
            LastStatus = CertificateStatus.Ok, NotAfterUtc = now.AddDays(80), DaysLeft = 80,
        };
        db.CertificateEndpoints.AddRange(expired, longHost,
            new CertificateEndpoint
            {
                Host = "mail.riverside.example", Port = 587, StartTls = StartTlsMode.Smtp, CreatedUtc = now.AddDays(-30),
                LastCheckedUtc = now.AddHours(-1), LastStatus = CertificateStatus.Expiring, NotAfterUtc = now.AddDays(1).AddHours(3), DaysLeft = 1,
            },
            new CertificateEndpoint { Host = "new.riverside.example", CreatedUtc = now });
        await db.SaveChangesAsync();

        db.CertificateChecks.Add(Check(expired.Id, now.AddHours(-1), CertificateStatus.Expired, now.AddDays(-4).AddHours(-2), -4,
            $"The certificate expired on {now.AddDays(-4):yyyy-MM-dd}."));
        for (var day = 13; day >= 0; day--)
        {
            // Three checks a day, as "Check now" can give.
            foreach (var hour in new[] { 1, 4, 7 })
            {
                var at = now.Date.AddDays(-day).AddHours(hour);
                db.CertificateChecks.Add(Check(longHost.Id, at, CertificateStatus.Ok, now.AddDays(80), (int)Math.Floor((now.AddDays(80) - at).TotalDays),
                    "Valid."));
            }
        }
        await db.SaveChangesAsync();
        return (expired.Id, longHost.Id);
    }

    private static CertificateCheck Check(int endpointId, DateTime at, CertificateStatus status, DateTime notAfter, int daysLeft, string message) => new()
    {
        EndpointId = endpointId, CheckedUtc = at, Status = status, Protocol = "Tls13", Subject = "CN=shop", Issuer = "CN=Test CA",
        SubjectAlternativeNames = "shop", SerialNumber = "01", Thumbprint = "AB", NotBeforeUtc = notAfter.AddDays(-90), NotAfterUtc = notAfter,
        DaysLeft = daysLeft, KeyType = "RSA", KeySize = 2048, SignatureAlgorithm = "sha256RSA", Message = message, ChainJson = "[]",
    };
}
