using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Organization;

public sealed record SaveResult(bool Succeeded, IReadOnlyDictionary<string, string> Errors)
{
    public static readonly SaveResult Ok = new(true, new Dictionary<string, string>());
    public static SaveResult Invalid(IReadOnlyDictionary<string, string> errors) => new(false, errors);
    public static SaveResult Invalid(string field, string message) => new(false, new Dictionary<string, string> { [field] = message });
}

public sealed class OrganizationService(IDbContextFactory<ApplicationDbContext> factory, AccessGuard guard, AuditLog audit, TimeProvider clock)
{
    /// <summary>The business profile, or null before setup.</summary>
    public async Task<OrganizationProfile?> GetAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.Organizations.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
    }

    /// <summary>Owners only. Invalid input changes nothing and returns a message per field.</summary>
    public async Task<SaveResult> UpdateAsync(ClaimsPrincipal actor, OrganizationInput input, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        var errors = OrganizationRules.Validate(input);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Organizations.FirstOrDefaultAsync(cancellationToken);
        if (profile is null)
        {
            profile = new OrganizationProfile();
            db.Organizations.Add(profile);
        }
        var before = Describe(profile);
        Apply(profile, input, clock.GetUtcNow().UtcDateTime);
        audit.Add(db, actor, AuditEvents.SettingsChanged, "Business profile", $"Before: {before}. After: {Describe(profile)}");
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    internal static void Apply(OrganizationProfile profile, OrganizationInput input, DateTime nowUtc)
    {
        profile.BusinessName = input.BusinessName.Trim();
        profile.WebsiteDomains = string.Join('\n', OrganizationRules.SplitDomains(input.WebsiteDomains));
        profile.TimeZoneId = input.TimeZoneId;
        profile.TakesCardPayments = input.TakesCardPayments;
        profile.CustomersHaveAccounts = input.CustomersHaveAccounts;
        profile.SetsUpForCustomers = input.SetsUpForCustomers;
        profile.ShipsToCustomers = input.ShipsToCustomers;
        profile.StaffCount = input.StaffCount;
        profile.RequireTwoFactorForStaff = input.RequireTwoFactorForStaff;
        profile.UpdatedUtc = nowUtc;
    }

    private static string Describe(OrganizationProfile p) =>
        $"name={p.BusinessName}; domains={string.Join(",", p.Domains)}; timezone={p.TimeZoneId}; cards={p.TakesCardPayments}; " +
        $"customer accounts={p.CustomersHaveAccounts}; " +
        $"sets up for customers={p.SetsUpForCustomers}; ships to customers={p.ShipsToCustomers}; staff={p.StaffCount}; staff 2FA={p.RequireTwoFactorForStaff}";
}
