using Microsoft.Playwright;
using SecurityHub.Account;
using SecurityHub.Tests.E2E.Pages;
using SecurityHub.Tests.Infrastructure;
using static Microsoft.Playwright.Assertions;
using Inv = SecurityHub.Inventory;

namespace SecurityHub.Tests.E2E.Inventory;

/// <summary>
/// The inventory's read-out pages (findings, summary, flows, guided start, record) and the import's bad files, as an
/// Owner uses them on MudBlazor: light and dark, 1280 px and a 390 px phone, axe-checked and kept as screenshots.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class InventoryInsightsJourneyTests(BrowserFixture browser)
{
    private const string Owner = "olive@bakery.example";
    private const string Hostile = "<img src=x onerror=alert(1)>";
    private static readonly (string Name, int Width, int Height)[] Screens = [("wide", 1280, 800), ("phone", 390, 844)];

    [Fact]
    public async Task FindingsGrid_ManyFindings_PagesOnTheServerFiltersInWordsAndFitsAPhone()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        // The text filter waits for a pause in typing (MudBlazor's debounce runs on the app's TimeProvider).
        app.StartClockTicking();
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Olive Owner");
        await SeedSpreadsheetsAsync(app, 12);
        var all = await app.GetServiceInScope<Inv.InventoryService>().FindingsAsync(await app.PrincipalForAsync(Owner));
        Assert.True(all.Count > 50, $"the seed has {all.Count} findings");
        var critical = all.Count(f => f.Severity == Inv.FindingSeverity.Critical);

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, Owner);
            var findings = new InventoryFindingsPage(page);
            await findings.GotoAsync();
            await findings.ExpectLiveAsync();

            // The first page of 50 from the server, the total in words, and the next page on request.
            await Expect(findings.Count).ToHaveTextAsync($"{all.Count} findings");
            await Expect(findings.Rows).ToHaveCountAsync(50);
            await Expect(findings.Rows.First).ToContainTextAsync(all[0].Title);
            await Expect(page.GetByText($"1-50 of {all.Count}")).ToBeVisibleAsync();
            await findings.NextPage.ClickAsync();
            await Expect(page.GetByText($"51-{Math.Min(100, all.Count)} of {all.Count}")).ToBeVisibleAsync();
            await Expect(findings.Rows).ToHaveCountAsync(Math.Min(50, all.Count - 50));
            await Expect(findings.Rows.First).ToContainTextAsync(all[50].Title);

            // A filter in words starts again at the first page.
            await findings.Severity.ClickAsync();
            await findings.Option("Critical").ClickAsync();
            await Expect(findings.Count).ToHaveTextAsync($"{critical} of {all.Count} findings");
            await Expect(findings.Rows).ToHaveCountAsync(Math.Min(50, critical));
            await findings.GotoAsync();
            await findings.Text.FillAsync("Spreadsheet 07");
            await Expect(findings.Count).Not.ToHaveTextAsync($"{all.Count} findings");
            await Expect(findings.Rows.First).ToContainTextAsync("Spreadsheet 07");
            await findings.Text.FillAsync("nothing like this");
            await Expect(page.GetByText("No finding matches the filter.")).ToBeVisibleAsync();

            // A system whose name is markup shows it as text.
            await findings.GotoAsync();
            await findings.Text.FillAsync("onerror");
            await Expect(findings.Rows.First).ToContainTextAsync(Hostile);
            await Expect(findings.Grid.Locator("img")).ToHaveCountAsync(0);

            await CheckEveryScreenAsync(session, page, "findings", async () =>
            {
                await findings.GotoAsync();
                await Expect(findings.Rows).ToHaveCountAsync(50);
            });
        });
    }

    [Fact]
    public async Task SummaryFlowsStartAndRecord_BothThemesWideAndPhone_PassAxeAndChartsDrawEveryPoint()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Olive Owner");
        await using (var db = await app.CreateDbContextAsync())
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            var newsletter = new Inv.InventorySystem { Name = "Newsletter", Type = Inv.SystemType.EmailMarketing, Operator = Inv.SystemOperator.Vendor, VendorName = "Mailbird", CreatedUtc = now, UpdatedUtc = now };
            db.InventorySystems.Add(newsletter);
            await db.SaveChangesAsync();
            // One data item: one bar and one slice, which must still be drawn.
            db.InventorySystems.Add(new Inv.InventorySystem
            {
                Name = "Online shop", Type = Inv.SystemType.Website, CreatedUtc = now, UpdatedUtc = now,
                Items = [new Inv.DataItem { Category = Inv.DataCategory.EmailAddresses, Purpose = "Receipts", CreatedUtc = now, UpdatedUtc = now, SharedWith = [new() { SystemId = newsletter.Id }] }],
            });
            await db.SaveChangesAsync();
        }

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, Owner);
            var shell = new AppShell(page);

            await page.GotoAsync("inventory/summary");
            await shell.ExpectLiveAsync();
            var byKind = page.GetByTestId("chart-by-kind");
            var bySensitivity = page.GetByTestId("chart-by-sensitivity");
            await Expect(byKind.Locator("svg").First).ToBeVisibleAsync();
            await File.WriteAllTextAsync(Path.Combine(BrowserSession.ScreenshotDirectory, "inventory-summary-charts.html"),
                await byKind.InnerHTMLAsync() + "\n\n" + await bySensitivity.InnerHTMLAsync());
            Assert.True(await DrawnShapesAsync(byKind) >= 1, "The bar chart with one data item draws no bar.");
            Assert.True(await DrawnShapesAsync(bySensitivity) >= 1, "The donut with one data item draws no slice.");
            await Expect(byKind).ToContainTextAsync("Email addresses");
            var ticks = await AxisLabelsAsync(byKind);
            Assert.True(ticks.Length >= 2, $"The bar chart's value axis has {ticks.Length} labels.");
            Assert.True(ticks.Distinct().Count() == ticks.Length, $"The bar chart's value axis repeats labels: {string.Join(", ", ticks)}");

            await CheckEveryScreenAsync(session, page, "summary", async () =>
            {
                await page.GotoAsync("inventory/summary");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What we hold", Level = 1 })).ToBeVisibleAsync();
                await shell.WaitForInteractiveAsync();
                await Expect(byKind.Locator("svg").First).ToBeVisibleAsync();
            });
            await CheckEveryScreenAsync(session, page, "flows", async () =>
            {
                await page.GotoAsync("inventory/flows");
                await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Shared with vendors" })).ToContainTextAsync("Mailbird");
            });
            await CheckEveryScreenAsync(session, page, "start", async () =>
            {
                await page.GotoAsync("inventory/start");
                await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Suggest my systems" })).ToBeVisibleAsync();
                await shell.WaitForInteractiveAsync();
            });
            await CheckEveryScreenAsync(session, page, "record", async () =>
            {
                await page.GotoAsync("inventory/record");
                await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Record of processing", Level = 1 })).ToBeVisibleAsync();
            });

            // The guided start: nothing ticked is a clear message; a tick suggests systems to confirm (a snackbar says so).
            await page.GotoAsync("inventory/start");
            await shell.WaitForInteractiveAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Suggest my systems" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Tick at least one box" })).ToBeVisibleAsync();
            await page.GetByLabel("We keep customer lists in spreadsheets").CheckAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Suggest my systems" }).ClickAsync();
            await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "1 suggestion is ready below" })).ToBeVisibleAsync();
            await page.GetByRole(AriaRole.Button, new() { Name = "Confirm Customer spreadsheet" }).ClickAsync();
            await Expect(page.GetByText("Confirmed: Customer spreadsheet is part of your inventory.")).ToBeVisibleAsync();
            await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Confirm Customer spreadsheet" })).ToHaveCountAsync(0);
        });
    }

    [Fact]
    public async Task ImportPage_EmptyWorkbookMalformedHostileAndHugeFiles_SayWhatIsWrongAndSaveNothing()
    {
        using var app = new AppFactory();
        await using var session = await browser.OpenAsync(app);
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Olive Owner");
        var header = string.Join(",", Inv.InventoryCsv.Headers);

        await session.RunAsync(async page =>
        {
            var login = new LoginPage(page);
            await login.GotoAsync();
            await login.SignInWithCodeAsync(app, Owner);
            var import = new InventoryImportPage(page);
            await import.GotoAsync();
            await Expect(import.Heading).ToBeVisibleAsync();
            await import.ExpectLiveAsync();

            await import.UploadAsync("empty.csv", "");
            await Expect(import.FileError).ToHaveTextAsync("The file is empty. Download a template, fill it in and upload it again.");

            await import.File.SetInputFilesAsync(new FilePayload { Name = "inventory.xlsx", MimeType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", Buffer = [0x50, 0x4B, 0x03, 0x04, 0, 0] });
            await Expect(import.FileError).ToContainTextAsync("This is a spreadsheet workbook, not a CSV file.");

            await import.File.SetInputFilesAsync(new FilePayload { Name = "huge.csv", MimeType = "text/csv", Buffer = new byte[(int)Inv.InventoryCsv.MaxBytes + 10] });
            await Expect(import.FileError).ToContainTextAsync("The file is larger than 5 MB.");

            await import.UploadAsync("notes.csv", "just some notes\nnot an inventory\n");
            await Expect(import.FileError).ToHaveCountAsync(0);
            await Expect(import.PreviewAlert).ToBeVisibleAsync();
            await Expect(import.Import).ToHaveCountAsync(0);
            await session.ScreenshotAsync("inventory-import-malformed");

            // Markup in a file name and in a cell is shown as text, never run or rendered; the preview fits every screen.
            var cells = new string[Inv.InventoryCsv.Headers.Count];
            cells[0] = "\"" + Hostile + "\"";
            cells[1] = "Spreadsheet";
            cells[(int)Inv.CsvColumn.Category] = "Names";
            var hostileCsv = header + "\r\n" + string.Join(",", cells) + "\r\n";
            foreach (var theme in new[] { "light", "dark" })
            {
                foreach (var (screen, width, height) in Screens)
                {
                    // Loaded at the screen's size, as a person on that screen would.
                    await page.SetViewportSizeAsync(width, height);
                    await import.GotoAsync();
                    await UseThemeAsync(import, theme);
                    await import.UploadAsync(Hostile + ".csv", hostileCsv);
                    await Expect(import.Preview).ToContainTextAsync(Hostile);
                    await Expect(page.Locator("main img")).ToHaveCountAsync(0);
                    await AssertNoSidewaysScrollAsync(page, $"the import preview ({theme}, {screen})");
                    await Accessibility.AssertNoViolationsAsync(page, $"the import preview ({theme}, {screen})");
                    await session.ScreenshotAsync($"inventory-import-hostile-{theme}-{screen}");
                }
            }
            await page.SetViewportSizeAsync(1280, 800);
        });

        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(db.InventorySystems);
    }

    /// <summary>Opens the page with <paramref name="open"/> in light and dark, wide and on a phone; each view passes axe, fits and is kept.</summary>
    private static async Task CheckEveryScreenAsync(BrowserSession session, IPage page, string name, Func<Task> open)
    {
        var shell = new AppShell(page);
        foreach (var theme in new[] { "light", "dark" })
        {
            foreach (var (screen, width, height) in Screens)
            {
                await page.SetViewportSizeAsync(width, height);
                await open();
                await UseThemeAsync(shell, theme);
                await AssertNoSidewaysScrollAsync(page, $"the {name} page ({theme}, {screen})");
                await Accessibility.AssertNoViolationsAsync(page, $"the {name} page ({theme}, {screen})");
                await session.ScreenshotAsync($"inventory-{name}-{theme}-{screen}");
                // What the screen shows before any scrolling: long pages are hard to judge from the full-page picture.
                await page.ScreenshotAsync(new() { Path = Path.Combine(BrowserSession.ScreenshotDirectory, $"inventory-{name}-{theme}-{screen}-top.png") });
            }
        }
        await page.SetViewportSizeAsync(1280, 800);
    }

    /// <summary>Switches to the theme (light or dark) with the app bar's toggle, unless it is shown already.</summary>
    private static async Task UseThemeAsync(AppShell shell, string theme)
    {
        await shell.WaitForInteractiveAsync();
        var dark = await shell.SwitchToLightTheme.IsVisibleAsync();
        if (dark != (theme == "dark"))
        {
            await (dark ? shell.SwitchToLightTheme : shell.SwitchToDarkTheme).ClickAsync();
            await Expect(theme == "dark" ? shell.SwitchToLightTheme : shell.SwitchToDarkTheme).ToBeVisibleAsync();
        }
    }

    private static async Task AssertNoSidewaysScrollAsync(IPage page, string where)
    {
        // Names the elements that reach past the right edge, so a failure says what to fix.
        var wide = await page.EvaluateAsync<string[]>("""
            () => [...document.querySelectorAll('main *')]
                .filter(e => e.getClientRects().length > 0 && !e.closest('.mud-popover, .mud-overlay'))
                .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
                // The outermost ones only: what lies inside them goes with them.
                .filter(e => e.parentElement.getBoundingClientRect().right <= document.documentElement.clientWidth + 1)
                .slice(0, 5)
                .map(e => `${e.tagName.toLowerCase()}.${[...e.classList].join('.')} (right edge ${Math.round(e.getBoundingClientRect().right)} px)`)
            """);
        var overflow = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth - document.scrollingElement.clientWidth");
        Assert.True(overflow <= 1 && wide.Length == 0, $"{where} scrolls sideways by {overflow} px; past the edge: {string.Join(", ", wide)}");
    }

    /// <summary>
    /// Bars and slices with an area: MudBlazor draws a bar as a line with a wide stroke and a slice as a filled path, so
    /// a shape counts when its outline or its stroke is at least 2 units across both ways.
    /// </summary>
    private static Task<int> DrawnShapesAsync(ILocator chart) => chart.EvaluateAsync<int>("""
        c => [...c.querySelectorAll('svg path.mud-chart-bar, svg path.mud-chart-serie')]
            .filter(e => {
                const b = e.getBBox(), stroke = parseFloat(e.getAttribute('stroke-width') || '0');
                return Math.max(b.width, stroke) >= 2 && Math.max(b.height, stroke) >= 2;
            }).length
        """);

    /// <summary>The numbers along the value axis.</summary>
    private static Task<string[]> AxisLabelsAsync(ILocator chart) => chart.EvaluateAsync<string[]>("""
        c => [...c.querySelectorAll('svg .mud-charts-yaxis text')].map(t => t.textContent.trim())
        """);

    /// <summary>Spreadsheets holding bank details and names (two findings or more each), and one whose name is markup.</summary>
    private static async Task SeedSpreadsheetsAsync(AppFactory app, int count)
    {
        await using var db = await app.CreateDbContextAsync();
        var now = app.Clock.GetUtcNow().UtcDateTime;
        for (var s = 0; s < count; s++)
        {
            db.InventorySystems.Add(new Inv.InventorySystem
            {
                Name = $"Spreadsheet {s:D2}", Type = Inv.SystemType.Spreadsheet, CreatedUtc = now, UpdatedUtc = now,
                Items = [new() { Category = Inv.DataCategory.BankDetails, CreatedUtc = now, UpdatedUtc = now }, new() { Category = Inv.DataCategory.Names, CreatedUtc = now, UpdatedUtc = now }],
            });
        }
        db.InventorySystems.Add(new Inv.InventorySystem
        {
            Name = Hostile, Type = Inv.SystemType.Spreadsheet, CreatedUtc = now, UpdatedUtc = now,
            Items = [new() { Category = Inv.DataCategory.BankDetails, CreatedUtc = now, UpdatedUtc = now }],
        });
        await db.SaveChangesAsync();
    }
}
