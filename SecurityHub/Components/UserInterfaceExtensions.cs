using MudBlazor.Services;
using Radzen;
using SecurityHub.Components.Shared;

namespace SecurityHub.Components;

public static class UserInterfaceExtensions
{
    /// <summary>
    /// Blazor Server with MudBlazor (the shell and the migrated pages), Radzen (pages not migrated yet)
    /// and the shell's own services.
    /// </summary>
    public static void AddUserInterface(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(options => options.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddMudServices();
        builder.Services.AddRadzenComponents();
        builder.Services.AddScoped<UserPreferences>();
        builder.Services.AddScoped<ThemeState>();
    }
}
