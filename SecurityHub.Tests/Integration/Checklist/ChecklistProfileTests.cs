using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Checklist;
using SecurityHub.Organization;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Checklist;

/// <summary>The profile's two questions for the checklist: saved, audited, and deciding whether controls 17 and 18 apply.</summary>
public class ChecklistProfileTests
{
    [Fact]
    public async Task UpdateProfile_SetsUpAndShipsForCustomers_SavedAuditedAndControlsApply()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync("owner@example.com", Roles.Owner);
        var owner = await app.PrincipalForAsync("owner@example.com");
        var checklist = app.GetServiceInScope<ChecklistService>();
        bool Applies(ChecklistResult r, string id) => r.Controls.Single(c => c.Control.Id == id).Applies;
        var before = await checklist.GetAsync(owner);
        Assert.False(Applies(before, ControlCatalog.CustomerCredentials));
        Assert.False(Applies(before, ControlCatalog.CustomerUpdates));

        var input = OrganizationInput.From((await app.GetServiceInScope<OrganizationService>().GetAsync())!);
        input.SetsUpForCustomers = true;
        input.ShipsToCustomers = true;
        var result = await app.GetServiceInScope<OrganizationService>().UpdateAsync(owner, input);

        Assert.True(result.Succeeded, string.Join(" ", result.Errors.Values));
        await using var db = await app.CreateDbContextAsync();
        var profile = await db.Organizations.SingleAsync();
        Assert.True(profile.SetsUpForCustomers);
        Assert.True(profile.ShipsToCustomers);
        var audited = await db.AuditEvents.SingleAsync(e => e.EventType == AuditEvents.SettingsChanged);
        Assert.Contains("sets up for customers=False", audited.Details!.Split("After:")[0], StringComparison.Ordinal);
        Assert.Contains("sets up for customers=True; ships to customers=True", audited.Details.Split("After:")[1], StringComparison.Ordinal);
        var after = await checklist.GetAsync(owner);
        Assert.True(Applies(after, ControlCatalog.CustomerCredentials));
        Assert.True(Applies(after, ControlCatalog.CustomerUpdates));
        // Controls 17 and 18 (5 points each), and security testing (4), which a business shipping software needs even without a website.
        Assert.True(Applies(after, ControlCatalog.SecurityTesting));
        Assert.Equal(before.Score.Possible + 14, after.Score.Possible);
    }
}
