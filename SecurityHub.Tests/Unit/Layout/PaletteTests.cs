using System.Text.RegularExpressions;
using MudBlazor;
using SecurityHub.Components.Layout;

namespace SecurityHub.Tests.Unit.Layout;

/// <summary>
/// The pages without a circuit (sign-in, two-factor, passwords) take their colours from app.css's --sh-* variables,
/// the MudBlazor pages from AppTheme: both must show the same palette, in light and in dark.
/// </summary>
public sealed partial class PaletteTests
{
    private static readonly string AppCss = File.ReadAllText(FindAppCss());

    public static TheoryData<string, string> Variables => new()
    {
        { "--sh-primary", nameof(Palette.Primary) },
        { "--sh-on-primary", nameof(Palette.PrimaryContrastText) },
        { "--sh-success", nameof(Palette.Success) },
        { "--sh-warning", nameof(Palette.Warning) },
        { "--sh-error", nameof(Palette.Error) },
        { "--sh-info", nameof(Palette.Info) },
        { "--sh-background", nameof(Palette.Background) },
        { "--sh-surface", nameof(Palette.Surface) },
        { "--sh-text", nameof(Palette.TextPrimary) },
        { "--sh-text-2", nameof(Palette.TextSecondary) },
        { "--sh-line", nameof(Palette.LinesDefault) },
        { "--sh-input-border", nameof(Palette.LinesInputs) },
    };

    [Theory]
    [MemberData(nameof(Variables))]
    public void AppCss_LightAndDarkBlocks_MatchAppTheme(string variable, string paletteProperty)
    {
        var blocks = PaletteBlocks();
        Assert.Equal(3, blocks.Count); // light, dark by choice, dark by the system's preference

        Assert.Equal(Hex(AppTheme.Value.PaletteLight, paletteProperty), Value(blocks[0], variable));
        Assert.Equal(Hex(AppTheme.Value.PaletteDark, paletteProperty), Value(blocks[1], variable));
        Assert.Equal(Hex(AppTheme.Value.PaletteDark, paletteProperty), Value(blocks[2], variable));
    }

    [Fact]
    public void AppCss_Font_IsAppThemesFontAndNeedsNoDownload()
    {
        var font = Regex.Match(AppCss, @"--sh-font:\s*([^;]+);").Groups[1].Value;
        var families = font.Split(',').Select(f => f.Trim().Trim('"')).ToArray();
        Assert.Equal(AppTheme.FontFamily, families);
        Assert.DoesNotContain("@font-face", AppCss, StringComparison.Ordinal);
        Assert.DoesNotContain("--rz-", AppCss, StringComparison.Ordinal);
    }

    // The three blocks that set --sh-primary, in file order.
    private static List<string> PaletteBlocks() =>
        BlockPattern().Matches(AppCss).Select(m => m.Groups[1].Value).Where(b => b.Contains("--sh-primary:", StringComparison.Ordinal)).ToList();

    private static string Value(string block, string variable)
    {
        var match = Regex.Match(block, $@"(?m)^\s*{Regex.Escape(variable)}:\s*([^;]+);");
        Assert.True(match.Success, $"{variable} is missing from a palette block of app.css");
        return match.Groups[1].Value.Trim().ToLowerInvariant();
    }

    private static string Hex(Palette palette, string property)
    {
        var colour = (MudBlazor.Utilities.MudColor)typeof(Palette).GetProperty(property)!.GetValue(palette)!;
        return colour.ToString(MudBlazor.Utilities.MudColorOutputFormats.Hex).ToLowerInvariant();
    }

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

    [GeneratedRegex(@"\{([^{}]*)\}")]
    private static partial Regex BlockPattern();
}
