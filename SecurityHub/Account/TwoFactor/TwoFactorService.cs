using System.Globalization;
using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using QRCoder;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Account.TwoFactor;

public sealed record EnrollmentDetails(string ManualKey, string OtpAuthUri, string QrSvgDataUri);

public sealed record AdoptionFigure(int ActiveUsers, int Enrolled, IReadOnlyDictionary<string, (int Active, int Enrolled)> ByRole)
{
    public double Share => ActiveUsers == 0 ? 0 : (double)Enrolled / ActiveUsers;
}

/// <summary>Authenticator enrollment, owner resets and the 2FA adoption figure.</summary>
public sealed class TwoFactorService(
    IDbContextFactory<ApplicationDbContext> factory,
    TwoFactorGate gate,
    IServiceScopeFactory scopes,
    AccessGuard guard,
    AuditLog audit,
    TimeProvider clock)
{
    /// <summary>The key (grouped in fours), the otpauth URI and its QR code as an SVG data URI.</summary>
    public static EnrollmentDetails Describe(string key, string email, string? businessName)
    {
        var issuer = string.IsNullOrWhiteSpace(businessName) ? "SecurityHub" : $"SecurityHub ({businessName.Trim()})";
        var label = Uri.EscapeDataString(issuer) + ":" + Uri.EscapeDataString(email);
        var uri = string.Create(CultureInfo.InvariantCulture,
            $"otpauth://totp/{label}?secret={key}&issuer={Uri.EscapeDataString(issuer)}&algorithm=SHA1&digits=6&period=30");
        using var generator = new QRCodeGenerator();
        using var data = generator.CreateQrCode(uri, QRCodeGenerator.ECCLevel.M);
        var svg = new SvgQRCode(data).GetGraphic(6);
        var dataUri = "data:image/svg+xml;base64," + Convert.ToBase64String(Encoding.UTF8.GetBytes(svg));
        return new EnrollmentDetails(Group(key), uri, dataUri);
    }

    public static string Group(string key)
    {
        var builder = new StringBuilder();
        for (var i = 0; i < key.Length; i += 4)
        {
            if (i > 0)
            {
                builder.Append(' ');
            }
            builder.Append(key.AsSpan(i, Math.Min(4, key.Length - i)));
        }
        return builder.ToString().ToUpperInvariant();
    }

    /// <summary>Whether this user's role (or the business's Staff setting) requires a second factor.</summary>
    public Task<bool> IsRequiredAsync(string userId, CancellationToken cancellationToken = default) => gate.IsRequiredAsync(userId, cancellationToken);

    /// <summary>True when the user has an authenticator app or a passkey.</summary>
    public Task<bool> IsEnrolledAsync(string userId, CancellationToken cancellationToken = default) => gate.IsEnrolledAsync(userId, cancellationToken);

    /// <summary>True when the user has registered at least one passkey.</summary>
    public Task<bool> HasPasskeyAsync(string userId, CancellationToken cancellationToken = default) => gate.HasPasskeyAsync(userId, cancellationToken);

    /// <summary>The user must enrol before anything else: required for them, and this sign-in has no second factor.</summary>
    public Task<bool> MustEnrollAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default) => gate.MustEnrollAsync(user, cancellationToken);

    /// <summary>Records the enrollment time and audits it (called once the first code is verified).</summary>
    public async Task RecordEnrollmentAsync(ApplicationUser user, string method, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Users.Where(u => u.Id == user.Id && u.TwoFactorEnrolledUtc == null)
            .ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnrolledUtc, now), cancellationToken);
        audit.Add(db, AuditEvents.TwoFactorEnabled, user.Id, user.Email, user.Email, $"With {method}");
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>Audits a passkey added or removed; a first passkey also counts as the enrollment time.</summary>
    public async Task RecordPasskeyChangeAsync(ApplicationUser user, bool added, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (added)
        {
            var now = clock.GetUtcNow().UtcDateTime;
            await db.Users.Where(u => u.Id == user.Id && u.TwoFactorEnrolledUtc == null)
                .ExecuteUpdateAsync(s => s.SetProperty(u => u.TwoFactorEnrolledUtc, now), cancellationToken);
        }
        audit.Add(db, added ? AuditEvents.PasskeyAdded : AuditEvents.PasskeyRemoved, user.Id, user.Email, user.Email);
        await db.SaveChangesAsync(cancellationToken);
    }

    /// <summary>
    /// Owners only: removes another user's authenticator, recovery codes and passkeys and ends their
    /// sessions, so they must enrol again at the next sign-in.
    /// </summary>
    public async Task<Organization.SaveResult> ResetAsync(ClaimsPrincipal actor, string userId, CancellationToken cancellationToken = default)
    {
        var actorId = await guard.RequireAsync(actor, Policies.Owner);
        if (actorId == userId)
        {
            return Organization.SaveResult.Invalid("User", "Reset your own two-factor sign-in from Account and security.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await users.FindByIdAsync(userId ?? "");
        if (user is null)
        {
            return Organization.SaveResult.Invalid("User", "That user does not exist.");
        }
        await users.SetTwoFactorEnabledAsync(user, false);
        await users.ResetAuthenticatorKeyAsync(user);
        var codes = (IUserTwoFactorRecoveryCodeStore<ApplicationUser>)scope.ServiceProvider.GetRequiredService<IUserStore<ApplicationUser>>();
        await codes.ReplaceCodesAsync(user, [], cancellationToken);
        await db.UserPasskeys.Where(p => p.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        user.TwoFactorEnrolledUtc = null;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await DbTicketStore.EndAllAsync(db, user.Id, cancellationToken);
        audit.Add(db, actor, AuditEvents.TwoFactorReset, user.Email, "Authenticator, recovery codes and passkeys removed; must enrol again");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return Organization.SaveResult.Ok;
    }

    /// <summary>The share of active users with a second factor, in total and by role.</summary>
    public async Task<AdoptionFigure> GetAdoptionAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await CountAdoptionAsync(db, cancellationToken);
    }

    /// <summary>The adoption figure without a user context, for the checklist's evidence.</summary>
    public static async Task<AdoptionFigure> CountAdoptionAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        var rows = await (from u in db.Users
                          where !u.IsDisabled
                          join ur in db.UserRoles on u.Id equals ur.UserId
                          join r in db.Roles on ur.RoleId equals r.Id
                          select new { r.Name, Enrolled = u.TwoFactorEnabled || db.UserPasskeys.Any(p => p.UserId == u.Id) })
            .ToListAsync(cancellationToken);
        var byRole = Roles.All.ToDictionary(role => role, role =>
            (rows.Count(x => x.Name == role), rows.Count(x => x.Name == role && x.Enrolled)));
        return new AdoptionFigure(rows.Count, rows.Count(x => x.Enrolled), byRole);
    }
}

