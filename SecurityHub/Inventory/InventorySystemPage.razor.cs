using System.Security.Claims;
using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using Radzen;
using Radzen.Blazor;
using SecurityHub.Account;
using SecurityHub.Organization;

namespace SecurityHub.Inventory;

public partial class InventorySystemPage
{
    [Parameter] public int Id { get; set; }

    [CascadingParameter]
    private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    [Inject] private InventoryService Inventory { get; set; } = default!;
    [Inject] private DialogService Dialogs { get; set; } = default!;
    [Inject] private NotificationService Notifications { get; set; } = default!;
    [Inject] private NavigationManager Navigation { get; set; } = default!;

    private ClaimsPrincipal user = new();
    private bool canEdit;
    private bool loaded;
    private SystemDetail? detail;
    private List<ItemRow> items = [];
    private RadzenDataGrid<ItemRow>? itemsGrid;
    private ItemRow? editing;
    private IReadOnlyDictionary<string, string>? itemErrors;
    private bool savingItem;

    /// <summary>A data item as the grid edits it: the form values plus what the row shows.</summary>
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
        editing = null;
        itemErrors = null;
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

    private static string TriggerText(RetentionTrigger trigger) => trigger switch
    {
        RetentionTrigger.AfterCollection => "After collection",
        RetentionTrigger.AfterLastPurchase => "After last purchase",
        RetentionTrigger.AfterLastContact => "After last contact",
        RetentionTrigger.UntilAccountClosed => "Until account closed",
        RetentionTrigger.UntilContractEnds => "Until contract ends",
        _ => "Not set",
    };

    private static string RuleText(ItemRow row) =>
        row.Input.Retention.Problem() is null ? $"Kept {row.Input.Retention}" : "";

    private static void SetCategory(ItemRow row, object? value)
    {
        if (Enum.TryParse<DataCategory>(value?.ToString(), out var category))
        {
            row.Input.Category = category;
        }
    }

    private static void SetOverride(ItemRow row, object? value) =>
        row.Input.SensitivityOverride = Enum.TryParse<Sensitivity>(value?.ToString(), out var level) ? level : null;

    private static void SetTrigger(ItemRow row, object? value)
    {
        if (!Enum.TryParse<RetentionTrigger>(value?.ToString(), out var trigger))
        {
            return;
        }
        var wasSet = row.Input.RetentionTrigger != RetentionTrigger.NotSet;
        row.Input.RetentionTrigger = trigger;
        if (trigger != RetentionTrigger.NotSet && !wasSet)
        {
            // A sensible starting point that the owner then adjusts.
            row.Input.RetentionAmount = RetentionRule.IsUntil(trigger) ? 0 : 2;
            row.Input.RetentionUnit = RetentionRule.IsUntil(trigger) ? RetentionUnit.Days : RetentionUnit.Years;
        }
    }

    private async Task AddItemAsync()
    {
        if (detail is null || itemsGrid is null)
        {
            return;
        }
        var used = items.Select(i => i.Input.Category).ToHashSet();
        var first = Enum.GetValues<DataCategory>().FirstOrDefault(c => !used.Contains(c) || c == DataCategory.Other);
        editing = new ItemRow(new DataItemInput { SystemId = detail.System.Id, Category = first }, false);
        itemErrors = null;
        await itemsGrid.InsertRow(editing);
    }

    private async Task EditItemAsync(ItemRow row)
    {
        if (itemsGrid is null)
        {
            return;
        }
        editing = row;
        itemErrors = null;
        await itemsGrid.EditRow(row);
    }

    private async Task CancelItemAsync(ItemRow row)
    {
        itemsGrid?.CancelEditRow(row);
        editing = null;
        itemErrors = null;
        // Throw away half-made changes: the rows come fresh from the database.
        await LoadAsync();
    }

    private async Task SaveItemAsync(ItemRow row)
    {
        savingItem = true;
        try
        {
            var adding = row.Input.Id == 0;
            var result = await Inventory.SaveItemAsync(user, row.Input);
            itemErrors = result.Errors;
            if (result.Errors.ContainsKey("SystemId"))
            {
                itemsGrid?.CancelEditRow(row);
                editing = null;
                await LoadAsync();
                return;
            }
            if (!result.Succeeded)
            {
                return;
            }
            itemsGrid?.CancelEditRow(row);
            editing = null;
            itemErrors = null;
            Notifications.Notify(NotificationSeverity.Success, adding ? "Added" : "Saved", $"Saved {row.Label.ToLowerInvariant()}. The findings above are up to date.");
            await LoadAsync();
        }
        finally
        {
            savingItem = false;
        }
    }

    private async Task DeleteItemAsync(ItemRow row)
    {
        if (detail is null || await Dialogs.Confirm($"Delete {row.Label.ToLowerInvariant()} from {detail.System.Name}? This only removes the entry here, not the data itself.",
                "Delete data item", new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Cancel" }) != true)
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
        var saved = await Dialogs.OpenAsync<SystemDialog>($"Edit {detail.System.Name}",
            new Dictionary<string, object?> { ["Input"] = SystemInput.From(detail.System), ["User"] = user, ["Owners"] = owners },
            new DialogOptions { Width = "640px", CloseDialogOnEsc = true });
        await LoadAsync();
        if (saved is int && detail is not null)
        {
            Notifications.Notify(NotificationSeverity.Success, "Saved", $"The details of {detail.System.Name} are saved. The findings are up to date.");
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
        if (await Dialogs.Confirm(message, "Delete system", new ConfirmOptions { OkButtonText = "Delete", CancelButtonText = "Cancel" }) != true)
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
            Notifications.Notify(NotificationSeverity.Success, "Done", success);
        }
        else
        {
            Notifications.Notify(NotificationSeverity.Warning, "Not done", string.Join(" ", result.Errors.Values));
        }
    }
}
