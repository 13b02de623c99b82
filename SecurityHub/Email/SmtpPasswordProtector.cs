using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;

namespace SecurityHub.Email;

/// <summary>Encrypts the SMTP password with Data Protection; its keys live in the data directory.</summary>
public sealed class SmtpPasswordProtector(IDataProtectionProvider provider)
{
    public const string Purpose = "SecurityHub.Email.SmtpPassword";

    private readonly IDataProtector _protector = provider.CreateProtector(Purpose);

    public string Protect(string password) => _protector.Protect(password);

    /// <summary>The plain password, or null when none is stored.</summary>
    public string? Unprotect(string? protectedPassword)
    {
        if (string.IsNullOrEmpty(protectedPassword))
        {
            return null;
        }
        try
        {
            return _protector.Unprotect(protectedPassword);
        }
        catch (CryptographicException ex)
        {
            throw new EmailConfigurationException(
                "The stored SMTP password cannot be decrypted (the Data Protection keys in the data directory changed). Enter the password again in Email settings.", ex);
        }
    }
}
