using System.Globalization;
using Microsoft.AspNetCore.Identity;
using SecurityHub.Data;

namespace SecurityHub.Account.TwoFactor;

/// <summary>
/// Authenticator-app codes with a window of at most one step either side (Identity accepts two) and no
/// replay: the last accepted time step is stored, and a code for it or an earlier step is refused.
/// </summary>
public sealed class StrictAuthenticatorTokenProvider(TimeProvider clock) : IUserTwoFactorTokenProvider<ApplicationUser>
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
                await manager.SetAuthenticationTokenAsync(user, LoginProvider, LastStepToken, step.ToString(CultureInfo.InvariantCulture));
                return true;
            }
        }
        return false;
    }
}
