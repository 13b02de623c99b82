using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Checklist;
using SecurityHub.Inventory;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Checklist;

/// <summary>The checklist on a real database: automatic controls follow the evidence, and only Owners and Managers change statuses, validated and audited.</summary>
public class ChecklistServiceTests
{
    private const string Owner = "owner@example.com";
    private const string Staff = "staff@example.com";

    [Fact]
    public async Task Score_UnencryptedRestrictedItem_DropsAndRisesWhenFixed()
    {
        using var app = new AppFactory();
        var owner = await SeedOwnerAsync(app);
        var inventory = app.GetServiceInScope<InventoryService>();
        var checklist = app.GetServiceInScope<ChecklistService>();
        var crm = new SystemInput
        {
            Name = "Customer CRM", Type = SystemType.Crm, EncryptedAtRest = Answer.No, AdminTwoFactor = Answer.Yes, DefaultPasswordsChanged = Answer.Yes,
            Updates = UpdatePolicy.Automatic,
        };
        Assert.True((await inventory.SaveSystemAsync(owner, crm)).Succeeded);
        Assert.True((await inventory.SaveItemAsync(owner, new DataItemInput
        {
            SystemId = crm.Id, Category = DataCategory.EmailAddresses, Purpose = "Order updates",
            Retention = new RetentionRule(RetentionTrigger.AfterLastPurchase, 3, RetentionUnit.Years),
        })).Succeeded);
        var before = await checklist.GetAsync(owner);
        Assert.Equal(8, Control(before, ControlCatalog.EncryptionAtRest).Earned);

        var health = new DataItemInput
        {
            SystemId = crm.Id, Category = DataCategory.HealthInformation, Purpose = "Allergies",
            Retention = new RetentionRule(RetentionTrigger.AfterLastPurchase, 3, RetentionUnit.Years),
        };
        Assert.True((await inventory.SaveItemAsync(owner, health)).Succeeded);
        var exposed = await checklist.GetAsync(owner);

        Assert.Equal(0, Control(exposed, ControlCatalog.EncryptionAtRest).Earned);
        Assert.Contains("1 high or restricted data item of 1", Control(exposed, ControlCatalog.EncryptionAtRest).Explanation, StringComparison.Ordinal);
        Assert.True(exposed.Score.Earned < before.Score.Earned);
        Assert.Contains(exposed.Score.NextActions, a => a.ControlId == ControlCatalog.EncryptionAtRest);

        crm.EncryptedAtRest = Answer.Yes;
        Assert.True((await inventory.SaveSystemAsync(owner, crm)).Succeeded);
        var fixedUp = await checklist.GetAsync(owner);

        Assert.Equal(8, Control(fixedUp, ControlCatalog.EncryptionAtRest).Earned);
        Assert.True(fixedUp.Score.Earned > exposed.Score.Earned);
        Assert.DoesNotContain(fixedUp.Score.NextActions, a => a.ControlId == ControlCatalog.EncryptionAtRest);
    }

    [Fact]
    public async Task Score_CertificateExpires_HttpsControlDrops()
    {
        using var app = new AppFactory();
        var owner = await SeedOwnerAsync(app);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await app.CreateDbContextAsync())
        {
            var profile = await db.Organizations.SingleAsync();
            profile.WebsiteDomains = "bakery.example";
            var endpoint = new CertificateEndpoint
            {
                Host = "bakery.example", CreatedUtc = now, LastCheckedUtc = now, LastStatus = CertificateStatus.Ok, NotAfterUtc = now.AddDays(30), DaysLeft = 30,
            };
            db.CertificateEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            db.CertificateChecks.Add(new CertificateCheck
            {
                EndpointId = endpoint.Id, CheckedUtc = now, Status = CertificateStatus.Ok, Protocol = "TLS 1.3", NotAfterUtc = now.AddDays(30), DaysLeft = 30,
                RedirectsToHttps = true, SendsHsts = true, Message = "OK",
            });
            await db.SaveChangesAsync();
        }
        var checklist = app.GetServiceInScope<ChecklistService>();

        var valid = Control(await checklist.GetAsync(owner), ControlCatalog.Https);
        Assert.Equal(10, valid.Earned);
        Assert.Equal(now, valid.Evidence!.VerifiedUtc);

