namespace SecurityHub.Email;

public static class EmailExtensions
{
    /// <summary>The outbox, its SMTP or pickup-folder delivery, and the relay job's services.</summary>
    public static void AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<Outbox>();
    }
}
