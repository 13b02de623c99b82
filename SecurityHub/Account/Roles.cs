using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;

namespace SecurityHub.Account;

public static class Roles
{
    public const string Owner = "Owner";
    public const string Manager = "Manager";
    public const string Staff = "Staff";

    public static readonly IReadOnlyList<string> All = [Owner, Manager, Staff];

    public static bool IsValid(string? role) => role is Owner or Manager or Staff;

    public static string? Of(ClaimsPrincipal user) => All.FirstOrDefault(user.IsInRole);
}

/// <summary>Authorization policies. Pages declare them in _Imports; services check them again.</summary>
public static class Policies
{
    /// <summary>Any signed-in member of the business.</summary>
    public const string Member = nameof(Member);

    /// <summary>Owners and Managers: assign work, invite Staff, edit the inventory.</summary>
    public const string Manager = nameof(Manager);

    /// <summary>Owners only: settings, roles, audit log, jobs, outbox.</summary>
    public const string Owner = nameof(Owner);

    public static void Configure(AuthorizationOptions options)
    {
        // Every role policy also needs the second factor where the role requires one.
        var enrolled = new TwoFactor.TwoFactorEnrolledRequirement();
        options.AddPolicy(Member, p => p.RequireAuthenticatedUser().RequireRole(Roles.All).AddRequirements(enrolled));
        options.AddPolicy(Manager, p => p.RequireAuthenticatedUser().RequireRole(Roles.Owner, Roles.Manager).AddRequirements(enrolled));
        options.AddPolicy(Owner, p => p.RequireAuthenticatedUser().RequireRole(Roles.Owner).AddRequirements(enrolled));
        options.FallbackPolicy = null;
    }
}

/// <summary>Thrown by a service when the acting user lacks the policy; pages show it as "not allowed".</summary>
public sealed class AccessDeniedException(string message) : Exception(message);

/// <summary>
/// Service-side policy check: an interactive event can be forged, so hiding a button is not enough, and a
/// page or dialog may hold a principal captured minutes ago, so the check asks about the person as they
/// are now (enabled, same roles, same security stamp, live session) before it applies the policy.
/// </summary>
public sealed class AccessGuard(IAuthorizationService authorization, AccountStatus status, Microsoft.AspNetCore.Components.Authorization.AuthenticationStateProvider authenticationState)
{
    public async Task<string> RequireAsync(ClaimsPrincipal actor, string policy)
    {
        var id = actor.FindFirstValue(ClaimTypes.NameIdentifier)
            ?? throw new AccessDeniedException("You do not have permission to do that.");
        if (await status.CheckAsync(actor) is { } ended)
        {
            // On an open page the person leaves for sign-in now, told why, rather than at the next re-check.
            (authenticationState as IdentityRevalidatingAuthenticationStateProvider)?.EndNow(ended);
            throw new AccessDeniedException(AccountStatus.Explain(ended) + " Nothing was changed.");
        }
        // The principal's roles are the person's roles now (checked above), so the policy sees the truth.
        var result = await authorization.AuthorizeAsync(actor, policy);
        if (!result.Succeeded)
        {
            throw new AccessDeniedException("You do not have permission to do that.");
        }
        return id;
    }
}
