using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecurityHub.Data;

namespace SecurityHub.Account;

/// <summary>Why a signed-in principal no longer speaks for its person.</summary>
public enum AccessEnd
{
    /// <summary>The account was deleted or disabled.</summary>
    Disabled,

    /// <summary>The person's role is not the one this sign-in was made with.</summary>
    RoleChanged,

    /// <summary>The password or second factor changed (the security stamp moved on).</summary>
    SignInChanged,

    /// <summary>The server-side session was signed out, ended or timed out.</summary>
    SessionEnded,
}

/// <summary>
/// Asks about the person behind a principal as they are now, not as the principal says they were when
/// a page or a dialog captured it: still enabled, still in the same roles, same security stamp, and (for a
/// principal that came from a sign-in cookie) a session that is still live. Used by every service check
/// (<see cref="AccessGuard"/>) and by the re-check of open pages.
/// </summary>
public sealed class AccountStatus(IDbContextFactory<ApplicationDbContext> factory, DbTicketStore sessions, IOptions<IdentityOptions> identity)
{
    /// <summary>Null while the principal still stands for its person; otherwise why not.</summary>
    /// <param name="slideSession">Also extend the session's idle timeout (the person was active on an open page).</param>
    public async Task<AccessEnd?> CheckAsync(ClaimsPrincipal principal, bool slideSession = false, CancellationToken cancellationToken = default)
    {
        var userId = principal.FindFirstValue(ClaimTypes.NameIdentifier);
        if (userId is null)
        {
            return AccessEnd.Disabled;
        }
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().Where(u => u.Id == userId)
            .Select(u => new { u.IsDisabled, u.SecurityStamp }).FirstOrDefaultAsync(cancellationToken);
        if (user is null || user.IsDisabled)
        {
            return AccessEnd.Disabled;
        }
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name)
            .ToListAsync(cancellationToken);
        var claimed = principal.FindAll(identity.Value.ClaimsIdentity.RoleClaimType).Select(c => c.Value);
        if (!roles.Order(StringComparer.Ordinal).SequenceEqual(claimed.Distinct().Order(StringComparer.Ordinal)))
        {
            return AccessEnd.RoleChanged;
        }

        // Principals built in-process (the CLI, tests) carry no cookie; one from a sign-in always does,
        // and must still match its stamp and name a live session.
        if (!IsFromSignIn(principal))
        {
            return null;
        }
        if (principal.FindFirstValue(identity.Value.ClaimsIdentity.SecurityStampClaimType) != user.SecurityStamp)
        {
            return AccessEnd.SignInChanged;
        }
        var session = SessionClaims.SessionOf(principal);
        var live = slideSession
            ? await sessions.ExtendAsync(session, cancellationToken)
            : await sessions.IsActiveAsync(session, cancellationToken);
        return live ? null : AccessEnd.SessionEnded;
    }

    public static bool IsFromSignIn(ClaimsPrincipal principal) =>
        principal.Identities.Any(i => i.AuthenticationType == IdentityConstants.ApplicationScheme);

    /// <summary>What to tell the person, in their words, when their access ended.</summary>
    public static string Explain(AccessEnd reason) => reason switch
    {
        AccessEnd.Disabled => "Your account was disabled by an Owner, so SecurityHub signed you out. Ask an Owner if you think this is a mistake.",
        AccessEnd.RoleChanged => "Your role in SecurityHub changed, so you were signed out. Sign in again to carry on with your new access.",
        AccessEnd.SignInChanged => "Your password or two-factor settings changed, so this browser was signed out. Sign in again to carry on.",
        _ => "Your session ended: you signed out in another tab, or 30 minutes passed without activity. Sign in again to carry on.",
    };

    /// <summary>The short code in the sign-in page's address that selects <see cref="Explain"/>.</summary>
    public static string Code(AccessEnd reason) => reason switch
    {
        AccessEnd.Disabled => "disabled",
        AccessEnd.RoleChanged => "role",
        AccessEnd.SignInChanged => "changed",
        _ => "session",
    };

    public static AccessEnd? FromCode(string? code) => code switch
    {
        "disabled" => AccessEnd.Disabled,
        "role" => AccessEnd.RoleChanged,
        "changed" => AccessEnd.SignInChanged,
        "session" => AccessEnd.SessionEnded,
        _ => null,
    };
}
