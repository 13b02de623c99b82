using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;
using SecurityHub.Email;
using SecurityHub.Organization;

namespace SecurityHub.Team;

public sealed record TeamMember(string Id, string Email, string DisplayName, string Role, bool IsDisabled,
    bool IsLockedOut, DateTime? LastSignInUtc, bool TwoFactorEnabled, DateTime? TwoFactorEnrolledUtc, DateTime CreatedUtc);

public sealed record PendingInvitation(int Id, string Email, string DisplayName, string Role, DateTime CreatedUtc, DateTime ExpiresUtc, bool IsExpired);

public sealed class InvitationInput
{
    public string Email { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = Roles.Staff;
}

public sealed class AcceptInvitationInput
{
    public string DisplayName { get; set; } = "";
    public string Password { get; set; } = "";
    public string ConfirmPassword { get; set; } = "";
}

/// <summary>The people who use SecurityHub: invitations, roles and access.</summary>
public sealed class TeamService(
    IDbContextFactory<ApplicationDbContext> factory,
    IServiceScopeFactory scopes,
    AccessGuard guard,
    AuditLog audit,
    Outbox outbox,
    TimeProvider clock)
{
    public static readonly TimeSpan InvitationLifetime = TimeSpan.FromDays(7);

    public async Task<IReadOnlyList<TeamMember>> ListMembersAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow();
        var rows = await (from u in db.Users
                          join ur in db.UserRoles on u.Id equals ur.UserId into urs
                          from ur in urs.DefaultIfEmpty()
                          join r in db.Roles on ur.RoleId equals r.Id into rs
                          from r in rs.DefaultIfEmpty()
                          orderby u.Email
                          select new { u, Role = r != null ? r.Name : null, HasPasskey = db.UserPasskeys.Any(p => p.UserId == u.Id) })
            .AsNoTracking().ToListAsync(cancellationToken);
        return rows.Select(x => new TeamMember(x.u.Id, x.u.Email ?? "", x.u.DisplayName, x.Role ?? "", x.u.IsDisabled,
            x.u.LockoutEnd is { } end && end > now, x.u.LastSignInUtc, x.u.TwoFactorEnabled || x.HasPasskey, x.u.TwoFactorEnrolledUtc, x.u.CreatedUtc)).ToList();
    }

