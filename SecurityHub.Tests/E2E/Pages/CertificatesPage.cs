using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

public sealed class CertificatesPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Certificates", Exact = true, Level = 1 });

    public ILocator HostName => Page.GetByLabel("Host name");

    public ILocator Port => Page.GetByLabel("Port", new() { Exact = true });

    public ILocator Label => Page.GetByLabel("Label");

    public ILocator Add => Page.GetByRole(AriaRole.Button, new() { Name = "Add", Exact = true });

    public ILocator Endpoints => Page.GetByRole(AriaRole.Region, new() { Name = "Watched endpoints" });

    public ILocator Row(string endpoint) => Endpoints.GetByRole(AriaRole.Row).Filter(new() { HasText = endpoint });

    public ILocator CheckNow(string endpoint) => Page.GetByRole(AriaRole.Button, new() { Name = $"Check {endpoint} now" });

    public ILocator EndpointLink(string endpoint) => Endpoints.GetByRole(AriaRole.Link, new() { Name = endpoint });

    public async Task<IResponse?> GotoAsync() => await Page.GotoAsync("certificates");
}

public sealed class EndpointPage(IPage page) : AppShell(page)
{
    public ILocator Message => Page.GetByTestId("check-message");

    public ILocator WhatToDo => Page.GetByTestId("what-to-do");
}
