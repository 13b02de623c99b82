using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Account;

/// <summary>
/// Identity's sign-in manager with SecurityHub's rules: disabled users cannot sign in or keep a
/// session, unknown users cost the same as known ones, failures count towards lockout, and every
/// outcome is audit-logged.
/// </summary>
public sealed class AppSignInManager(
    UserManager<ApplicationUser> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<ApplicationUser> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<ApplicationUser>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<ApplicationUser> confirmation,
    AuditLog audit,
    TimeProvider clock)
    : SignInManager<ApplicationUser>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    // A real PBKDF2 hash, verified when the user does not exist so that both answers take as long.
    private static readonly Lazy<string> DummyHash = new(() =>
        new PasswordHasher<ApplicationUser>(Microsoft.Extensions.Options.Options.Create(new PasswordHasherOptions { IterationCount = AccountsExtensions.HashIterations }))
            .HashPassword(new ApplicationUser(), Guid.NewGuid().ToString()));

    // Scoped per request: how the sign-in in progress was made, and whether it only renews a cookie.
    private string? _method;
    private bool _refreshing;

    public override async Task<bool> CanSignInAsync(ApplicationUser user) =>
        !user.IsDisabled && await base.CanSignInAsync(user);

    public override async Task<ApplicationUser?> ValidateSecurityStampAsync(ClaimsPrincipal? principal)
    {
        var user = await base.ValidateSecurityStampAsync(principal);
        return user is { IsDisabled: false } ? user : null;
    }

    public override async Task<SignInResult> PasswordSignInAsync(string userName, string password, bool isPersistent, bool lockoutOnFailure)
    {
        var user = await UserManager.FindByNameAsync(userName ?? "");
        if (user is null)
        {
            UserManager.PasswordHasher.VerifyHashedPassword(new ApplicationUser(), DummyHash.Value, password ?? "");
            // Whoever typed it is anonymous: the typed address is what they tried, never who they are.
            await audit.WriteAsync(AuditEvents.SignInFailed, actorEmail: AuditLog.Anonymous, target: Truncate(userName), details: "Unknown account");
            return SignInResult.Failed;
        }

        // A locked or disabled account is refused before Identity looks at the password; verify a hash
        // anyway so that the answer takes as long as for a wrong password or an unknown account.
        if (user.IsDisabled || await UserManager.IsLockedOutAsync(user))
        {
            UserManager.PasswordHasher.VerifyHashedPassword(user, user.PasswordHash ?? DummyHash.Value, password ?? "");
        }

        // Lockout always counts here, whatever the caller asked for.
        var result = await base.PasswordSignInAsync(user, password!, isPersistent, lockoutOnFailure: true);
        await AuditResultAsync(user, result, "password");
        return result;
    }

    public override async Task<SignInResult> TwoFactorAuthenticatorSignInAsync(string code, bool isPersistent, bool rememberClient)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorAuthenticatorSignInAsync(code, isPersistent, rememberClient);
        if (user is not null)
        {
            await AuditResultAsync(user, result, "authenticator code");
        }
        return result;
    }

    public override async Task<SignInResult> PasskeySignInAsync(string credentialJson)
    {
        SignInResult result;
        _method = SessionClaims.Passkey;
        try
        {
            result = await base.PasskeySignInAsync(credentialJson);
        }
        finally
        {
            _method = null;
        }
        if (result.Succeeded)
        {
            // The session's principal names the user once the passkey was accepted.
            var user = await UserManager.GetUserAsync(Context.User);
            await audit.WriteAsync(AuditEvents.SignedIn, actorUserId: user?.Id, actorEmail: user?.Email, details: "With passkey");
        }
        else
        {
            await audit.WriteAsync(AuditEvents.SignInFailed, details: result.IsLockedOut ? "Passkey for a locked account" : "Passkey refused");
        }
        return result;
    }

    public override async Task<SignInResult> TwoFactorRecoveryCodeSignInAsync(string recoveryCode)
    {
        var user = await GetTwoFactorAuthenticationUserAsync();
        var result = await base.TwoFactorRecoveryCodeSignInAsync(recoveryCode);
        if (user is not null)
        {
            await AuditResultAsync(user, result, "recovery code");
        }
        return result;
    }

    public override async Task SignInWithClaimsAsync(ApplicationUser user, AuthenticationProperties? authenticationProperties, IEnumerable<Claim> additionalClaims)
    {
        // A fresh session must not carry over "remember me" beyond the absolute lifetime.
        authenticationProperties ??= new AuthenticationProperties();
        authenticationProperties.IsPersistent = false;
        var claims = additionalClaims.Where(c => c.Type != SessionClaims.Method).ToList();
        // How this session signed in decides whether a passkey is its second factor (TwoFactorGate).
        var method = _method ?? (claims.Any(c => c.Type == "amr" && c.Value == "mfa") ? SessionClaims.TwoFactor : SessionClaims.Password);
        claims.Add(new Claim(SessionClaims.Method, method));
        if (!_refreshing)
        {
            user.LastSignInUtc = clock.GetUtcNow().UtcDateTime;
            await UserManager.UpdateAsync(user);
        }
        await base.SignInWithClaimsAsync(user, authenticationProperties, claims);
    }

    /// <summary>Renews this browser's cookie after the person changed their own account; how they signed in stays.</summary>
    public override async Task RefreshSignInAsync(ApplicationUser user)
    {
        var current = await Context.AuthenticateAsync(IdentityConstants.ApplicationScheme);
        _method = current.Principal?.FindFirstValue(SessionClaims.Method);
        _refreshing = true;
        try
        {
            await base.RefreshSignInAsync(user);
        }
        finally
        {
            _method = null;
            _refreshing = false;
        }
    }

    public override async Task SignOutAsync()
    {
        var userId = Context.User.FindFirstValue(ClaimTypes.NameIdentifier);
        var email = Context.User.Identity?.Name;
        await base.SignOutAsync();
        if (userId is not null)
        {
            await audit.WriteAsync(AuditEvents.SignedOut, actorUserId: userId, actorEmail: email);
        }
    }

    private async Task AuditResultAsync(ApplicationUser user, SignInResult result, string method)
    {
        if (result.Succeeded)
        {
            await audit.WriteAsync(AuditEvents.SignedIn, actorUserId: user.Id, actorEmail: user.Email, details: $"With {method}");
        }
        else if (result.IsLockedOut)
        {
            await audit.WriteAsync(AuditEvents.LockedOut, actorUserId: user.Id, actorEmail: user.Email, details: $"Locked after failed {method}");
        }
        else if (!result.RequiresTwoFactor)
        {
            await audit.WriteAsync(AuditEvents.SignInFailed, actorUserId: user.Id, actorEmail: user.Email,
                details: result.IsNotAllowed ? "Account disabled" : $"Wrong {method}");
        }
    }

    private static string? Truncate(string? value) => value is { Length: > 256 } ? value[..256] : value;
}
