using System.Globalization;
using Microsoft.EntityFrameworkCore.Diagnostics;
using SecurityHub.Account;

namespace SecurityHub.Inventory;

public static class InventoryExtensions
{
    /// <summary>
    /// The customer-data inventory: its pages' service, the findings other features read (stored, and kept current by an
    /// interceptor on every save), and CSV import/export.
    /// </summary>
    public static void AddInventory(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<FindingStore>();
        builder.Services.AddSingleton<IInterceptor, InventoryChangeInterceptor>();
        builder.Services.AddSingleton<InventoryInsights>();
        builder.Services.AddScoped<InventoryService>();
        builder.Services.AddScoped<InventoryCsvService>();
    }

    /// <summary>GET /inventory/export.csv (the whole inventory, audited) and /inventory/template.csv (the header row), for every member.</summary>
    public static void MapInventoryEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/inventory/export.csv", async (HttpContext context, InventoryCsvService service, TimeProvider clock) =>
        {
            var day = clock.GetUtcNow().UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = $"attachment; filename=\"securityhub-inventory-{day}.csv\"";
            await service.ExportAsync(context.User, context.Response.Body, context.RequestAborted);
        }).RequireAuthorization(Policies.Member);

        endpoints.MapGet("/inventory/template.csv", async (HttpContext context) =>
        {
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"securityhub-inventory-template.csv\"";
            await InventoryCsv.WriteTemplateAsync(context.Response.Body, context.RequestAborted);
        }).RequireAuthorization(Policies.Member);
    }
}
