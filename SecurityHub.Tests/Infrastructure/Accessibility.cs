using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// Runs axe-core (pinned in Infrastructure/accessibility/package-lock.json, installed by ./test.sh) on a page
/// against WCAG 2.2 AA, and fails with a list a person can act on.
/// </summary>
/// <remarks>
/// The app's CSP (script-src 'self') refuses a script tag that Playwright injects (<c>AddScriptTagAsync</c> writes
/// it inline). Turning the CSP off for the context (<c>BypassCSP</c>) would also hide the very violations
/// <see cref="BrowserSession"/> looks for, so axe's source is evaluated through the DevTools protocol instead, which
/// the page's CSP does not govern: the page under test runs with its real policy.
/// </remarks>
public static class Accessibility
{
    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"];

    private static readonly Lazy<string> AxeSource = new(() =>
    {
        var path = FindAxe();
        return "() => {\n" + File.ReadAllText(path) + "\n}";
    });

    /// <summary>Checks the whole page as it is now; <paramref name="context"/> says where we are in the failure message.</summary>
    public static async Task AssertNoViolationsAsync(IPage page, string context)
    {
        if (!await page.EvaluateAsync<bool>("() => typeof window.axe === 'object'"))
        {
            // A function declaration is compiled by the DevTools protocol, not by the page (an eval there would be refused).
            await page.EvaluateAsync(AxeSource.Value);
        }
        // Colours mid-transition (a dialog fading in, a button turning enabled) are not what a person reads: let the
        // page's finite animations end first, for at most two seconds (spinners run forever and are not waited for).
        await page.EvaluateAsync("""
            () => Promise.race([
                Promise.all(document.getAnimations()
                    .filter(a => a.effect && a.effect.getComputedTiming().endTime !== Infinity)
                    .map(a => a.finished.catch(() => null))),
                new Promise(resolve => setTimeout(resolve, 2000)),
            ])
            """);
        var violations = await page.EvaluateAsync<JsonElement>("""
            async tags => {
                const result = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
                return result.violations.map(v => ({
                    id: v.id,
                    impact: v.impact,
                    help: v.help,
                    nodes: v.nodes.slice(0, 5).map(n => n.target.join(' ') + ': ' + (n.failureSummary || '').replace(/\s+/g, ' ')),
                    count: v.nodes.length,
                }));
            }
            """, Tags);
        if (violations.GetArrayLength() == 0)
        {
            return;
        }
        var message = new StringBuilder($"axe found {violations.GetArrayLength()} WCAG 2.2 AA problem(s) on {context} ({page.Url}):");
        foreach (var v in violations.EnumerateArray())
        {
            message.Append(System.Globalization.CultureInfo.InvariantCulture,
                $"\n- {v.GetProperty("id").GetString()} ({v.GetProperty("impact").GetString()}): {v.GetProperty("help").GetString()}, {v.GetProperty("count").GetInt32()} element(s)");
            foreach (var node in v.GetProperty("nodes").EnumerateArray())
            {
                message.Append("\n    ").Append(node.GetString());
            }
        }
        Assert.Fail(message.ToString());
    }

    private static string FindAxe()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "SecurityHub.Tests", "Infrastructure", "accessibility", "node_modules", "axe-core", "axe.min.js");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new InvalidOperationException(
            "axe-core is not installed. Run ./test.sh, or: npm ci --prefix SecurityHub.Tests/Infrastructure/accessibility");
    }
}
