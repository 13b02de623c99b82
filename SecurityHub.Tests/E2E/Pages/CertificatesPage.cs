using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>The Certificates page: the watched endpoints first, adding and editing in a dialog, the internal-servers switch below.</summary>
public sealed class CertificatesPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Certificates", Exact = true, Level = 1 });

    /// <summary>Opens the add dialog.</summary>
    public ILocator WatchSite => Page.GetByRole(AriaRole.Button, new() { Name = "Watch a site or server" });

    public ILocator CheckAll => Page.GetByRole(AriaRole.Button, new() { Name = "Check all now" });

    /// <summary>The add/edit dialog (its title is its name).</summary>
    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    public ILocator HostName => Dialog.GetByLabel("Host name");

    public ILocator Port => Dialog.GetByLabel("Port", new() { Exact = true });

    public ILocator Label => Dialog.GetByLabel("Label", new() { Exact = true });

    public ILocator Add => Dialog.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true });

    public ILocator Save => Dialog.GetByRole(AriaRole.Button, new() { Name = "Save", Exact = true });

    public ILocator Cancel => Dialog.GetByRole(AriaRole.Button, new() { Name = "Cancel", Exact = true });

    public ILocator Endpoints => Page.GetByRole(AriaRole.Region, new() { Name = "Watched endpoints" });

    /// <summary>The endpoints' table (a card per endpoint on a phone).</summary>
    public ILocator EndpointTable => Page.GetByRole(AriaRole.Table, new() { Name = "Watched endpoints" });

    public ILocator InternalServers => Page.GetByRole(AriaRole.Region, new() { Name = "Internal servers" });

    public ILocator AllowInternalHosts => Page.GetByLabel("Allow checks of internal hosts");

    public ILocator Row(string endpoint) => Endpoints.GetByRole(AriaRole.Row).Filter(new() { HasText = endpoint });

    public ILocator CheckNow(string endpoint) => Page.GetByRole(AriaRole.Button, new() { Name = $"Check now: {endpoint}" });

    public ILocator Edit(string endpoint) => Page.GetByRole(AriaRole.Button, new() { Name = $"Edit {endpoint}", Exact = true });

    public ILocator Remove(string endpoint) => Page.GetByRole(AriaRole.Button, new() { Name = $"Remove {endpoint}", Exact = true });

    public ILocator EndpointLink(string endpoint) => Endpoints.GetByRole(AriaRole.Link, new() { Name = endpoint });

    public async Task<IResponse?> GotoAsync() => await Page.GotoAsync("certificates");

    /// <summary>Opens the add dialog once the circuit is live.</summary>
    public async Task OpenAddDialogAsync()
    {
        await WaitForInteractiveAsync();
        await WatchSite.ClickAsync();
        await Assertions.Expect(HostName).ToBeVisibleAsync();
    }
}

public sealed class EndpointPage(IPage page) : AppShell(page)
{
    public ILocator Message => Page.GetByTestId("check-message");

    public ILocator WhatToDo => Page.GetByTestId("what-to-do");

    public ILocator Valid => Page.GetByTestId("valid");

    public ILocator History => Page.GetByRole(AriaRole.Region, new() { Name = "Days left over time" });

    public ILocator HistorySummary => Page.GetByTestId("history-summary");
}
