using System.Collections.Concurrent;
using Microsoft.Playwright;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// Every address a tab's main frame showed from now on, including the ones it passed through on its own
/// (a circuit that loses its user sends the tab to sign-in without the test asking).
/// </summary>
public sealed class NavigationLog
{
    private readonly ConcurrentQueue<string> _urls = new();

    public NavigationLog(IPage page)
    {
        page.FrameNavigated += (_, frame) =>
        {
            if (frame == page.MainFrame)
            {
                _urls.Enqueue(frame.Url);
            }
        };
    }

    public IReadOnlyCollection<string> Urls => _urls;

    /// <summary>Fails if the tab has been at an address whose path contains <paramref name="path"/> (nested wrong paths too).</summary>
    public void AssertNeverVisited(string path, string why)
    {
        var visits = _urls.Where(u => Uri.TryCreate(u, UriKind.Absolute, out var uri)
            && uri.AbsolutePath.Contains(path, StringComparison.OrdinalIgnoreCase)).ToList();
        Assert.True(visits.Count == 0, $"{why}, but the tab went to {string.Join(", ", visits)} (every address since: {string.Join(" → ", _urls)}).");
    }
}
