using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

public sealed class TeamPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Team", Exact = true });

    public ILocator Members => Page.GetByRole(AriaRole.Region, new() { Name = "Members" });

    public ILocator AccessDenied => Page.GetByRole(AriaRole.Heading, new() { Name = "You don't have access to this page" });

    public async Task<IResponse?> GotoAsync() => await Page.GotoAsync("team");
}