        // Days pass: the sign-in of day one has ended, so the owner signs in again.
        app.Clock.Advance(TimeSpan.FromDays(20));
        owner = await app.PrincipalForAsync(Owner);
        var expiring = Control(await checklist.GetAsync(owner), ControlCatalog.Https);
        Assert.Equal(0, expiring.Earned);
        Assert.Contains("expires within 14 days", expiring.Explanation, StringComparison.Ordinal);

        app.Clock.Advance(TimeSpan.FromDays(11));
        owner = await app.PrincipalForAsync(Owner);
        var expired = await checklist.GetAsync(owner);
        Assert.Equal(0, Control(expired, ControlCatalog.Https).Earned);
        Assert.Contains("has expired", Control(expired, ControlCatalog.Https).Explanation, StringComparison.Ordinal);
        Assert.Equal(ControlCatalog.Https, expired.Score.NextActions[0].ControlId);
    }

    [Theory]
    [InlineData("TLS 1.3", true, true, 10, "redirect and HSTS")]
    [InlineData("TLS 1.2", true, false, 9, "does not send HSTS")]
    [InlineData("TLS 1.2", false, false, 8, "does not redirect http to https")]
    [InlineData("TLS 1.1", true, true, 0, "older than TLS 1.2")]
    public async Task Score_WebsiteChecks_PartialCreditForRedirectAndHsts(string protocol, bool redirects, bool hsts, double points, string explained)
    {
        using var app = new AppFactory();
        var owner = await SeedOwnerAsync(app);
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await app.CreateDbContextAsync())
        {
            (await db.Organizations.SingleAsync()).WebsiteDomains = "bakery.example";
            var endpoint = new CertificateEndpoint
            {
                Host = "bakery.example", CreatedUtc = now, LastCheckedUtc = now, LastStatus = CertificateStatus.Ok, NotAfterUtc = now.AddDays(90), DaysLeft = 90,
            };
            db.CertificateEndpoints.Add(endpoint);
            await db.SaveChangesAsync();
            db.CertificateChecks.Add(new CertificateCheck
            {
                EndpointId = endpoint.Id, CheckedUtc = now, Status = CertificateStatus.Ok, Protocol = protocol, NotAfterUtc = now.AddDays(90), DaysLeft = 90,
                RedirectsToHttps = redirects, SendsHsts = hsts, Message = "OK",
            });
            await db.SaveChangesAsync();
        }

        var https = Control(await app.GetServiceInScope<ChecklistService>().GetAsync(owner), ControlCatalog.Https);

        Assert.Equal(points, https.Earned, 6);
        Assert.Contains(explained, https.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_EmptyInventory_InventoryControlsSayWhatIsMissing()
    {
        using var app = new AppFactory();
        var owner = await SeedOwnerAsync(app);

        var result = await app.GetServiceInScope<ChecklistService>().GetAsync(owner);

        var inventory = Control(result, ControlCatalog.Inventory);
        Assert.Equal(0, inventory.Earned);
        Assert.Contains("inventory is empty", inventory.Explanation, StringComparison.Ordinal);
        Assert.Equal(0, Control(result, ControlCatalog.EncryptionAtRest).Earned);
        // The test bakery lists no website, so the HTTPS control says it does not apply rather than that nothing is watched.
        Assert.False(Control(result, ControlCatalog.Https).Applies);
        Assert.Contains("lists a website", Control(result, ControlCatalog.Https).Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Score_TeamTwoFactor_FollowsAdoption()
    {
        using var app = new AppFactory();
        var owner = await SeedOwnerAsync(app);
        await app.SeedUserAsync(Staff, Roles.Staff, enrollTwoFactor: false);

        var twoFactor = Control(await app.GetServiceInScope<ChecklistService>().GetAsync(owner), ControlCatalog.TeamTwoFactor);

        Assert.Equal(4, twoFactor.Earned);
        Assert.Contains("1 of 2 people", twoFactor.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SetStatus_Staff_IsRefusedAndChangesNothing()
    {
        using var app = new AppFactory();
        await SeedOwnerAsync(app);
        await app.SeedUserAsync(Staff, Roles.Staff);
        var staff = await app.PrincipalForAsync(Staff);
        var checklist = app.GetServiceInScope<ChecklistService>();

        await Assert.ThrowsAsync<AccessDeniedException>(() => checklist.SetStatusAsync(staff,
            new ControlStatusInput { ControlId = ControlCatalog.BreachPlan, State = ControlState.Implemented, EvidenceNotes = "Plan in the office drawer" }));

        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.ChecklistStatuses.ToListAsync());
        Assert.Empty(await db.AuditEvents.Where(e => e.EventType.StartsWith("checklist.")).ToListAsync());
        // Staff still read the checklist.
        Assert.Equal(18, (await checklist.GetAsync(staff)).Controls.Count);
        await Assert.ThrowsAsync<AccessDeniedException>(() => checklist.GetAsync(new ClaimsPrincipal(new ClaimsIdentity())));
    }

    public static TheoryData<string, string> BadInputs => new()
    {
        { "unknown control", "There is no such control" },
        { "automatic control", "works this control out from what it sees" },
        { "risk without reason", "Say why the risk is accepted" },
        { "risk without who", "Say who accepts the risk" },
        { "risk ended yesterday", "The end date is in the past" },
        { "risk without end", "a risk is accepted for a while" },
        { "risk for ever", "at most 3 years" },
        { "huge notes", "Keep this under 2000 characters (it has 100,000)" },
        { "huge reason", "Keep this under 1000 characters" },
        { "not applicable without reason", "does not apply to your business" },
        { "alternative without reason", "Explain what you do instead" },
        { "planned without date", "Give the date you plan" },
        { "evidence from the future", "cannot be in the future" },
        { "unknown state", "Choose one of the statuses" },
        { "attested control not applicable", "cannot be marked not applicable" },
    };

    [Theory]
    [MemberData(nameof(BadInputs))]
    public async Task SetStatus_BadInput_ExplainsAndSavesNothing(string name, string message)
    {
        using var app = new AppFactory();
        var owner = await SeedOwnerAsync(app);
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        ControlStatusInput Risk() => new()
        {
            ControlId = ControlCatalog.SecurityTesting, State = ControlState.RiskAccepted, Reason = "No budget", AcceptedBy = "Olive", AcceptedUntil = today.AddMonths(3),
        };
        var input = name switch
        {
            "unknown control" => new ControlStatusInput { ControlId = "<script>", State = ControlState.Implemented },
            "automatic control" => new ControlStatusInput { ControlId = ControlCatalog.Https, State = ControlState.Implemented },
            "risk without reason" => With(Risk(), i => i.Reason = "   "),
            "risk without who" => With(Risk(), i => i.AcceptedBy = ""),
            "risk ended yesterday" => With(Risk(), i => i.AcceptedUntil = today.AddDays(-1)),
            "risk without end" => With(Risk(), i => i.AcceptedUntil = null),
            "risk for ever" => With(Risk(), i => i.AcceptedUntil = today.AddYears(10)),
            "huge notes" => new ControlStatusInput { ControlId = ControlCatalog.BreachPlan, State = ControlState.Implemented, EvidenceNotes = new string('n', 100_000) },
            "huge reason" => With(Risk(), i => i.Reason = new string('r', 5000)),
            "not applicable without reason" => new ControlStatusInput { ControlId = ControlCatalog.SecurityTesting, State = ControlState.NotApplicable },
            "alternative without reason" => new ControlStatusInput { ControlId = ControlCatalog.PasswordManager, State = ControlState.AlternativeMitigation },
            "planned without date" => new ControlStatusInput { ControlId = ControlCatalog.Training, State = ControlState.Planned },
            "evidence from the future" => new ControlStatusInput { ControlId = ControlCatalog.Training, State = ControlState.Implemented, EvidenceDate = today.AddDays(1) },
            "unknown state" => new ControlStatusInput { ControlId = ControlCatalog.Training, State = (ControlState)42 },
            "attested control not applicable" => new ControlStatusInput { ControlId = ControlCatalog.DefaultPasswords, State = ControlState.NotApplicable, Reason = "x" },
            _ => throw new ArgumentOutOfRangeException(nameof(name)),
        };

        var result = await app.GetServiceInScope<ChecklistService>().SetStatusAsync(owner, input);

        Assert.False(result.Succeeded);
        Assert.Contains(result.Errors.Values, e => e.Contains(message, StringComparison.Ordinal));
        await using var db = await app.CreateDbContextAsync();
        Assert.Empty(await db.ChecklistStatuses.ToListAsync());
        Assert.Empty(await db.AuditEvents.Where(e => e.EventType.StartsWith("checklist.")).ToListAsync());
    }

    [Fact]
    public async Task SetStatus_OwnerAndManager_SavedScoredAndAuditedWithBeforeAndAfter()
    {
        using var app = new AppFactory();
        var owner = await SeedOwnerAsync(app);
        await app.SeedUserAsync("manager@example.com", Roles.Manager);
        var manager = await app.PrincipalForAsync("manager@example.com");
        var checklist = app.GetServiceInScope<ChecklistService>();
        var today = DateOnly.FromDateTime(app.Clock.GetUtcNow().UtcDateTime);
        var before = await checklist.GetAsync(owner);

        var done = await checklist.SetStatusAsync(owner, new ControlStatusInput
        {
            ControlId = ControlCatalog.BreachPlan, State = ControlState.Implemented, EvidenceNotes = "One page, in the office drawer; contacts checked",
        });
        Assert.True(done.Succeeded, string.Join(" ", done.Errors.Values));
        var after = await checklist.GetAsync(owner);
        Assert.Equal(before.Score.Earned + 6, after.Score.Earned, 6);
        Assert.Equal(today, Control(after, ControlCatalog.BreachPlan).Status!.EvidenceDate);

        var accepted = await checklist.SetStatusAsync(manager, new ControlStatusInput
        {
            ControlId = ControlCatalog.BreachPlan, State = ControlState.RiskAccepted, Reason = "Rewriting it after the move", AcceptedBy = "Olive",
            AcceptedUntil = today.AddDays(10),
        });
        Assert.True(accepted.Succeeded, string.Join(" ", accepted.Errors.Values));
        Assert.Equal(before.Score.Earned, (await checklist.GetAsync(owner)).Score.Earned, 6);

        await using var db = await app.CreateDbContextAsync();
        var events = await db.AuditEvents.Where(e => e.EventType == ChecklistAuditEvents.StatusChanged).OrderBy(e => e.Id).ToListAsync();
        Assert.Equal(2, events.Count);
        Assert.Equal(Owner, events[0].ActorEmail);
        Assert.Contains("Breach response plan", events[0].Target, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("Status: 'Not started' -> 'Implemented'", events[0].Details, StringComparison.Ordinal);
        Assert.Contains("Evidence notes: (empty) -> 'One page, in the office drawer; contacts checked'", events[0].Details, StringComparison.Ordinal);
        Assert.Equal("manager@example.com", events[1].ActorEmail);
        Assert.Contains("Status: 'Implemented' -> 'Risk accepted'", events[1].Details, StringComparison.Ordinal);
        Assert.Contains("Accepted by: (empty) -> 'Olive'", events[1].Details, StringComparison.Ordinal);

        // The day after the end date the control counts as Not started again; the recorded decision stays as it was.
        app.Clock.Advance(TimeSpan.FromDays(11));
        owner = await app.PrincipalForAsync(Owner);
        var row = await db.ChecklistStatuses.AsNoTracking().SingleAsync();
        Assert.Equal(ControlState.NotStarted, Control(await checklist.GetAsync(owner), ControlCatalog.BreachPlan).State);
        Assert.Equal(ControlState.RiskAccepted, row.State);
    }

    private static ControlStatusInput With(ControlStatusInput input, Action<ControlStatusInput> change)
    {
        change(input);
        return input;
    }

    private static ControlResult Control(ChecklistResult result, string id) => result.Controls.Single(c => c.Control.Id == id);

    private static async Task<ClaimsPrincipal> SeedOwnerAsync(AppFactory app)
    {
        await app.SeedUserAsync(Owner, Roles.Owner, name: "Olive Owner");
        return await app.PrincipalForAsync(Owner);
    }
}
