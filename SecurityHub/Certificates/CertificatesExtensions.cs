using Microsoft.Extensions.Options;

namespace SecurityHub.Certificates;

public static class CertificatesExtensions
{
    /// <summary>Certificate checks, their options, the scheduled job and the page's service.</summary>
    public static void AddCertificates(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<CertificatesOptions>().BindConfiguration(CertificatesOptions.Section).ValidateOnStart();
        services.AddSingleton<IValidateOptions<CertificatesOptions>, CertificatesOptionsValidator>();
        services.AddSingleton<CertificateChecker>();
        services.AddSingleton<CertificateMonitor>();
        services.AddTransient<CheckCertificatesJob>();
        services.AddSingleton<CertificateCheckRunner>();
        services.AddScoped<CertificatesService>();
    }
}
