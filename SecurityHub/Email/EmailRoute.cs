using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>Where queued email goes right now, so pages can say so truthfully ("delivered" or "only saved").</summary>
public sealed class EmailRoute(IDbContextFactory<ApplicationDbContext> factory)
{
    /// <summary>True while no SMTP server is set: messages are saved to the pickup folder and reach nobody.</summary>
    public async Task<bool> IsPickupFolderAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var host = await db.EmailSettings.AsNoTracking().Select(s => s.SmtpHost).FirstOrDefaultAsync(cancellationToken);
        return string.IsNullOrWhiteSpace(host);
    }
}
