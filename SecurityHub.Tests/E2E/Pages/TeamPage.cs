using Microsoft.Playwright;

namespace SecurityHub.Tests.E2E.Pages;

/// <summary>The Team page: the members grid (actions in a menu per row), invitations and role changes in dialogs.</summary>
public sealed class TeamPage(IPage page) : AppShell(page)
{
    public ILocator Heading => Page.GetByRole(AriaRole.Heading, new() { Name = "Team", Exact = true });

    public ILocator Members => Page.GetByRole(AriaRole.Region, new() { Name = "Members" });

    public ILocator MembersTable => Page.GetByRole(AriaRole.Table, new() { Name = "Team members" });

    public ILocator Invitations => Page.GetByRole(AriaRole.Region, new() { Name = "Open invitations" });

    public ILocator AccessDenied => Page.GetByRole(AriaRole.Heading, new() { Name = "You don't have access to this page" });

    public ILocator InviteButton => Page.GetByRole(AriaRole.Button, new() { Name = "Invite someone" });

    /// <summary>The open dialog (invite, change role, or a confirmation).</summary>
    public ILocator Dialog => Page.GetByRole(AriaRole.Dialog);

    /// <summary>MudBlazor's snackbars (toasts).</summary>
    /// <remarks>A CSS selector: a snackbar has no role of its own to find it by.</remarks>
    public ILocator Toasts => Page.Locator(".mud-snackbar");

    /// <summary>A member's row (a card on a phone).</summary>
    public ILocator Row(string email) => MembersTable.Locator("tbody").GetByRole(AriaRole.Row).Filter(new() { HasText = email });

    public ILocator ActionsFor(string email) => Page.GetByRole(AriaRole.Button, new() { Name = $"Actions for {email}" });

    public ILocator MenuItem(string name) => Page.GetByRole(AriaRole.Menuitem, new() { Name = name });

    public async Task<IResponse?> GotoAsync() => await Page.GotoAsync("team");

    /// <summary>Opens the row's menu and picks an action.</summary>
    public async Task ChooseActionAsync(string email, string action)
    {
        await ActionsFor(email).ClickAsync();
        await MenuItem(action).ClickAsync();
    }

    /// <summary>Fills and sends the invitation dialog.</summary>
    public async Task InviteAsync(string name, string email, string role)
    {
        await InviteButton.ClickAsync();
        var dialog = Page.GetByRole(AriaRole.Dialog, new() { Name = "Invite someone" });
        await Assertions.Expect(dialog).ToBeVisibleAsync();
        await dialog.GetByLabel("Name", new() { Exact = true }).FillAsync(name);
        await dialog.GetByLabel("Email", new() { Exact = true }).FillAsync(email);
        await ChooseRoleAsync(dialog, role);
        await dialog.GetByRole(AriaRole.Button, new() { Name = "Send invitation" }).ClickAsync();
    }

    private async Task ChooseRoleAsync(ILocator dialog, string role)
    {
        var select = dialog.GetByRole(AriaRole.Combobox, new() { Name = "Role", Exact = true });
        if ((await select.InnerTextAsync()).Trim() == role)
        {
            return;
        }
        await select.ClickAsync();
        await Page.GetByRole(AriaRole.Option, new() { Name = role, Exact = true }).ClickAsync();
        await Assertions.Expect(select).ToHaveTextAsync(role);
    }
}