    public async Task<IReadOnlyList<PendingInvitation>> ListInvitationsAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var list = await db.Invitations.AsNoTracking()
            .Where(i => i.AcceptedUtc == null && i.RevokedUtc == null)
            .OrderByDescending(i => i.CreatedUtc)
            .ToListAsync(cancellationToken);
        return list.Select(i => new PendingInvitation(i.Id, i.Email, i.DisplayName, i.Role, i.CreatedUtc, i.ExpiresUtc, i.ExpiresUtc <= now)).ToList();
    }

    /// <summary>
    /// Owners invite any role, Managers only Staff. The email is queued in the same transaction as
    /// the invitation. <paramref name="baseUrl"/> is the site's address for the link.
    /// </summary>
    public async Task<SaveResult> InviteAsync(ClaimsPrincipal actor, InvitationInput input, string baseUrl, CancellationToken cancellationToken = default)
    {
        var actorId = await guard.RequireAsync(actor, Policies.Manager);
        var email = (input.Email ?? "").Trim();
        var name = (input.DisplayName ?? "").Trim();
        var errors = new Dictionary<string, string>();
        if (!EmailAddresses.IsValid(email))
        {
            errors[nameof(input.Email)] = "Enter a valid email address, like name@example.com.";
        }
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            errors[nameof(input.DisplayName)] = "Enter the person's name (at most 100 characters).";
        }
        if (!Roles.IsValid(input.Role))
        {
            errors[nameof(input.Role)] = "Choose Owner, Manager or Staff.";
        }
        else if (input.Role != Roles.Staff && !actor.IsInRole(Roles.Owner))
        {
            errors[nameof(input.Role)] = "Managers can invite Staff only. Ask an Owner to invite a Manager or Owner.";
        }
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var normalized = email.ToUpperInvariant();
        if (await db.Users.AnyAsync(u => u.NormalizedEmail == normalized, cancellationToken))
        {
            return SaveResult.Invalid(nameof(input.Email), "Someone with this email is already on the team.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (await db.Invitations.AnyAsync(i => i.NormalizedEmail == normalized && i.AcceptedUtc == null && i.RevokedUtc == null && i.ExpiresUtc > now, cancellationToken))
        {
            return SaveResult.Invalid(nameof(input.Email), "This person already has an open invitation. Revoke it first to send a new one.");
        }

        var token = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        db.Invitations.Add(new Invitation
        {
            Email = email,
            NormalizedEmail = normalized,
            DisplayName = name,
            Role = input.Role,
            TokenHash = HashToken(token),
            InvitedByUserId = actorId,
            CreatedUtc = now,
            ExpiresUtc = now + InvitationLifetime,
        });
        var business = await db.Organizations.Select(o => o.BusinessName).FirstOrDefaultAsync(cancellationToken) ?? "your business";
        var inviter = actor.Identity?.Name ?? "A colleague";
        var link = $"{baseUrl.TrimEnd('/')}/invite/{token}";
        outbox.Enqueue(db, EmailTemplates.Build(email, name, $"You're invited to {EmailAddresses.SingleLine(business, 150)} on SecurityHub", "invitation",
            $"Hello {name},",
            [
                $"{inviter} invited you to join {business} on SecurityHub as {Article(input.Role)} {input.Role}.",
                "SecurityHub is where the business keeps track of how it protects customer data. Open the link to choose your password. It works once and expires in 7 days.",
            ],
            ("Accept the invitation", link), business));
        audit.Add(db, actor, AuditEvents.InvitationSent, email, $"Role: {input.Role}");
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    public async Task<SaveResult> RevokeInvitationAsync(ClaimsPrincipal actor, int invitationId, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.Id == invitationId && i.AcceptedUtc == null && i.RevokedUtc == null, cancellationToken);
        if (invitation is null)
        {
            return SaveResult.Invalid("Invitation", "That invitation no longer exists.");
        }
        if (invitation.Role != Roles.Staff && !actor.IsInRole(Roles.Owner))
        {
            return SaveResult.Invalid("Invitation", "Only an Owner can revoke this invitation.");
        }
        invitation.RevokedUtc = clock.GetUtcNow().UtcDateTime;
        audit.Add(db, actor, AuditEvents.InvitationRevoked, invitation.Email);
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    /// <summary>The open invitation for a token, or null when it is unknown, used, revoked or expired.</summary>
    public async Task<Invitation?> FindOpenInvitationAsync(string? token, CancellationToken cancellationToken = default)
    {
        if (string.IsNullOrEmpty(token) || token.Length > 100)
        {
            return null;
        }
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var hash = HashToken(token);
        var now = clock.GetUtcNow().UtcDateTime;
        return await db.Invitations.AsNoTracking()
            .FirstOrDefaultAsync(i => i.TokenHash == hash && i.AcceptedUtc == null && i.RevokedUtc == null && i.ExpiresUtc > now, cancellationToken);
    }

    /// <summary>Creates the account for an open invitation and spends the invitation. Returns the new user's email.</summary>
    public async Task<SaveResult> AcceptInvitationAsync(string token, AcceptInvitationInput input, CancellationToken cancellationToken = default)
    {
        var errors = new Dictionary<string, string>();
        var name = (input.DisplayName ?? "").Trim();
        if (name.Length is 0 or > 100 || name.Any(char.IsControl))
        {
            errors[nameof(input.DisplayName)] = "Enter your name (at most 100 characters).";
        }
        if (input.Password != input.ConfirmPassword)
        {
            errors[nameof(input.ConfirmPassword)] = "The two passwords do not match.";
        }
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var hash = HashToken(token ?? "");
        var now = clock.GetUtcNow().UtcDateTime;
        var invitation = await db.Invitations.FirstOrDefaultAsync(i => i.TokenHash == hash, cancellationToken);
        if (invitation is null || invitation.AcceptedUtc is not null || invitation.RevokedUtc is not null || invitation.ExpiresUtc <= now)
        {
            return SaveResult.Invalid("Token", "This invitation link has expired or was already used. Ask whoever invited you to send a new one.");
        }
        var user = new ApplicationUser
        {
            UserName = invitation.Email,
            Email = invitation.Email,
            EmailConfirmed = true,
            DisplayName = name,
            CreatedUtc = now,
        };
        var result = await users.CreateAsync(user, input.Password);
        if (result.Succeeded)
        {
            result = await users.AddToRoleAsync(user, invitation.Role);
        }
        if (!result.Succeeded)
        {
            var field = result.Errors.Any(e => e.Code.Contains("Email", StringComparison.Ordinal) || e.Code.Contains("UserName", StringComparison.Ordinal))
                ? "Token" : nameof(input.Password);
            return SaveResult.Invalid(field, string.Join(" ", result.Errors.Select(e => e.Description)));
        }
        invitation.AcceptedUtc = now;
        audit.Add(db, AuditEvents.InvitationAccepted, user.Id, user.Email, invitation.Email, $"Role: {invitation.Role}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SaveResult.Ok;
    }

    /// <summary>Owners only. The last active Owner keeps the role. The user's sessions end so the new role applies at once.</summary>
    public async Task<SaveResult> ChangeRoleAsync(ClaimsPrincipal actor, string userId, string role, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        if (!Roles.IsValid(role))
        {
            return SaveResult.Invalid("Role", "Choose Owner, Manager or Staff.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await users.FindByIdAsync(userId ?? "");
        if (user is null)
        {
            return SaveResult.Invalid("User", "That user does not exist.");
        }
        var current = (await users.GetRolesAsync(user)).FirstOrDefault();
        if (current == role)
        {
            return SaveResult.Ok;
        }
        if (current == Roles.Owner && await CountActiveOwnersAsync(db, cancellationToken) <= 1)
        {
            return SaveResult.Invalid("Role", "This is the last Owner. Make someone else an Owner first.");
        }
        if (current is not null)
        {
            await users.RemoveFromRoleAsync(user, current);
        }
        await users.AddToRoleAsync(user, role);
        await users.UpdateSecurityStampAsync(user);
        await DbTicketStore.EndAllAsync(db, user.Id, cancellationToken);
        audit.Add(db, actor, AuditEvents.RoleChanged, user.Email, $"Before: {current ?? "none"}. After: {role}");
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SaveResult.Ok;
    }

    /// <summary>
    /// Owners disable anyone but the last Owner; Managers may disable Staff. Disabling ends every session
    /// at once, and open circuits within a minute.
    /// </summary>
    public async Task<SaveResult> SetDisabledAsync(ClaimsPrincipal actor, string userId, bool disabled, CancellationToken cancellationToken = default)
    {
        var actorId = await guard.RequireAsync(actor, Policies.Manager);
        if (actorId == userId && disabled)
        {
            return SaveResult.Invalid("User", "You cannot disable your own account.");
        }
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ApplicationDbContext>();
        var users = scope.ServiceProvider.GetRequiredService<UserManager<ApplicationUser>>();
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var user = await users.FindByIdAsync(userId ?? "");
        if (user is null)
        {
            return SaveResult.Invalid("User", "That user does not exist.");
        }
        var role = (await users.GetRolesAsync(user)).FirstOrDefault();
        if (role != Roles.Staff && !actor.IsInRole(Roles.Owner))
        {
            return SaveResult.Invalid("User", "Managers can disable Staff only.");
        }
        if (disabled && role == Roles.Owner && !user.IsDisabled && await CountActiveOwnersAsync(db, cancellationToken) <= 1)
        {
            return SaveResult.Invalid("User", "This is the last Owner and cannot be disabled.");
        }
        if (user.IsDisabled == disabled)
        {
            return SaveResult.Ok;
        }
        user.IsDisabled = disabled;
        await users.UpdateAsync(user);
        await users.UpdateSecurityStampAsync(user);
        await DbTicketStore.EndAllAsync(db, user.Id, cancellationToken);
        audit.Add(db, actor, disabled ? AuditEvents.UserDisabled : AuditEvents.UserEnabled, user.Email);
        await db.SaveChangesAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return SaveResult.Ok;
    }

    private static Task<int> CountActiveOwnersAsync(ApplicationDbContext db, CancellationToken cancellationToken) =>
        (from u in db.Users
         join ur in db.UserRoles on u.Id equals ur.UserId
         join r in db.Roles on ur.RoleId equals r.Id
         where r.Name == Roles.Owner && !u.IsDisabled
         select u.Id).CountAsync(cancellationToken);

    internal static string HashToken(string token) => Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    private static string Article(string role) => role == Roles.Owner ? "an" : "a";
}
