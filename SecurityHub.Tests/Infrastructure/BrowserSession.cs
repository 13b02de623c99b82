using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// One test's view of the app in a browser: the app on a loopback Kestrel port, a fresh browser context
/// and a page. <see cref="RunAsync"/> saves a screenshot and the browser console when a journey fails.
/// </summary>
public sealed class BrowserSession : IAsyncDisposable
{
    private readonly ConcurrentQueue<string> _console = new();
    private readonly ConcurrentQueue<string> _problems = new();
    private readonly string _testName;

    private BrowserSession(AppFactory app, Uri baseAddress, IBrowserContext context, IPage page, string testName)
    {
        App = app;
        BaseAddress = baseAddress;
        Context = context;
        Page = page;
        _testName = testName;
        page.Console += (_, message) =>
        {
            if (message.Type is "error" or "warning")
            {
                _console.Enqueue($"{message.Type}: {message.Text}");
            }
        };
        page.PageError += (_, error) => _console.Enqueue($"page error: {error}");
        // A console error or an uncaught script error is a broken page too, unless the journey stopped the server on
        // purpose (the browser then reports the lost connection).
        page.Console += (_, message) =>
        {
            if (message.Type == "error" && !_serverDown && !_expectedConsoleErrors.Any(e => message.Text.Contains(e, StringComparison.Ordinal)))
            {
                _problems.Enqueue($"console error on {page.Url}: {message.Text}");
            }
        };
        page.PageError += (_, error) =>
        {
            if (!_serverDown && !_expectedConsoleErrors.Any(e => error.Contains(e, StringComparison.Ordinal)))
            {
                _problems.Enqueue($"script error on {page.Url}: {error}");
            }
        };

        // What a user would see as a broken page even when the journey itself gets through:
        // a blocked script or style (CSP), or a stylesheet, script, font or image that failed to load.
        page.Console += (_, message) =>
        {
            if (message.Text.Contains("Content Security Policy", StringComparison.Ordinal))
            {
                _problems.Enqueue($"CSP violation on {page.Url}: {message.Text}");
            }
        };
        page.Response += (_, response) =>
        {
            if (response.Status >= 400 && IsAsset(response.Request))
            {
                _problems.Enqueue($"{response.Status} for {response.Request.ResourceType} {response.Url} on {page.Url}");
            }
        };
        page.RequestFailed += (_, request) =>
        {
            // An aborted request is one the browser dropped because the page moved on.
            if (IsAsset(request) && request.Failure != "net::ERR_ABORTED" && !(_serverDown && request.Failure == "net::ERR_CONNECTION_REFUSED"))
            {
                _problems.Enqueue($"{request.ResourceType} {request.Url} failed: {request.Failure}");
            }
        };
    }

    private volatile bool _serverDown;
    private readonly ConcurrentBag<string> _expectedConsoleErrors = [];

    /// <summary>
    /// A console or script error the journey causes on purpose (a refused request it is testing, a circuit it pauses),
    /// by a part of its text: not counted as a broken page.
    /// </summary>
    public void ExpectConsoleError(string text) => _expectedConsoleErrors.Add(text);

    /// <summary>
    /// While a journey stops and restarts the app on purpose, a font or icon the page asks for then is
    /// refused; that is the restart, not a broken page. Dispose the result once the app listens again.
    /// </summary>
    public IDisposable ServerDown()
    {
        _serverDown = true;
        return new Restore(this);
    }

    private sealed class Restore(BrowserSession session) : IDisposable
    {
        public void Dispose() => session._serverDown = false;
    }

    public AppFactory App { get; }
    public Uri BaseAddress { get; }
    public IBrowserContext Context { get; }
    public IPage Page { get; }

    /// <summary>Where screenshots go: TestResults/screenshots at the repository root.</summary>
    public static string ScreenshotDirectory { get; } = FindScreenshotDirectory();

    internal static async Task<BrowserSession> StartAsync(IBrowser browser, AppFactory app, string testName)
    {
        var baseAddress = app.StartKestrel();
        var context = await browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = baseAddress.ToString(),
            Locale = "en-US",
            TimezoneId = "UTC",
            ColorScheme = ColorScheme.Light,
            ViewportSize = new ViewportSize { Width = 1280, Height = 800 },
        });
        // Waits for the app's state, not timing: generous enough for a cold start on two busy cores.
        context.SetDefaultTimeout(20_000);
        Assertions.SetDefaultExpectTimeout(20_000);
        var page = await context.NewPageAsync();
        return new BrowserSession(app, baseAddress, context, page, testName);
    }

    /// <summary>
    /// Runs the journey, then checks that no page on the way had a blocked or missing asset. If anything
    /// fails, keeps a full-page screenshot, the page's HTML and the browser console for a human.
    /// </summary>
    public async Task RunAsync(Func<IPage, Task> journey)
    {
        try
        {
            await journey(Page);
            Assert.True(_problems.IsEmpty, "Pages were broken along the way:\n" + string.Join("\n", _problems.Distinct()));
        }
        catch
        {
            await SaveFailureEvidenceAsync();
            throw;
        }
    }

    /// <summary>Saves a full-page screenshot as TestResults/screenshots/&lt;name&gt;.png and returns its path.</summary>
    public async Task<string> ScreenshotAsync(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        await Page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        await Context.DisposeAsync();
    }

    private async Task SaveFailureEvidenceAsync()
    {
        try
        {
            var name = $"{_testName}-failure";
            await ScreenshotAsync(name);
            await File.WriteAllTextAsync(Path.Combine(ScreenshotDirectory, name + ".html"), await Page.ContentAsync());
            var log = new List<string> { $"URL: {Page.Url}" };
            log.AddRange(_console);
            log.Add("--- app log ---");
            log.AddRange(App.Logs.Messages);
            log.Add("--- exceptions ---");
            log.AddRange(App.Logs.Exceptions);
            await File.WriteAllLinesAsync(Path.Combine(ScreenshotDirectory, name + ".log"), log);
        }
        catch (PlaywrightException)
        {
            // The page itself is gone (browser crash): the test's own exception says more.
        }
    }

    private static bool IsAsset(IRequest request) => request.ResourceType is "stylesheet" or "script" or "font" or "image";

    private static string FindScreenshotDirectory()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "SecurityHub.sln")))
            {
                return Path.Combine(dir.FullName, "TestResults", "screenshots");
            }
        }
        return Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots");
    }
}
