using MudBlazor.Services;
using SecurityHub.Components.Shared;

namespace SecurityHub.Components;

public static class UserInterfaceExtensions
{
    /// <summary>
    /// Blazor Server with MudBlazor and the shell's own services (the person's theme).
    /// </summary>
    public static void AddUserInterface(this IHostApplicationBuilder builder)
    {
        builder.Services.AddRazorComponents()
            .AddInteractiveServerComponents(options => options.DetailedErrors = builder.Environment.IsDevelopment());
        builder.Services.AddMudServices();
        builder.Services.AddScoped<UserPreferences>();
        builder.Services.AddScoped<ThemeState>();
    }
}
