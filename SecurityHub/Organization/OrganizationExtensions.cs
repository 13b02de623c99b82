namespace SecurityHub.Organization;

public static class OrganizationExtensions
{
    /// <summary>The business profile and the first-run setup (code at start-up, /setup, create-owner).</summary>
    public static void AddOrganization(this IHostApplicationBuilder builder)
    {
        builder.Services.AddScoped<OrganizationService>();
        builder.Services.AddSingleton<SetupService>();
        builder.Services.AddHostedService<SetupCodeIssuer>();
    }
}
