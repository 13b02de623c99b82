using System.Net;
using SecurityHub.Web;

namespace SecurityHub.Email;

/// <summary>What an Owner types on the Email settings page. The password is write-only.</summary>
public sealed class EmailSettingsInput
{
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? Username { get; set; }

    /// <summary>A new password; empty keeps the stored one.</summary>
    public string? Password { get; set; }

    public bool ClearPassword { get; set; }
    public string? FromAddress { get; set; }
    public string? FromName { get; set; } = "SecurityHub";

    /// <summary>Shown as "a password is stored"; the password itself never goes back to the page.</summary>
    public bool HasStoredPassword { get; set; }

    public static EmailSettingsInput From(EmailSettings settings) => new()
    {
        SmtpHost = settings.SmtpHost,
        SmtpPort = settings.SmtpPort,
        Security = settings.Security,
        Username = settings.Username,
        FromAddress = settings.FromAddress,
        FromName = settings.FromName,
        HasStoredPassword = !string.IsNullOrEmpty(settings.ProtectedPassword),
    };
}

public static class EmailSettingsRules
{
    public const int MaxPasswordLength = 500;

    /// <summary>One message per invalid field; empty when the input can be saved.</summary>
    public static Dictionary<string, string> Validate(EmailSettingsInput input)
    {
        var errors = new Dictionary<string, string>();
        var host = input.SmtpHost?.Trim() ?? "";
        if (host.Length > 0 && !HostNames.IsValid(host))
        {
            errors[nameof(input.SmtpHost)] = "Enter a host name such as smtp.example.com or an IP address, or leave it empty to write emails to the pickup folder.";
        }
        if (input.SmtpPort is < 1 or > 65535)
        {
            errors[nameof(input.SmtpPort)] = "The port must be a number from 1 to 65535 (usually 587).";
        }
        if (!Enum.IsDefined(input.Security))
        {
            errors[nameof(input.Security)] = "Choose STARTTLS, TLS from the start, or no encryption.";
        }
        if (input.Username is { Length: > 0 } user && (user.Length > 256 || HasControl(user)))
        {
            errors[nameof(input.Username)] = "The user name must be one line of at most 256 characters.";
        }
        if (input.Password is { Length: > 0 } password && (password.Length > MaxPasswordLength || HasControl(password)))
        {
            errors[nameof(input.Password)] = $"The password must be one line of at most {MaxPasswordLength} characters.";
        }
        if (!string.IsNullOrWhiteSpace(input.FromAddress) && !EmailAddresses.IsValid(input.FromAddress.Trim()))
        {
            errors[nameof(input.FromAddress)] = "Enter one email address such as security@yourbusiness.com, or leave it empty for a no-reply address.";
        }
        if (input.FromName is { Length: > 0 } name && (name.Trim().Length > 100 || HasControl(name)))
        {
            errors[nameof(input.FromName)] = "The sender name must be one line of at most 100 characters.";
        }
        return errors;
    }

    /// <summary>True for an IP address or localhost, which need no DNS lookup.</summary>
    public static bool IsAddressOrLocalhost(string host) =>
        host.Equals("localhost", StringComparison.OrdinalIgnoreCase) || IPAddress.TryParse(host.Trim('[', ']'), out _);

    private static bool HasControl(string value) => value.Any(char.IsControl);

    /// <summary>The choice in words, for the page and the audit log.</summary>
    public static string Describe(SmtpSecurity security) => security switch
    {
        SmtpSecurity.StartTls => "STARTTLS required",
        SmtpSecurity.ImplicitTls => "TLS from the start",
        _ => "no encryption",
    };
}
