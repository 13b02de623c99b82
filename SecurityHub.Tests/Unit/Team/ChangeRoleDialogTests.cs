using Bunit;
using MudBlazor;
using MudBlazor.Services;
using SecurityHub.Account;
using SecurityHub.Team;

namespace SecurityHub.Tests.Unit.Team;

/// <summary>
/// The role dialog of the Team page: choosing a role changes nothing until it is confirmed, and choosing Owner
/// says what that hands over before the button does it.
/// </summary>
public sealed class ChangeRoleDialogTests : BunitContext, IAsyncLifetime
{
    private static readonly TeamMember Sam = new("u2", "sam@bakery.example", "Sam", Roles.Staff, false, false, null, false, null, DateTime.UnixEpoch);

    public Task InitializeAsync()
    {
        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ChooseOwner_WarnsAndNamesTheChoice_ConfirmReturnsOwner()
    {
        var (provider, reference) = await ShowAsync();

        Assert.Empty(provider.FindAll("[data-testid=owner-warning]"));
        Assert.True(ConfirmButton(provider).HasAttribute("disabled"), "Nothing to confirm while the current role is chosen.");

        await provider.InvokeAsync(() => Radio(provider, Roles.Owner).Click());
        provider.WaitForAssertion(() => Assert.Contains("trust them with the whole business's security", provider.Find("[data-testid=owner-warning]").TextContent));
        Assert.Equal("Make Sam an Owner", ConfirmButton(provider).TextContent.Trim());
        Assert.False(reference.Result.IsCompleted, "Choosing a role must not close the dialog or apply anything.");

        await provider.InvokeAsync(() => ConfirmButton(provider).Click());
        var result = await reference.Result;
        Assert.False(result!.Canceled);
        Assert.Equal(Roles.Owner, result.Data);
    }

    [Fact]
    public async Task ChooseManagerThenCancel_ReturnsCanceled()
    {
        var (provider, reference) = await ShowAsync();

        await provider.InvokeAsync(() => Radio(provider, Roles.Manager).Click());
        provider.WaitForAssertion(() => Assert.Equal("Make Sam a Manager", ConfirmButton(provider).TextContent.Trim()));
        Assert.Empty(provider.FindAll("[data-testid=owner-warning]"));
        await provider.InvokeAsync(() => provider.FindAll("button").Single(b => b.TextContent.Trim() == "Cancel").Click());

        Assert.True((await reference.Result)!.Canceled);
    }

    private async Task<(IRenderedComponent<MudDialogProvider> Provider, IDialogReference Reference)> ShowAsync()
    {
        var provider = Render<MudDialogProvider>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var reference = await provider.InvokeAsync(() => dialogs.ShowAsync<ChangeRoleDialog>("Change role",
            new DialogParameters<ChangeRoleDialog> { { d => d.Member, Sam } }));
        provider.WaitForAssertion(() => Assert.Contains("Change the role of Sam", provider.Markup));
        return (provider, reference);
    }

    private static AngleSharp.Dom.IElement Radio(IRenderedComponent<MudDialogProvider> provider, string role) =>
        provider.FindAll("input[type=radio]").Single(r => r.GetAttribute("value") == role || r.ParentElement?.ParentElement?.TextContent.Contains(role, StringComparison.Ordinal) == true);

    private static AngleSharp.Dom.IElement ConfirmButton(IRenderedComponent<MudDialogProvider> provider) =>
        provider.FindAll(".mud-dialog-actions button")[^1];

    async Task IAsyncLifetime.DisposeAsync() => await base.DisposeAsync();
}
