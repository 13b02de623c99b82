using System.Globalization;
using Microsoft.Extensions.Options;
using SecurityHub.Jobs;

namespace SecurityHub.Certificates;

/// <summary>The "SecurityHub:Certificates" configuration section: how certificate checks run.</summary>
public sealed class CertificatesOptions
{
    public const string Section = "SecurityHub:Certificates";

    /// <summary>Allow checks of loopback, private, link-local and other internal addresses (off: they are refused).</summary>
    public bool AllowInternalHosts { get; set; }

    /// <summary>Seconds one check may take, from DNS to the end of the handshake (1 to 120).</summary>
    public int TimeoutSeconds { get; set; } = 10;

    /// <summary>Days before expiry at which a certificate counts as expiring and an alert is sent, comma-separated.</summary>
    public string ExpiryThresholdDays { get; set; } = "30,14,7,1";

    /// <summary>Cron expression (5 fields, or 6 with seconds first; UTC) for the scheduled check of every endpoint.</summary>
    public string CheckCron { get; set; } = "0 6 * * *";

    /// <summary>Checks running at the same time (1 to 256).</summary>
    public int MaxConcurrency { get; set; } = 16;

    /// <summary>Days of check history kept (1 to 3650).</summary>
    public int HistoryDays { get; set; } = 400;

    /// <summary>Optional PEM file of extra root certificates to trust besides the system's (e.g. an internal CA).</summary>
    public string TrustedRootsFile { get; set; } = "";

    /// <summary>Ports whose TLS endpoints are websites: after the certificate, their HTTP redirect and HSTS header are checked.</summary>
    public string HttpsPorts { get; set; } = "443,8443";

    /// <summary>The plain-HTTP port asked whether it redirects to HTTPS (80; other values are for tests and unusual setups).</summary>
    public int HttpPort { get; set; } = 80;

    /// <summary>The thresholds, largest first.</summary>
    public IReadOnlyList<int> Thresholds => ParseThresholds(ExpiryThresholdDays) ?? [30, 14, 7, 1];

    /// <summary>The website ports (empty when the setting is blank).</summary>
    public IReadOnlySet<int> WebsitePorts => ParsePorts(HttpsPorts) ?? [];

    internal static HashSet<int>? ParsePorts(string? value)
    {
        var ports = new HashSet<int>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port is < 1 or > 65535)
            {
                return null;
            }
            ports.Add(port);
        }
        return ports;
    }

    internal static List<int>? ParseThresholds(string? value)
    {
        var days = new List<int>();
        foreach (var part in (value ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (!int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var d) || d is < 1 or > 365)
            {
                return null;
            }
            days.Add(d);
        }
        return days.Count == 0 ? null : days.Distinct().OrderByDescending(d => d).ToList();
    }
}

/// <summary>Checked at start-up, so a bad value stops the app with a message that names the key.</summary>
public sealed class CertificatesOptionsValidator(TimeProvider clock) : IValidateOptions<CertificatesOptions>
{
    public ValidateOptionsResult Validate(string? name, CertificatesOptions options)
    {
        var failures = new List<string>();
        var s = CertificatesOptions.Section;
        if (options.TimeoutSeconds is < 1 or > 120)
        {
            failures.Add($"{s}:{nameof(options.TimeoutSeconds)} must be between 1 and 120 seconds (it is {options.TimeoutSeconds}).");
        }
        if (options.MaxConcurrency is < 1 or > 256)
        {
            failures.Add($"{s}:{nameof(options.MaxConcurrency)} must be between 1 and 256 (it is {options.MaxConcurrency}).");
        }
        if (options.HistoryDays is < 1 or > 3650)
        {
            failures.Add($"{s}:{nameof(options.HistoryDays)} must be between 1 and 3650 days (it is {options.HistoryDays}).");
        }
        if (CertificatesOptions.ParseThresholds(options.ExpiryThresholdDays) is null)
        {
            failures.Add($"{s}:{nameof(options.ExpiryThresholdDays)} must be a comma-separated list of days between 1 and 365, e.g. \"30,14,7,1\".");
        }
        if (CertificatesOptions.ParsePorts(options.HttpsPorts) is null)
        {
            failures.Add($"{s}:{nameof(options.HttpsPorts)} must be a comma-separated list of ports between 1 and 65535, e.g. \"443,8443\".");
        }
        if (options.HttpPort is < 1 or > 65535)
        {
            failures.Add($"{s}:{nameof(options.HttpPort)} must be between 1 and 65535 (it is {options.HttpPort}).");
        }
        if (JobCron.Problem(options.CheckCron, clock.GetUtcNow()) is { } problem)
        {
            failures.Add($"{s}:{nameof(options.CheckCron)} {problem}");
        }
        if (!string.IsNullOrWhiteSpace(options.TrustedRootsFile) && !File.Exists(options.TrustedRootsFile))
        {
            failures.Add($"{s}:{nameof(options.TrustedRootsFile)} names a file that does not exist: {options.TrustedRootsFile}");
        }
        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
