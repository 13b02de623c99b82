using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>/inventory/import: choose a CSV file, read the preview, import.</summary>
public sealed class InventoryImportPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Import the inventory from a spreadsheet", Level = 1 });

    public ILocator File => Page.GetByLabel("CSV file");

    public ILocator Summary => Page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new("rows?: ") });

    public ILocator Preview => Page.GetByRole(AriaRole.Region, new() { NameRegex = new("^Check what would change in ") });

    public ILocator Import => Page.GetByRole(AriaRole.Button, new() { Name = "Import", Exact = true });

    public ILocator ImportValidRowsOnly => Page.GetByRole(AriaRole.Button, new() { NameRegex = new("^Import the valid rows only") });

    /// <summary>What is wrong with the chosen file itself (empty, too large, a workbook), beside the file field.</summary>
    /// <remarks>A CSS selector: the alert is the element the file field's aria-describedby names.</remarks>
    public ILocator FileError => Page.Locator("#import-file-error[role=alert]");

    /// <summary>Problems with the file as a whole that the preview lists (wrong header, no rows).</summary>
    public ILocator PreviewAlert => Preview.GetByRole(AriaRole.Alert);

    public ILocator Done => Page.GetByRole(AriaRole.Status).Filter(new() { HasTextRegex = new("^Imported ") });

    public ILocator BackToInventory => Page.GetByRole(AriaRole.Link, new() { Name = "Back to the inventory" });

    public async Task<IResponse?> GotoAsync() => await Page.GotoAsync("inventory/import");

    public Task UploadAsync(string fileName, string csv) =>
        File.SetInputFilesAsync(new FilePayload { Name = fileName, MimeType = "text/csv", Buffer = System.Text.Encoding.UTF8.GetBytes(csv) });
}
