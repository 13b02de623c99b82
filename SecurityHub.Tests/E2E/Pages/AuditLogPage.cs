using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>The Owner's audit log: a filter in plain words, the events as sentences, the CSV export.</summary>
public sealed class AuditLogPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Audit log", Level = 1 });

    public ILocator Events => Page.GetByRole(AriaRole.Table, new() { Name = "Audit events" });

    /// <summary>The event rows (the header row excluded).</summary>
    public ILocator EventRows => Events.Locator("tbody").GetByRole(AriaRole.Row);

    public ILocator Row(string text) => EventRows.Filter(new() { HasText = text });

    public ILocator PersonFilter => Page.GetByLabel("Person's email contains");

    public ILocator ApplyFilter => Page.GetByRole(AriaRole.Button, new() { Name = "Apply filter" });

    public ILocator ExportLink => Page.GetByRole(AriaRole.Link, new() { Name = "Export CSV" });

    public async Task GotoAsync()
    {
        await Page.GotoAsync("audit");
        await Assertions.Expect(Heading).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
    }
}
