using System.Text.RegularExpressions;
using Bunit;
using MudBlazor;
using MudBlazor.Services;
using SecurityHub.Components.Layout;

namespace SecurityHub.Tests.Unit.Layout;

/// <summary>
/// A page without a circuit (the static account pages) cannot ask the browser which scheme it prefers, so
/// MudThemeProvider renders its light palette there. For a person who follows the operating system, app.css
/// carries every MudBlazor variable that differs in the dark palette, under the dark media query: this test
/// renders MudThemeProvider in both modes and keeps that block equal to what it writes.
/// </summary>
public sealed partial class SystemDarkPaletteTests : BunitContext, IAsyncLifetime
{
    public Task InitializeAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        return Task.CompletedTask;
    }

    [Fact]
    public void AppCss_SystemDarkBlock_HoldsEveryDarkMudBlazorVariable()
    {
        var light = Variables(isDark: false);
        var dark = Variables(isDark: true);
        var expected = dark.Where(v => !light.TryGetValue(v.Key, out var l) || l != v.Value)
            .OrderBy(v => v.Key, StringComparer.Ordinal).ToList();
        Assert.NotEmpty(expected);

        var block = SystemDarkMudBlock();
        var actual = VariablePattern().Matches(block).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value.Trim());

        var wrong = expected.Where(v => !actual.TryGetValue(v.Key, out var a) || a != v.Value).ToList();
        Assert.True(wrong.Count == 0 && actual.Count == expected.Count,
            "app.css's system-dark MudBlazor block differs from MudThemeProvider's dark palette. It should read:\n"
            + string.Join("\n", expected.Select(v => $"        {v.Key}: {v.Value};")));
    }

    private Dictionary<string, string> Variables(bool isDark)
    {
        var provider = Render<MudThemeProvider>(p => p.Add(x => x.Theme, AppTheme.Value).Add(x => x.IsDarkMode, isDark));
        var css = string.Join("\n", provider.FindAll("style").Select(s => s.TextContent));
        return VariablePattern().Matches(css)
            .Where(m => m.Groups[1].Value.StartsWith("--mud-palette-", StringComparison.Ordinal))
            .GroupBy(m => m.Groups[1].Value)
            .ToDictionary(g => g.Key, g => g.Last().Groups[2].Value.Trim());
    }

    // The block between the markers in app.css's dark media query for body.sh-system.
    private static string SystemDarkMudBlock()
    {
        var css = File.ReadAllText(FindAppCss());
        var match = Regex.Match(css, @"/\* mud-system-dark:begin \*/(.*?)/\* mud-system-dark:end \*/", RegexOptions.Singleline);
        Assert.True(match.Success, "app.css has no /* mud-system-dark:begin */ ... /* mud-system-dark:end */ block");
        Assert.Contains("body.sh-system", css[..match.Index][css[..match.Index].LastIndexOf("@media", StringComparison.Ordinal)..], StringComparison.Ordinal);
        return match.Groups[1].Value;
    }

    [GeneratedRegex(@"(--mud-palette-[a-z0-9-]+)\s*:\s*([^;]+);")]
    private static partial Regex VariablePattern();

    private static string FindAppCss()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            var candidate = Path.Combine(dir.FullName, "wwwroot-assets", "app.css");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }
        throw new FileNotFoundException("wwwroot-assets/app.css not found above the test's folder");
    }

    Task IAsyncLifetime.DisposeAsync() => base.DisposeAsync().AsTask();
}
