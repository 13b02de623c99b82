using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

public sealed class InventoryPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Customer data", Exact = true, Level = 1 });

    public ILocator AddSystem => Page.GetByRole(AriaRole.Button, new() { Name = "Add system", Exact = true });

    public ILocator Systems => Page.GetByRole(AriaRole.Region, new() { Name = "Systems", Exact = true });

    public async Task GotoAsync()
    {
        await Page.GotoAsync("inventory");
        await Assertions.Expect(Heading).ToBeVisibleAsync();
    }
}

/// <summary>The MudBlazor dialog that adds or edits a system's facts.</summary>
public sealed class SystemDialog(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Name => Dialog.GetByLabel("Name", new() { Exact = true });

    public ILocator Kind => Dialog.GetByLabel("What kind of system");

    public ILocator WhoRunsIt => Dialog.GetByLabel("Who runs it");

    public ILocator VendorName => Dialog.GetByLabel("Vendor name");

    public ILocator Answer(string question, string answer) =>
        Dialog.GetByRole(AriaRole.Group, new() { Name = question }).GetByRole(AriaRole.Radio, new() { Name = answer, Exact = true });

    public ILocator Submit(string text) => Dialog.GetByRole(AriaRole.Button, new() { Name = text, Exact = true });

    /// <summary>
    /// Waits until the dialog is open and has put the focus in its first field. Typing before that could land in
    /// the wrong field when the dialog's focus trap moves the focus under a slow machine.
    /// </summary>
    public async Task WaitUntilReadyAsync()
    {
        await Assertions.Expect(Name).ToBeVisibleAsync();
        await Assertions.Expect(Name).ToBeFocusedAsync();
    }

    public Task ChooseAsync(ILocator select, string option) => MudSelect.ChooseAsync(page, select, option);
}

/// <summary>The MudBlazor dialog that adds or edits one data item.</summary>
public sealed class DataItemDialog(IPage page)
{
    public ILocator Dialog => page.GetByRole(AriaRole.Dialog);

    public ILocator Category => Dialog.GetByLabel("Category", new() { Exact = true });

    public ILocator Purpose => Dialog.GetByLabel("Purpose", new() { Exact = true });

    public ILocator Save => Dialog.GetByRole(AriaRole.Button, new() { Name = "Save data item" });

    /// <summary>Waits until the dialog is open and its first field has the focus (see <see cref="SystemDialog.WaitUntilReadyAsync"/>).</summary>
    public async Task WaitUntilReadyAsync()
    {
        await Assertions.Expect(Purpose).ToBeVisibleAsync();
        await Assertions.Expect(Category).ToBeFocusedAsync();
    }

    public Task ChooseAsync(ILocator select, string option) => MudSelect.ChooseAsync(page, select, option);
}

/// <summary>How a person picks from a MudSelect: open the list, pick the option, see the list close.</summary>
public static class MudSelect
{
    public static async Task ChooseAsync(IPage page, ILocator select, string option)
    {
        await select.ClickAsync();
        var choice = page.GetByRole(AriaRole.Option, new() { Name = option, Exact = true });
        await choice.ClickAsync();
        await Assertions.Expect(choice).ToBeHiddenAsync();
    }
}

public sealed class InventorySystemPage(IPage page) : AppShell(page)
{
    public ILocator Heading(string name) => Page.GetByRole(AriaRole.Heading, new() { Name = name, Level = 1 });

    public ILocator EditDetails => Page.GetByRole(AriaRole.Button, new() { Name = "Edit details" });

    public ILocator AddDataItem => Page.GetByRole(AriaRole.Button, new() { Name = "Add data item" });

    public ILocator Items => Page.GetByRole(AriaRole.Region, new() { Name = "Data items" });

    public ILocator Findings => Page.GetByTestId("system-findings");

    public ILocator EncryptedFact => Page.GetByTestId("fact-encrypted");
}

/// <summary>/inventory/findings: a filter in plain words and the findings, worst first, in a server-paged grid.</summary>
public sealed class InventoryFindingsPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Findings", Exact = true, Level = 1 });

    /// <summary>The heading over the list: "N findings" or "M of N findings".</summary>
    public ILocator Count => Page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^(\\d+ of )?\\d+ findings$"), Level = 2 });

    public ILocator Grid => Page.GetByRole(AriaRole.Table, new() { Name = "Findings" });

    /// <summary>The findings on the page shown (the header row excluded).</summary>
    public ILocator Rows => Grid.Locator("tbody").GetByRole(AriaRole.Row).Filter(new() { Has = Page.GetByRole(AriaRole.Article) });

    public ILocator Severity => Page.GetByLabel("Severity", new() { Exact = true });

    public ILocator Text => Page.GetByLabel("Text contains");

    public ILocator NextPage => Page.GetByRole(AriaRole.Button, new() { Name = "Next page" });

    public ILocator Option(string text) => Page.GetByRole(AriaRole.Option, new() { Name = text, Exact = true });

    public async Task GotoAsync(string query = "")
    {
        await Page.GotoAsync("inventory/findings" + query);
        await Assertions.Expect(Heading).ToBeVisibleAsync();
        await WaitForInteractiveAsync();
    }
}
