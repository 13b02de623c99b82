using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.Extensions.Options;
using SecurityHub.Data;

namespace SecurityHub.Account;

// Re-checks the user of every interactive circuit once a minute (the template waits 30 minutes): a disabled
// user, a changed role or security stamp, or an ended session closes the circuit's access, and the reason is
// kept so the sign-in page can say why. A person working on the page keeps their session alive.
internal sealed class IdentityRevalidatingAuthenticationStateProvider(
        ILoggerFactory loggerFactory,
        AccountStatus status,
        CircuitActivity activity,
        IOptions<SecurityHubOptions> appOptions)
    : RevalidatingServerAuthenticationStateProvider(loggerFactory)
{
    protected override TimeSpan RevalidationInterval => TimeSpan.FromSeconds(appOptions.Value.CircuitRevalidationSeconds);

    /// <summary>Why this circuit lost its user, once a re-check has failed.</summary>
    public AccessEnd? EndReason { get; private set; }

    /// <summary>
    /// Ends this circuit's sign-in at once (a service check found the person's access gone), rather than at
    /// the next re-check: the page then leaves for sign-in with the reason. Does nothing outside a circuit.
    /// </summary>
    public void EndNow(AccessEnd reason)
    {
        if (EndReason is not null || !HasState())
        {
            return;
        }
        EndReason = reason;
        SetAuthenticationState(Task.FromResult(new AuthenticationState(new System.Security.Claims.ClaimsPrincipal(new System.Security.Claims.ClaimsIdentity()))));
    }

    private bool HasState()
    {
        try
        {
            // Set by the hub when a circuit starts (and by static rendering); unset in any other scope.
            _ = GetAuthenticationStateAsync();
            return true;
        }
        catch (InvalidOperationException)
        {
            return false;
        }
    }

    protected override async Task<bool> ValidateAuthenticationStateAsync(
        AuthenticationState authenticationState, CancellationToken cancellationToken)
    {
        var reason = await status.CheckAsync(authenticationState.User, slideSession: activity.TakeActivity(), cancellationToken);
        EndReason = reason;
        return reason is null;
    }
}

/// <summary>
/// Whether the person did anything on this circuit since the last re-check (clicks and typing arrive as
/// circuit messages, not HTTP requests, so the sign-in cookie never sees them).
/// </summary>
internal sealed class CircuitActivity
{
    private int _active;

    public void Record() => Volatile.Write(ref _active, 1);

    /// <summary>True once per stretch of activity: reading it starts the next stretch.</summary>
    public bool TakeActivity() => Interlocked.Exchange(ref _active, 0) == 1;
}

internal sealed class CircuitActivityHandler(CircuitActivity activity) : CircuitHandler
{
    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        context =>
        {
            activity.Record();
            return next(context);
        };
}
