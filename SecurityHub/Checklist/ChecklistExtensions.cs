namespace SecurityHub.Checklist;

public static class ChecklistExtensions
{
    /// <summary>The checklist and score: its service and one evidence source per feature the app can see into.</summary>
    public static void AddChecklist(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<IControlEvidence, InventoryEvidence>();
        builder.Services.AddSingleton<IControlEvidence, CertificateEvidence>();
        builder.Services.AddSingleton<IControlEvidence, TwoFactorEvidence>();
        builder.Services.AddScoped<ChecklistService>();
    }
}
