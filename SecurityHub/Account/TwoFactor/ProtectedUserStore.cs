using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Account.TwoFactor;

/// <summary>
/// Identity's EF store with two changes: the authenticator key is encrypted with Data Protection, and
/// recovery codes are kept only as SHA-256 hashes (they are shown to the user once, when generated).
/// </summary>
public sealed class ProtectedUserStore(ApplicationDbContext context, IDataProtectionProvider protection, IdentityErrorDescriber? describer = null)
    : UserStore<ApplicationUser, IdentityRole, ApplicationDbContext>(context, describer)
{
    private readonly IDataProtector _keys = protection.CreateProtector("SecurityHub.Account.AuthenticatorKey");

    public override Task SetAuthenticatorKeyAsync(ApplicationUser user, string key, CancellationToken cancellationToken) =>
        base.SetAuthenticatorKeyAsync(user, _keys.Protect(key), cancellationToken);

    public override async Task<string?> GetAuthenticatorKeyAsync(ApplicationUser user, CancellationToken cancellationToken)
    {
        var stored = await base.GetAuthenticatorKeyAsync(user, cancellationToken);
        if (string.IsNullOrEmpty(stored))
        {
            return stored;
        }
        try
        {
            return _keys.Unprotect(stored);
        }
        catch (CryptographicException)
        {
            // Unreadable (keys lost or value tampered with): the user must enrol again.
            return null;
        }
    }

    public override Task ReplaceCodesAsync(ApplicationUser user, IEnumerable<string> recoveryCodes, CancellationToken cancellationToken) =>
        base.ReplaceCodesAsync(user, recoveryCodes.Select(HashCode), cancellationToken);

    public override Task<bool> RedeemCodeAsync(ApplicationUser user, string code, CancellationToken cancellationToken) =>
        base.RedeemCodeAsync(user, HashCode(code), cancellationToken);

    internal static string HashCode(string code)
    {
        var normalized = new string((code ?? "").Where(c => !char.IsWhiteSpace(c)).Select(char.ToUpperInvariant).ToArray());
        return Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(normalized)));
    }
}
