namespace SecurityHub.Inventory;

public static class InventoryExtensions
{
    /// <summary>The customer-data inventory: its pages' service, the findings other features read, and CSV import/export.</summary>
    public static void AddInventory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<InventoryInsights>();
        builder.Services.AddScoped<InventoryService>();
    }
}
