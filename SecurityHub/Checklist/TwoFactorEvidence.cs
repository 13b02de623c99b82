using Microsoft.EntityFrameworkCore;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Data;

namespace SecurityHub.Checklist;

/// <summary>Control 5 from the adoption figure: the share of active people with an authenticator app or a passkey.</summary>
public sealed class TwoFactorEvidence(IDbContextFactory<ApplicationDbContext> factory, TimeProvider clock) : IControlEvidence
{
    public async Task<IReadOnlyList<EvidenceReading>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var adoption = await TwoFactorService.CountAdoptionAsync(db, cancellationToken);
        var missing = adoption.ActiveUsers - adoption.Enrolled;
        var explanation = adoption.ActiveUsers == 0 ? "Nobody signs in yet."
            : missing == 0 ? $"All {adoption.ActiveUsers} people who sign in use two-factor sign-in."
            : $"{adoption.Enrolled} of {adoption.ActiveUsers} people who sign in use two-factor sign-in; {missing} still sign in with a password alone.";
        return [new(ControlCatalog.TeamTwoFactor, adoption.Share, explanation, clock.GetUtcNow().UtcDateTime)];
    }
}
