namespace SecurityHub.Inventory;

/// <summary>MudBlazor's date pickers speak <see cref="DateTime"/>; the inventory keeps calendar dates.</summary>
internal static class InventoryDates
{
    public static DateTime? ToDateTime(DateOnly? date) => date?.ToDateTime(TimeOnly.MinValue);

    public static DateOnly? ToDateOnly(DateTime? date) => date is { } d ? DateOnly.FromDateTime(d) : null;
}
