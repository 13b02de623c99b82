namespace SecurityHub.Email;

public static class EmailExtensions
{
    /// <summary>The outbox, its SMTP or pickup-folder delivery, and the relay job's services.</summary>
    public static void AddEmail(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<EmailOptions>().BindConfiguration(EmailOptions.Section).ValidateOnStart();
        builder.Services.AddSingleton<Outbox>();
        builder.Services.AddSingleton<SmtpPasswordProtector>();
        builder.Services.AddSingleton<EmailTransportFactory>();
        builder.Services.AddSingleton<MailComposer>();
        builder.Services.AddSingleton<OutboxRelay>();
        builder.Services.AddSingleton<EmailRoute>();
        builder.Services.AddTransient<RelayOutboxJob>();
        builder.Services.AddScoped<EmailService>();
    }
}
