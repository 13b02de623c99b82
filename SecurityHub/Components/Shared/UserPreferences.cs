using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Components.Shared;

/// <summary>Per-user display preferences: the theme ("system" until the person picks light or dark).</summary>
public sealed class UserPreferences(IDbContextFactory<ApplicationDbContext> factory)
{
    public async Task<string> GetThemeAsync(ClaimsPrincipal user, CancellationToken cancellationToken = default)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null)
        {
            return UserThemes.System;
        }
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var theme = await db.Users.Where(u => u.Id == id).Select(u => u.Theme).FirstOrDefaultAsync(cancellationToken);
        return UserThemes.IsKnown(theme) ? theme! : UserThemes.System;
    }

    public async Task SetThemeAsync(ClaimsPrincipal user, string theme, CancellationToken cancellationToken = default)
    {
        var id = user.FindFirstValue(ClaimTypes.NameIdentifier);
        if (id is null || !UserThemes.IsKnown(theme))
        {
            return;
        }
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await db.Users.Where(u => u.Id == id).ExecuteUpdateAsync(s => s.SetProperty(u => u.Theme, theme), cancellationToken);
    }
}