/// <summary>
/// Who must enrol: kept apart from <see cref="TwoFactorService"/> because the authorization handler
/// needs it, and the service itself depends on authorization.
/// </summary>
public sealed class TwoFactorGate(IDbContextFactory<ApplicationDbContext> factory)
{
    /// <summary>Whether this user's role (or the business's Staff setting) requires a second factor.</summary>
    public async Task<bool> IsRequiredAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var roles = await (from ur in db.UserRoles join r in db.Roles on ur.RoleId equals r.Id where ur.UserId == userId select r.Name).ToListAsync(cancellationToken);
        if (roles.Contains(Roles.Owner) || roles.Contains(Roles.Manager))
        {
            return true;
        }
        return roles.Contains(Roles.Staff) && await db.Organizations.AnyAsync(o => o.RequireTwoFactorForStaff, cancellationToken);
    }

    /// <summary>True when the user has an authenticator app or a passkey.</summary>
    public async Task<bool> IsEnrolledAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Users.AnyAsync(u => u.Id == userId && (u.TwoFactorEnabled || db.UserPasskeys.Any(p => p.UserId == userId)), cancellationToken);
    }

    /// <summary>
    /// The user must enrol before anything else: required for them, and this sign-in has no second factor.
    /// A passkey is a second factor only where it was itself the sign-in; a password sign-in needs the
    /// authenticator app, or the person signs in with their passkey instead. Runs on every page request
    /// and policy check, so the common case (already enrolled) costs a single query.
    /// </summary>
    public async Task<bool> MustEnrollAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || SessionClaims.SignedInWithPasskey(user))
        {
            return false;
        }
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var authenticator = await db.Users.AnyAsync(u => u.Id == id && u.TwoFactorEnabled, cancellationToken);
        return !authenticator && await IsRequiredAsync(id, cancellationToken);
    }

    /// <summary>True when the user has registered at least one passkey.</summary>
    public async Task<bool> HasPasskeyAsync(string userId, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.UserPasskeys.AnyAsync(p => p.UserId == userId, cancellationToken);
    }
}
