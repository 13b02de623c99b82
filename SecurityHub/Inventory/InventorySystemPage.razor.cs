using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using MudBlazor;
using SecurityHub.Account;
using SecurityHub.Organization;

namespace SecurityHub.Inventory;

public partial class InventorySystemPage
{
    [Parameter] public int Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private InventoryService Inventory { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private ClaimsPrincipal user = new();
    private bool canEdit;
    private bool loaded;
    private SystemDetail? detail;
    private List<ItemRow> items = [];
    private static readonly Dictionary<string, object> itemsTableAttributes = new() { ["aria-label"] = "Data items" };

    /// <summary>The confirmations before a delete: centred, Escape cancels.</summary>
    private static readonly DialogOptions ConfirmOptions = new() { MaxWidth = MaxWidth.ExtraSmall, FullWidth = true, CloseOnEscapeKey = true };

    /// <summary>A data item as the grid shows it: its values plus what the row shows.</summary>
    private sealed class ItemRow(DataItemInput input, bool isSuggestion)
    {
        public DataItemInput Input { get; } = input;
        public bool IsSuggestion { get; } = isSuggestion;
        public string Label => DataCatalog.Label(Input.Category, Input.OtherCategory);
        public Sensitivity Sensitivity => Input.SensitivityOverride ?? DataCatalog.DefaultSensitivity(Input.Category);
    }

    private bool IsSuggestion => detail is { } d && (d.System.IsSuggestion || d.System.Items.Any(i => i.IsSuggestion));

    protected override async Task OnParametersSetAsync()
    {
        user = (await AuthenticationState).User;
        canEdit = user.IsInRole(Roles.Owner) || user.IsInRole(Roles.Manager);
        await LoadAsync();
    }

    private async Task LoadAsync()
    {
        detail = await Inventory.GetSystemAsync(user, Id);
        items = detail?.System.Items.Select(i => new ItemRow(DataItemInput.From(i), i.IsSuggestion)).ToList() ?? [];
        loaded = true;
    }

    private string SystemName(int id) => detail?.OtherSystems.FirstOrDefault(s => s.Id == id)?.Name ?? "a deleted system";

    /// <summary>Only http(s) addresses become links; anything else is shown as text.</summary>
    private static string? SafeLink(string url) =>
        Uri.TryCreate(url, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttps || uri.Scheme == Uri.UriSchemeHttp) ? uri.AbsoluteUri : null;

    private async Task AddItemAsync()
    {
        if (detail is null)
        {
            return;
        }
        var used = items.Select(i => i.Input.Category).ToHashSet();
        var first = Enum.GetValues<DataCategory>().FirstOrDefault(c => !used.Contains(c) || c == DataCategory.Other);
        await OpenItemDialogAsync("Add a data item", new DataItemInput { SystemId = detail.System.Id, Category = first }, adding: true);
    }

    private async Task EditItemAsync(ItemRow row)
    {
        // The dialog edits a fresh copy: Cancel leaves the row as it was.
        if (detail?.System.Items.FirstOrDefault(i => i.Id == row.Input.Id) is not { } item)
        {
            return;
        }
        await OpenItemDialogAsync($"Edit {row.Label.ToLowerInvariant()}", DataItemInput.From(item), adding: false);
    }

    private async Task OpenItemDialogAsync(string title, DataItemInput input, bool adding)
    {
        var parameters = new DialogParameters<DataItemDialog>
        {
            { d => d.Input, input },
            { d => d.User, user },
            { d => d.OtherSystems, detail?.OtherSystems ?? [] },
        };
        var dialog = await Dialogs.ShowAsync<DataItemDialog>(title, parameters, SystemDialog.Options);
        var result = await dialog.Result;
        if (result is not { Canceled: false, Data: bool saved })
        {
            return;
        }
        await LoadAsync();
        if (saved)
        {
            var label = DataCatalog.Label(input.Category, input.OtherCategory).ToLowerInvariant();
            Snackbar.Add($"{(adding ? "Added" : "Saved")} {label}. The findings above are up to date.", Severity.Success);
        }
        else
        {
            Snackbar.Add("This system no longer exists. Someone may have deleted it.", Severity.Warning);
        }
    }

    private async Task DeleteItemAsync(ItemRow row)
    {
        if (detail is null || await Dialogs.ShowMessageBoxAsync("Delete data item",
                $"Delete {row.Label.ToLowerInvariant()} from {detail.System.Name}? This only removes the entry here, not the data itself.",
                yesText: "Delete", cancelText: "Cancel", options: ConfirmOptions) != true)
        {
            return;
        }
        var result = await Inventory.DeleteItemAsync(user, row.Input.Id);
        Report(result, $"{row.Label} is no longer listed.");
        await LoadAsync();
    }

    private async Task EditSystemAsync()
    {
        if (detail is null)
        {
            return;
        }
        var owners = await Inventory.OwnerChoicesAsync(user);
        var parameters = new DialogParameters<SystemDialog>
        {
            { d => d.Input, SystemInput.From(detail.System) },
            { d => d.User, user },
            { d => d.Owners, owners },
        };
        var dialog = await Dialogs.ShowAsync<SystemDialog>($"Edit {detail.System.Name}", parameters, SystemDialog.Options);
        var result = await dialog.Result;
        await LoadAsync();
        if (result is { Canceled: false } && detail is not null)
        {
            Snackbar.Add($"The details of {detail.System.Name} are saved. The findings are up to date.", Severity.Success);
        }
    }

    private async Task DeleteSystemAsync()
    {
        if (detail is null)
        {
            return;
        }
        var count = detail.System.Items.Count;
        var message = $"Delete {detail.System.Name} and its {count} data item{(count == 1 ? "" : "s")} from the inventory? Data shared with it from other systems is no longer listed as shared. This cannot be undone.";
        if (await Dialogs.ShowMessageBoxAsync("Delete system", message, yesText: "Delete", cancelText: "Cancel", options: ConfirmOptions) != true)
        {
            return;
        }
        var result = await Inventory.DeleteSystemAsync(user, detail.System.Id);
        Report(result, $"{detail.System.Name} is deleted from the inventory.");
        Navigation.NavigateTo("/inventory");
    }

    private async Task ConfirmAsync()
    {
        if (detail is null)
        {
            return;
        }
        Report(await Inventory.ConfirmAsync(user, detail.System.Id), $"{detail.System.Name} is now part of your inventory. Its findings are shown below.");
        await LoadAsync();
    }

    private async Task MarkReviewedAsync()
    {
        if (detail is null)
        {
            return;
        }
        Report(await Inventory.MarkReviewedAsync(user, detail.System.Id), $"{detail.System.Name} and its data items are marked reviewed today.");
        await LoadAsync();
    }

    private void Report(SaveResult result, string success)
    {
        if (result.Succeeded)
        {
            Snackbar.Add(success, Severity.Success);
        }
        else
        {
            Snackbar.Add($"Not done: {string.Join(" ", result.Errors.Values)}", Severity.Warning);
        }
    }
}
