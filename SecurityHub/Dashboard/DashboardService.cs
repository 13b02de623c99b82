using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Account.TwoFactor;
using SecurityHub.Data;
using SecurityHub.Inventory;
using SecurityHub.Organization;

namespace SecurityHub.Dashboard;

public sealed record NextStep(string Title, string Why, string Href, string Action);

public sealed record DashboardSummary(OrganizationProfile? Profile, string DisplayName, int ActiveUsers, int PendingInvitations,
    IReadOnlyList<NextStep> NextSteps, AdoptionFigure TwoFactorAdoption, InventorySummary Inventory);

/// <summary>What the dashboard shows: the profile and the next steps, each worked out from real data.</summary>
public sealed class DashboardService(IDbContextFactory<ApplicationDbContext> factory, AccessGuard guard, TwoFactorService twoFactor, InventoryInsights inventory, TimeProvider clock)
{
    public async Task<DashboardSummary> GetAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        var userId = await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        var me = await db.Users.AsNoTracking().FirstAsync(u => u.Id == userId, cancellationToken);
        var activeUsers = await db.Users.CountAsync(u => !u.IsDisabled, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var pending = await db.Invitations.CountAsync(i => i.AcceptedUtc == null && i.RevokedUtc == null && i.ExpiresUtc > now, cancellationToken);
        var smtpConfigured = await db.EmailSettings.AnyAsync(s => s.SmtpHost != null && s.SmtpHost != "", cancellationToken);

        var steps = new List<NextStep>();
        var isOwner = actor.IsInRole(Roles.Owner);
        var isManager = isOwner || actor.IsInRole(Roles.Manager);
        if (!await twoFactor.IsEnrolledAsync(userId, cancellationToken))
        {
            steps.Add(new NextStep("Protect your own sign-in with a second step",
                "A stolen password alone should never open your business's security records. An authenticator app takes a minute to set up.",
                "/Account/Manage/TwoFactorAuthentication", "Set up two-factor sign-in"));
        }
        if (isOwner && profile is not null && profile.Domains.Count == 0)
        {
            steps.Add(new NextStep("Add your website",
                "List the domains your customers visit, so SecurityHub knows which sites belong to the business.",
                "/settings/business", "Edit the business profile"));
        }
        if (isManager && activeUsers + pending <= 1)
        {
            steps.Add(new NextStep("Invite your team",
                "Everyone who handles customer data should have their own account: shared logins cannot be traced or revoked.",
                "/team", "Invite someone"));
        }
        var inventorySummary = await inventory.SummaryAsync(cancellationToken);
        var held = isManager ? inventorySummary : null;
        if (held is { IsEmpty: true })
        {
            steps.Add(new NextStep("Write down what customer data you keep",
                "You can only protect what you know you have. A few questions about your business give you a first list of where customer data lives.",
                "/inventory/start", "Start the guided inventory"));
        }
        else if (held?.FindingsBySeverity.GetValueOrDefault(FindingSeverity.Critical) is > 0 and var critical)
        {
            steps.Add(new NextStep(critical == 1 ? "Fix the critical customer-data finding" : $"Fix {critical} critical customer-data findings",
                "These are the risks most likely to hurt customers in a breach, such as card numbers kept outside a payment processor or sensitive data that may not be encrypted.",
                "/inventory/findings?severity=Critical", "See what to do"));
        }
        else if (held is { Suggestions: > 0 } waiting)
        {
            steps.Add(new NextStep("Confirm the suggested customer data",
                $"{waiting.Suggestions} suggested {(waiting.Suggestions == 1 ? "entry waits" : "entries wait")} for you to confirm or delete. Until then they count in no figure.",
                "/inventory", "Review the suggestions"));
        }
        if (isOwner && !smtpConfigured)
        {
            steps.Add(new NextStep("Connect an email server",
                "Until an SMTP server is set, emails such as invitations are saved to the server's pickup folder instead of being sent.",
                "/settings/email", "Set up email"));
        }
        var adoption = await twoFactor.GetAdoptionAsync(actor, cancellationToken);
        if (isManager && adoption.Enrolled < adoption.ActiveUsers)
        {
            steps.Add(new NextStep("Get everyone on two-factor sign-in",
                $"{adoption.ActiveUsers - adoption.Enrolled} of {adoption.ActiveUsers} people still sign in with a password alone.",
                "/team", "See who"));
        }
        return new DashboardSummary(profile, string.IsNullOrWhiteSpace(me.DisplayName) ? me.Email ?? "" : me.DisplayName, activeUsers, pending, steps, adoption, inventorySummary);
    }
}

public static class DashboardExtensions
{
    public static void AddDashboard(this IHostApplicationBuilder builder) => builder.Services.AddScoped<DashboardService>();
}
