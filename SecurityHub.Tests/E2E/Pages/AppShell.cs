using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>The frame around every signed-in page: header, theme toggle and the main navigation.</summary>
public class AppShell(IPage page)
{
    public IPage Page { get; } = page;

    public ILocator MainNavigation => Page.GetByRole(AriaRole.Navigation, new() { Name = "Main" });

    public ILocator SwitchToDarkTheme => Page.GetByRole(AriaRole.Button, new() { Name = "Switch to dark theme" });

    public ILocator SwitchToLightTheme => Page.GetByRole(AriaRole.Button, new() { Name = "Switch to light theme" });

    /// <summary>
    /// The theme shown: the body's class (app.css's palette) and the background MudBlazor paints, as the
    /// browser computes them (AppTheme.cs: #f4f5f9 light, #19191a dark).
    /// </summary>
    /// <remarks>A CSS selector: the body has no role or name.</remarks>
    public async Task ExpectThemeAsync(bool dark)
    {
        var body = Page.Locator("body");
        await Assertions.Expect(body).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(dark ? @"\bsh-dark\b" : @"\bsh-light\b"));
        await Assertions.Expect(body).ToHaveCSSAsync("background-color", dark ? "rgb(25, 25, 26)" : "rgb(244, 245, 249)");
        var mudBackground = await Page.EvaluateAsync<string>(
            "() => getComputedStyle(document.documentElement).getPropertyValue('--mud-palette-background').trim()");
        Assert.Equal(dark ? "rgba(25,25,26,1)" : "rgba(244,245,249,1)", mudBackground.Replace(" ", "", StringComparison.Ordinal));
    }

    /// <summary>The reconnect dialog of Components/Layout/ReconnectModal.razor.</summary>
    public ILocator ReconnectDialog => Page.GetByRole(AriaRole.Dialog, new() { Name = "Connection lost" });

    public ILocator NavLink(string text) => MainNavigation.GetByRole(AriaRole.Link, new() { Name = text });

    /// <summary>The app bar's button that shows or hides the navigation drawer.</summary>
    public ILocator NavigationButton => Page.GetByRole(AriaRole.Button, new() { Name = "Navigation", Exact = true });

    /// <summary>The drawer that holds the main navigation (a side bar on wide screens, over the page on a phone).</summary>
    /// <remarks>A CSS selector: the drawer is an aside whose accessible content is the navigation inside it.</remarks>
    public ILocator Drawer => Page.Locator("#sh-drawer");

    /// <summary>Opens the drawer on a narrow screen and waits until it lies over the page.</summary>
    public async Task OpenNavigationAsync()
    {
        await WaitForInteractiveAsync();
        await NavigationButton.ClickAsync();
        await Assertions.Expect(NavigationButton).ToHaveAttributeAsync("aria-expanded", "true");
        await Assertions.Expect(MainNavigation).ToBeInViewportAsync();
    }

    /// <summary>Opens the user menu and signs out (a real form post).</summary>
    public async Task SignOutAsync()
    {
        // The circuit re-renders the prerendered header when it starts, which would close a menu opened before.
        await WaitForInteractiveAsync();
        await Page.GetByLabel("User menu").ClickAsync();
        await Page.GetByRole(AriaRole.Menuitem, new() { Name = "Sign out" }).ClickAsync();
        await Page.WaitForURLAsync(new System.Text.RegularExpressions.Regex("/Account/Login"));
    }

    /// <summary>
    /// Waits until the interactive circuit has attached its event handlers to the theme toggle. Until then
    /// the page is only the prerendered HTML, and a click would do nothing.
    /// </summary>
    public Task WaitForInteractiveAsync() =>
        Interactivity.WaitForHandlersAsync(Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Switch to (dark|light) theme$") }));

    /// <summary>
    /// Proves the page's circuit is connected and answering now, not only that it once attached its handlers:
    /// the theme toggle's label is rendered by the server, so it changes only if the click went there and back.
    /// Toggles once (the next check toggles back), which stores a theme choice for the person.
    /// </summary>
    public async Task ExpectLiveAsync()
    {
        var at = Page.Url;
        try
        {
            await WaitForInteractiveAsync();
            var (first, second) = await SwitchToDarkTheme.IsVisibleAsync() ? (SwitchToDarkTheme, SwitchToLightTheme) : (SwitchToLightTheme, SwitchToDarkTheme);
            await first.ClickAsync();
            await Assertions.Expect(second).ToBeVisibleAsync(new() { Timeout = 10_000 });
        }
        catch (Exception e) when (e is PlaywrightException or TimeoutException)
        {
            throw new InvalidOperationException($"The page at {at} is not live: its circuit did not answer the theme toggle, and the tab is now at {Page.Url}.", e);
        }
    }
}

public static class Interactivity
{
    // Blazor's event delegator keeps an element's handlers in an "_blazorEvents_<renderer>" property.
    private const string HasBlazorHandlers = "element => Object.keys(element).some(key => key.startsWith('_blazorEvents_'))";

    public static async Task WaitForHandlersAsync(ILocator element, int timeoutMs = 20_000)
    {
        var deadline = DateTime.UtcNow.AddMilliseconds(timeoutMs);
        while (true)
        {
            try
            {
                if (await element.EvaluateAsync<bool>(HasBlazorHandlers, null, new() { Timeout = timeoutMs }))
                {
                    return;
                }
            }
            catch (PlaywrightException) when (DateTime.UtcNow < deadline)
            {
                // The circuit replaced the prerendered element while we looked at it: look again.
            }
            if (DateTime.UtcNow >= deadline)
            {
                throw new TimeoutException($"The interactive circuit did not start: {element} has no Blazor event handler after {timeoutMs} ms.");
            }
            await Task.Delay(100);
        }
    }
}

public static class Readability
{
    // WCAG contrast between an element's text colour and the first opaque background behind it.
    private const string ContrastScript = """
        element => {
            const rgb = value => value.match(/[\d.]+/g).map(Number);
            let node = element, background = null;
            while (node && node.nodeType === 1) {
                const b = rgb(getComputedStyle(node).backgroundColor);
                if (b.length < 4 || b[3] > 0.9) { background = b; break; }
                node = node.parentElement;
            }
            background = background ?? [255, 255, 255];
            const luminance = c => {
                const [r, g, b] = c.slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
                return 0.2126 * r + 0.7152 * g + 0.0722 * b;
            };
            const [l1, l2] = [luminance(rgb(getComputedStyle(element).color)), luminance(background)].sort((a, b) => b - a);
            return (l1 + 0.05) / (l2 + 0.05);
        }
        """;

    /// <summary>The contrast ratio (1 to 21) of the element's text against what is behind it; WCAG AA asks 4.5.</summary>
    public static Task<double> ContrastRatioAsync(ILocator element) => element.EvaluateAsync<double>(ContrastScript);
}
