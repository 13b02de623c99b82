using System.Security.Claims;
using Bunit;
using Microsoft.EntityFrameworkCore;
using MudBlazor;
using MudBlazor.Services;
using SecurityHub.Account;
using SecurityHub.Inventory;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Inventory;

/// <summary>
/// The inventory's MudBlazor dialogs (bunit) over the real app's InventoryService and database: bad input keeps
/// the dialog open with the person's text and a message per field, hostile text stays text, a save closes with the
/// result the page acts on.
/// </summary>
public sealed class InventoryDialogTests : BunitContext, IAsyncLifetime
{
    private readonly AppFactory _app = new();
    private AsyncServiceScope _scope;
    private ClaimsPrincipal _owner = new();
    private int _shopId;
    private int _pcId;

    public async Task InitializeAsync()
    {
        await _app.SeedUserAsync("olive@bakery.example", Roles.Owner, name: "Olive Owner");
        _owner = await _app.PrincipalForAsync("olive@bakery.example");
        _scope = _app.Services.CreateAsyncScope();
        var inventory = _scope.ServiceProvider.GetRequiredService<InventoryService>();
        var shop = new SystemInput { Name = "Online shop", Type = SystemType.Website };
        Assert.True((await inventory.SaveSystemAsync(_owner, shop)).Succeeded);
        var pc = new SystemInput { Name = "Office PC", Type = SystemType.OnPremisesComputer };
        Assert.True((await inventory.SaveSystemAsync(_owner, pc)).Succeeded);
        (_shopId, _pcId) = (shop.Id, pc.Id);

        JSInterop.Mode = JSRuntimeMode.Loose;
        Services.AddMudServices();
        Services.AddSingleton(inventory);
    }

    [Fact]
    public async Task DataItemDialog_BadInput_StaysOpenWithTheTextAndSaysWhatIsWrong()
    {
        var (provider, result) = await ShowItemDialogAsync(new DataItemInput { SystemId = _shopId, Category = DataCategory.Other });
        var hostile = "<img src=x onerror=alert(1)>";
        await provider.Find("#item-purpose").ChangeAsync(new() { Value = hostile });
        await provider.Find("#item-records").ChangeAsync(new() { Value = "2000000000" });

        await provider.Find("form").SubmitAsync();

        Assert.False(result.IsCompleted, "The dialog closed although nothing could be saved.");
        provider.WaitForAssertion(() => Assert.Contains("Nothing was saved", provider.Find("[role=alert]").TextContent, StringComparison.Ordinal));
        Assert.Contains("Say what the data is", provider.Markup, StringComparison.Ordinal);
        Assert.Equal(hostile, provider.Find("#item-purpose").GetAttribute("value"));
        Assert.Empty(provider.FindAll("img"));
        await using var db = await _app.CreateDbContextAsync();
        Assert.Empty(db.DataItems);
    }

    [Fact]
    public async Task DataItemDialog_ValidItemSharedWithAnotherSystem_SavesAndClosesWithTrue()
    {
        var (provider, result) = await ShowItemDialogAsync(new DataItemInput { SystemId = _shopId, Category = DataCategory.PostalAddresses, SharedWithSystemIds = [_pcId] });
        await provider.Find("#item-purpose").ChangeAsync(new() { Value = "  Deliver orders  " });

        await provider.Find("form").SubmitAsync();

        var closed = await result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(true, closed?.Data);
        await using var db = await _app.CreateDbContextAsync();
        var item = await db.DataItems.Include(i => i.SharedWith).SingleAsync();
        Assert.Equal(("Deliver orders", DataCategory.PostalAddresses, _pcId), (item.Purpose, item.Category, item.SharedWith.Single().SystemId));
    }

    [Fact]
    public async Task DataItemDialog_SystemDeletedMeanwhile_ClosesWithFalseAndSavesNothing()
    {
        var (provider, result) = await ShowItemDialogAsync(new DataItemInput { SystemId = _shopId, Category = DataCategory.Names });
        Assert.True((await _scope.ServiceProvider.GetRequiredService<InventoryService>().DeleteSystemAsync(_owner, _shopId)).Succeeded);

        await provider.Find("form").SubmitAsync();

        var closed = await result.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(false, closed?.Data);
        await using var db = await _app.CreateDbContextAsync();
        Assert.Empty(db.DataItems);
    }

    [Fact]
    public async Task SystemDialog_DuplicateNameThenFixed_KeepsTheTypedValuesAndClosesWithTheNewId()
    {
        var provider = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        var parameters = new DialogParameters<SystemDialog> { { d => d.Input, new SystemInput() }, { d => d.User, _owner } };
        var dialog = await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<SystemDialog>("Add a system", parameters, SystemDialog.Options));
        await provider.Find("#system-name").ChangeAsync(new() { Value = "Online shop" });
        await provider.Find("#system-notes").ChangeAsync(new() { Value = "Kept </textarea><script>alert(1)</script>" });

        await provider.Find("form").SubmitAsync();

        provider.WaitForAssertion(() => Assert.Contains("There is already a system called", provider.Markup, StringComparison.Ordinal));
        Assert.False(dialog.Result.IsCompleted);
        Assert.Empty(provider.FindAll("script"));
        Assert.Equal("Kept </textarea><script>alert(1)</script>", provider.Find("#system-notes").TextContent);

        await provider.Find("#system-name").ChangeAsync(new() { Value = "Online shop (old)" });
        await provider.Find("form").SubmitAsync();

        var closed = await dialog.Result.WaitAsync(TimeSpan.FromSeconds(10));
        await using var db = await _app.CreateDbContextAsync();
        var saved = await db.InventorySystems.SingleAsync(s => s.Name == "Online shop (old)");
        Assert.Equal(saved.Id, closed!.Data);
    }

    private async Task<(IRenderedComponent<Bunit.Rendering.ContainerFragment> Provider, Task<DialogResult?> Result)> ShowItemDialogAsync(DataItemInput input)
    {
        var provider = Render(b =>
        {
            b.OpenComponent<MudPopoverProvider>(0);
            b.CloseComponent();
            b.OpenComponent<MudDialogProvider>(1);
            b.CloseComponent();
        });
        var parameters = new DialogParameters<DataItemDialog>
        {
            { d => d.Input, input },
            { d => d.User, _owner },
            { d => d.OtherSystems, [new SystemChoice(_pcId, "Office PC", false)] },
        };
        var dialog = await provider.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<DataItemDialog>("Add a data item", parameters, SystemDialog.Options));
        provider.WaitForElement("#item-purpose");
        return (provider, dialog.Result);
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await _scope.DisposeAsync();
        _app.Dispose();
    }
}
