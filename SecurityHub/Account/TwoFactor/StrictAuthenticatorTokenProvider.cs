using System.Globalization;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Account.TwoFactor;

/// <summary>
/// Authenticator-app codes with a window of at most one step either side (Identity accepts two) and no
/// replay: the last accepted time step is stored, and a code for it or an earlier step is refused. The
/// step is claimed with one conditional write, so the same code posted at once in several requests
/// signs in one of them only.
/// </summary>
public sealed class StrictAuthenticatorTokenProvider(TimeProvider clock, IDbContextFactory<ApplicationDbContext> factory) : IUserTwoFactorTokenProvider<ApplicationUser>
{
    public const string ProviderName = "SecurityHubAuthenticator";
    private const string LoginProvider = "SecurityHub";
    private const string LastStepToken = "LastTotpStep";

    public async Task<bool> CanGenerateTwoFactorTokenAsync(UserManager<ApplicationUser> manager, ApplicationUser user) =>
        !string.IsNullOrWhiteSpace(await manager.GetAuthenticatorKeyAsync(user));

    // Codes come from the user's app, never from the server.
    public Task<string> GenerateAsync(string purpose, UserManager<ApplicationUser> manager, ApplicationUser user) => Task.FromResult(string.Empty);

    public async Task<bool> ValidateAsync(string purpose, string token, UserManager<ApplicationUser> manager, ApplicationUser user)
    {
        var digits = new string((token ?? "").Where(c => c is not (' ' or '-')).ToArray());
        if (digits.Length != 6 || !int.TryParse(digits, NumberStyles.None, CultureInfo.InvariantCulture, out var code))
        {
            return false;
        }
        var key = Totp.DecodeBase32(await manager.GetAuthenticatorKeyAsync(user) ?? "");
        if (key is null || key.Length == 0)
        {
            return false;
        }
        var lastText = await manager.GetAuthenticationTokenAsync(user, LoginProvider, LastStepToken);
        var last = long.TryParse(lastText, NumberStyles.None, CultureInfo.InvariantCulture, out var parsed) ? parsed : long.MinValue;
        var now = Totp.StepAt(clock.GetUtcNow());
        for (var step = now - 1; step <= now + 1; step++)
        {
            if (step > last && Totp.Compute(key, step) == code)
            {
                return await ClaimStepAsync(user.Id, step);
            }
        }
        return false;
    }

    /// <summary>Records the step as used unless this or a later one already is; true when this call claimed it.</summary>
    private async Task<bool> ClaimStepAsync(string userId, long step)
    {
        await using var db = await factory.CreateDbContextAsync();
        var value = step.ToString(CultureInfo.InvariantCulture);
        var claimed = await db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO "AspNetUserTokens" ("UserId", "LoginProvider", "Name", "Value") VALUES ({userId}, {LoginProvider}, {LastStepToken}, {value})
            ON CONFLICT ("UserId", "LoginProvider", "Name") DO UPDATE SET "Value" = excluded."Value"
            WHERE CAST("AspNetUserTokens"."Value" AS INTEGER) < CAST(excluded."Value" AS INTEGER)
            """);
        return claimed == 1;
    }
}
