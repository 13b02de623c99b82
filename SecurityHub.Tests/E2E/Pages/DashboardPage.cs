using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

public sealed class DashboardPage(IPage page) : AppShell(page)
{
    public ILocator Greeting => Page.GetByRole(AriaRole.Heading, new() { NameRegex = new("^Hello, ") });

    public ILocator BusinessProfile => Page.GetByRole(AriaRole.Region, new() { Name = "Business profile" });

    public async Task GotoAsync()
    {
        await Page.GotoAsync("");
        await Assertions.Expect(Greeting).ToBeVisibleAsync();
    }
}
