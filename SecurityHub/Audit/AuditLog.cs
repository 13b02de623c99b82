using System.Security.Claims;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Audit;

public static class AuditEvents
{
    public const string Setup = "setup.completed";
    public const string SetupCodeRejected = "setup.code-rejected";
    public const string SignedIn = "signin.succeeded";
    public const string SignInFailed = "signin.failed";
    public const string LockedOut = "signin.locked-out";
    public const string SignedOut = "signout";
    public const string PasswordChanged = "account.password-changed";
    public const string PasswordReset = "account.password-reset";
    public const string PasswordResetFailed = "account.password-reset-failed";
    public const string InvitationSent = "team.invitation-sent";
    public const string InvitationAccepted = "team.invitation-accepted";
    public const string InvitationRevoked = "team.invitation-revoked";
    public const string RoleChanged = "team.role-changed";
    public const string UserDisabled = "team.user-disabled";
    public const string UserEnabled = "team.user-enabled";
    public const string SettingsChanged = "settings.organization-changed";
    public const string EmailSettingsChanged = "settings.email-changed";
    public const string AuditExported = "audit.exported";
    public const string JobTriggered = "jobs.run-now";
    public const string TestEmailQueued = "email.test-queued";
    public const string TwoFactorEnabled = "2fa.enabled";
    public const string TwoFactorDisabled = "2fa.disabled";
    public const string TwoFactorReset = "2fa.reset";
    public const string RecoveryCodesGenerated = "2fa.recovery-codes-generated";
    public const string PasskeyAdded = "passkey.added";
    public const string PasskeyRemoved = "passkey.removed";
}

/// <summary>
/// Appends audit events. Values are flattened to one line (no CR/LF or other control characters),
/// so a hostile email or business name cannot forge a second event in an export or a log line.
/// </summary>
public sealed class AuditLog(IDbContextFactory<ApplicationDbContext> factory, IHttpContextAccessor http, TimeProvider clock)
{
    /// <summary>
    /// The actor of something a visitor who is not signed in did. What they typed (an email) is never the actor:
    /// anyone can type anyone's address.
    /// </summary>
    public const string Anonymous = "anonymous";

    /// <summary>Writes one event in its own transaction.</summary>
    public async Task WriteAsync(string eventType, string? actorUserId = null, string? actorEmail = null,
        string? target = null, string? details = null, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        Add(db, eventType, actorUserId, actorEmail, target, details);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Adds an event to a context, so it commits in the same transaction as the change it records.</summary>
    public void Add(ApplicationDbContext db, string eventType, string? actorUserId = null, string? actorEmail = null,
        string? target = null, string? details = null)
    {
        db.AuditEvents.Add(new AuditEvent
        {
            OccurredUtc = clock.GetUtcNow().UtcDateTime,
            EventType = Clean(eventType, 64)!,
            ActorUserId = Clean(actorUserId, 450),
            ActorEmail = Clean(actorEmail, 256),
            Target = Clean(target, 300),
            Details = Clean(details, 4000),
            IpAddress = Clean(http.HttpContext?.Connection.RemoteIpAddress?.ToString(), 64),
        });
    }

    /// <summary>Adds an event attributed to a signed-in user.</summary>
    public void Add(ApplicationDbContext db, ClaimsPrincipal actor, string eventType, string? target = null, string? details = null) =>
        Add(db, eventType, actor.FindFirstValue(ClaimTypes.NameIdentifier), actor.Identity?.Name, target, details);

    public static string? Clean(string? value, int max)
    {
        if (value is null)
        {
            return null;
        }
        var builder = new StringBuilder(Math.Min(value.Length, max));
        foreach (var c in value)
        {
            if (builder.Length >= max)
            {
                break;
            }
            builder.Append(char.IsControl(c) ? ' ' : c);
        }
        return builder.ToString();
    }
}
