using MudBlazor;

namespace SecurityHub.Components.Layout;

/// <summary>
/// SecurityHub's MudBlazor theme: calm blues and greys, text at least 4.5:1 against its background in both
/// palettes (the figures are in the comments). app.css carries the same figures as --sh-* variables for the pages
/// without a circuit; a unit test keeps both equal.
/// </summary>
public static class AppTheme
{
    // The system's own font: nothing to download, and no font host to allow in the CSP (app.css: --sh-font).
    internal static readonly string[] FontFamily =
        ["system-ui", "-apple-system", "Segoe UI", "Roboto", "Helvetica Neue", "Arial", "sans-serif"];

    public static MudTheme Value { get; } = new()
    {
        PaletteLight = new PaletteLight
        {
            Primary = "#1e5a96",             // 7.1:1 on white, 6.5:1 on the background
            PrimaryContrastText = "#ffffff",
            Secondary = "#4a5a6a",
            Info = "#1e5a96",
            Success = "#2e7d32",             // 5.1:1 on white
            Warning = "#8a5300",             // 6.3:1 on white
            Error = "#b3261e",               // 6.5:1 on white
            Background = "#f4f5f9",
            Surface = "#ffffff",
            AppbarBackground = "#ffffff",
            AppbarText = "#1f2933",
            DrawerBackground = "#ffffff",
            DrawerText = "#1f2933",
            DrawerIcon = "#4a5a6a",
            TextPrimary = "#1f2933",         // 14.8:1 on white, 13.5:1 on the background
            TextSecondary = "#4a5a6a",       // 7.1:1 on white, 6.5:1 on the background
            ActionDefault = "#4a5a6a",
            LinesDefault = "#dde1e7",
            LinesInputs = "#7b8591",         // 3.7:1 on white: a field's outline is visible (WCAG 1.4.11)
            TableLines = "#dde1e7",
            Divider = "#dde1e7",
        },
        PaletteDark = new PaletteDark
        {
            Primary = "#8ab4f8",             // 7.3:1 on the surface, 8.3:1 on the background
            PrimaryContrastText = "#0b1b2e",
            Secondary = "#b8c4d0",
            Info = "#8ab4f8",
            Success = "#81c995",
            Warning = "#f6c177",
            Error = "#f2a097",
            Background = "#19191a",
            Surface = "#242527",
            AppbarBackground = "#242527",
            AppbarText = "#eceef1",
            DrawerBackground = "#242527",
            DrawerText = "#eceef1",
            DrawerIcon = "#b8c4d0",
            TextPrimary = "#eceef1",         // 13.2:1 on the surface
            TextSecondary = "#b8c4d0",       // 8.7:1 on the surface
            ActionDefault = "#b8c4d0",
            LinesDefault = "#3b3c3f",
            LinesInputs = "#80868e",         // 4.2:1 on the surface
            TableLines = "#3b3c3f",
            Divider = "#3b3c3f",
        },
        Typography = new Typography
        {
            Default = new DefaultTypography { FontFamily = FontFamily },
            // Page and section titles at the sizes the rest of the app uses, not Material's display sizes.
            H1 = new H1Typography { FontSize = "1.75rem", FontWeight = "600", LineHeight = "1.3", LetterSpacing = "0" },
            H2 = new H2Typography { FontSize = "1.2rem", FontWeight = "600", LineHeight = "1.4", LetterSpacing = "0" },
            Button = new ButtonTypography { TextTransform = "none", FontWeight = "600", FontSize = "0.875rem", LetterSpacing = "normal" },
            H3 = new H3Typography { FontSize = "1.05rem", FontWeight = "600", LineHeight = "1.4", LetterSpacing = "0" },
        },
        LayoutProperties = new LayoutProperties
        {
            DefaultBorderRadius = "8px",
            DrawerWidthLeft = "248px",
        },
    };
}
