using System.Security.Claims;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Account;

/// <summary>
/// Keeps authentication tickets in the database so that sign-out, disabling a user and the absolute
/// session lifetime are enforced on the server: a replayed cookie names a session that no longer exists.
/// </summary>
public sealed class DbTicketStore(IDbContextFactory<ApplicationDbContext> factory, TimeProvider clock) : ITicketStore
{
    public static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(30);
    public static readonly TimeSpan AbsoluteLifetime = TimeSpan.FromHours(12);

    private static readonly TicketSerializer Serializer = TicketSerializer.Default;

    public async Task<string> StoreAsync(AuthenticationTicket ticket)
    {
        var id = WebEncoders.Base64UrlEncode(RandomNumberGenerator.GetBytes(32));
        SessionClaims.SetSession(ticket.Principal, id);
        var now = clock.GetUtcNow().UtcDateTime;
        var userId = ticket.Principal.FindFirstValue(ClaimTypes.NameIdentifier) ?? "";
        await using var db = await factory.CreateDbContextAsync();
        db.UserSessions.Add(new UserSession
        {
            Id = id,
            UserId = userId,
            CreatedUtc = now,
            LastSeenUtc = now,
            ExpiresUtc = Min(now + IdleTimeout, now + AbsoluteLifetime),
            Ticket = Serializer.Serialize(ticket),
        });
        await db.SaveChangesAsync();
        return id;
    }

    public async Task RenewAsync(string key, AuthenticationTicket ticket)
    {
        await using var db = await factory.CreateDbContextAsync();
        var created = await CreatedAsync(db, key, CancellationToken.None);
        if (created is null)
        {
            return;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var expires = Min(now + IdleTimeout, created.Value + AbsoluteLifetime);
        // A renewed ticket may hold a principal rebuilt from the database: it still names this session.
        SessionClaims.SetSession(ticket.Principal, key);
        var bytes = Serializer.Serialize(ticket);
        // One conditional statement: a session signed out meanwhile (another tab, an Owner) stays gone,
        // and the request that renews it does not fail over the missing row.
        await db.UserSessions.Where(s => s.Id == key).ExecuteUpdateAsync(u => u
            .SetProperty(s => s.LastSeenUtc, now)
            .SetProperty(s => s.ExpiresUtc, expires)
            .SetProperty(s => s.Ticket, bytes));
    }

    private static Task<DateTime?> CreatedAsync(ApplicationDbContext db, string key, CancellationToken cancellationToken) =>
        db.UserSessions.AsNoTracking().Where(s => s.Id == key).Select(s => (DateTime?)s.CreatedUtc).FirstOrDefaultAsync(cancellationToken);

    public async Task<AuthenticationTicket?> RetrieveAsync(string key)
    {
        await using var db = await factory.CreateDbContextAsync();
        var session = await db.UserSessions.AsNoTracking().FirstOrDefaultAsync(s => s.Id == key);
        if (session is null)
        {
            return null;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        if (now >= session.ExpiresUtc || now >= session.CreatedUtc + AbsoluteLifetime)
        {
            await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
            return null;
        }
        var ticket = Serializer.Deserialize(session.Ticket);
        if (ticket is null)
        {
            return null;
        }
        // The row is the truth: the principal names this session, and the ticket lives as long as the
        // row does (an open page's activity extends the row without a cookie round trip).
        SessionClaims.SetSession(ticket.Principal, key);
        ticket.Properties.ExpiresUtc = DateTime.SpecifyKind(session.ExpiresUtc, DateTimeKind.Utc);
        return ticket;
    }

    public async Task RemoveAsync(string key)
    {
        await using var db = await factory.CreateDbContextAsync();
        await db.UserSessions.Where(s => s.Id == key).ExecuteDeleteAsync();
    }

    /// <summary>True while the session behind an interactive circuit is still live.</summary>
    public async Task<bool> IsActiveAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.UserSessions.AnyAsync(s => s.Id == key && s.ExpiresUtc > now, cancellationToken);
    }

    /// <summary>
    /// Slides an active session's idle timeout (within the absolute lifetime) for a person who is working
    /// on an open page: interactive events make no HTTP request, so the cookie alone would never renew.
    /// Returns false when the session has already ended.
    /// </summary>
    public async Task<bool> ExtendAsync(string? key, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(key))
        {
            return false;
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var created = await CreatedAsync(db, key, cancellationToken);
        if (created is null)
        {
            return false;
        }
        var expires = Min(now + IdleTimeout, created.Value + AbsoluteLifetime);
        var extended = await db.UserSessions.Where(s => s.Id == key && s.ExpiresUtc > now)
            .ExecuteUpdateAsync(u => u.SetProperty(s => s.LastSeenUtc, now).SetProperty(s => s.ExpiresUtc, expires), cancellationToken);
        return extended == 1;
    }

    /// <summary>Ends every session of a user: used when they are disabled or their role changes.</summary>
    public static Task<int> EndAllAsync(ApplicationDbContext db, string userId, CancellationToken cancellationToken = default) =>
        db.UserSessions.Where(s => s.UserId == userId).ExecuteDeleteAsync(cancellationToken);

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;
}
