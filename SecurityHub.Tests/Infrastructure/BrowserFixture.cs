using System.Runtime.CompilerServices;
using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// One headless Chromium for the whole test run. It is Debian's <c>chromium</c> package: Playwright's own
/// browser download cannot work on these machines. Each test gets a fresh context (no shared cookies).
/// </summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string DefaultChromiumPath = "/usr/bin/chromium";

    // Root needs --no-sandbox; the rest keep Chromium from dialling out (only loopback is reachable here).
    private static readonly string[] ChromiumArgs =
    [
        "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
        "--disable-sync", "--no-first-run", "--disable-quic",
    ];

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser has not started.");

    public async Task InitializeAsync()
    {
        var path = System.Environment.GetEnvironmentVariable("CHROMIUM_PATH") ?? DefaultChromiumPath;
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"Chromium was not found at {path}. Install it with 'apt-get install -y chromium' or set CHROMIUM_PATH.");
        }
        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = path,
            Headless = true,
            Args = ChromiumArgs,
        });
        await ProveInteractiveCircuitAsync();
    }

    /// <summary>Serves <paramref name="app"/> on a loopback port and opens a fresh browser context on it.</summary>
    public Task<BrowserSession> OpenAsync(AppFactory app, [CallerMemberName] string testName = "") =>
        BrowserSession.StartAsync(Browser, app, testName);

    /// <summary>
    /// The suite's first assertion, made before any journey: a signed-in page in this Chromium runs the
    /// app's interactive circuit (the theme toggle answers a click). Without a circuit every journey
    /// would fail in confusing ways; this fails them all with one clear message instead.
    /// </summary>
    private async Task ProveInteractiveCircuitAsync()
    {
        using var app = new AppFactory();
        await using var session = await OpenAsync(app, "InteractiveCircuitCheck");
        await app.SeedUserAsync("circuit-check@bakery.example", Roles.Staff);
        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInAsync("circuit-check@bakery.example", AppFactory.DefaultPassword);
            var dashboard = new DashboardPage(page);
            await dashboard.WaitForInteractiveAsync();
            await dashboard.SwitchToDarkTheme.ClickAsync();
            try
            {
                await Assertions.Expect(dashboard.SwitchToLightTheme).ToBeVisibleAsync();
            }
            catch (PlaywrightException e)
            {
                throw new InvalidOperationException("The interactive circuit did not start in Chromium: the theme toggle did not answer a click.", e);
            }
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }
        _playwright?.Dispose();
    }
}

/// <summary>
/// Every browser test joins this collection: one shared Chromium, and the journeys run one after another
/// so they do not compete with each other for the machine's two cores.
/// </summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
