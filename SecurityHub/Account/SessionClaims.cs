using System.Security.Claims;

namespace SecurityHub.Account;

/// <summary>
/// Claims that belong to a sign-in rather than to the user: the server-side session id and how the
/// person signed in. Identity rebuilds the principal from the database on every security-stamp check
/// and on every refresh of the sign-in, which drops them; <see cref="Carry"/> puts them back, so no
/// check that reads them depends on how the principal was rebuilt.
/// </summary>
public static class SessionClaims
{
    /// <summary>The id of the server-side session (<see cref="DbTicketStore"/>) behind this principal.</summary>
    public const string SessionId = "sh_sid";

    /// <summary>How this session signed in: one of <see cref="Password"/>, <see cref="TwoFactor"/>, <see cref="Passkey"/>.</summary>
    public const string Method = "sh_amr";

    public const string Password = "pwd";
    public const string TwoFactor = "mfa";
    public const string Passkey = "passkey";

    private static readonly string[] Carried = [SessionId, Method, "amr", ClaimTypes.AuthenticationMethod];

    /// <summary>Copies the sign-in's own claims from the principal being replaced to its replacement.</summary>
    public static void Carry(ClaimsPrincipal? from, ClaimsPrincipal to)
    {
        if (from is null || to.Identity is not ClaimsIdentity target)
        {
            return;
        }
        foreach (var type in Carried)
        {
            if (to.FindFirst(type) is null && from.FindFirst(type) is { } claim)
            {
                target.AddClaim(new Claim(type, claim.Value));
            }
        }
    }

    /// <summary>Makes the principal name exactly this session (the store's key is the truth, not the stored claim).</summary>
    public static void SetSession(ClaimsPrincipal principal, string sessionId)
    {
        if (principal.Identity is not ClaimsIdentity identity)
        {
            return;
        }
        foreach (var stale in identity.FindAll(SessionId).ToList())
        {
            identity.RemoveClaim(stale);
        }
        identity.AddClaim(new Claim(SessionId, sessionId));
    }

    public static string? SessionOf(ClaimsPrincipal principal) => principal.FindFirstValue(SessionId);

    /// <summary>True when this session itself was signed in with a passkey (a passkey is then the second factor).</summary>
    public static bool SignedInWithPasskey(ClaimsPrincipal principal) => principal.FindFirstValue(Method) == Passkey;
}
