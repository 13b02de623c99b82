using SecurityHub.Audit;
using SecurityHub.Certificates;
using SecurityHub.Inventory;

namespace SecurityHub.Tests.Unit.Audit;

public class AuditSentencesTests
{
    private static readonly Dictionary<string, string> Names = new(StringComparer.OrdinalIgnoreCase)
    {
        ["robin@bakery.example"] = "Robin",
        ["sam@bakery.example"] = "Sam",
        ["james@bakery.example"] = "James",
    };

    private static string Say(string type, string? actor = "robin@bakery.example", string? target = null, string? details = null) =>
        AuditSentences.Describe(new AuditEvent { EventType = type, ActorEmail = actor, Target = target, Details = details }, Names).Text;

    [Theory]
    [InlineData(AuditEvents.RoleChanged, "sam@bakery.example", "Before: Staff. After: Manager", "Robin changed Sam's role from Staff to Manager")]
    [InlineData(AuditEvents.RoleChanged, "james@bakery.example", "Before: Manager. After: Owner", "Robin changed James' role from Manager to Owner")]
    [InlineData(AuditEvents.InvitationSent, "new@bakery.example", "Role: Staff", "Robin invited new@bakery.example as Staff")]
    [InlineData(AuditEvents.InvitationRevoked, "new@bakery.example", null, "Robin withdrew the invitation to new@bakery.example")]
    [InlineData(AuditEvents.UserDisabled, "sam@bakery.example", null, "Robin turned off Sam's account (signed out everywhere)")]
    [InlineData(AuditEvents.UserEnabled, "sam@bakery.example", null, "Robin turned Sam's account back on")]
    [InlineData(AuditEvents.TwoFactorReset, "sam@bakery.example", "Authenticator, recovery codes and passkeys removed; must enrol again", "Robin reset Sam's two-factor sign-in; they must set it up again")]
    [InlineData(AuditEvents.TwoFactorReset, "robin@bakery.example", "Own authenticator key reset", "Robin reset their authenticator key")]
    [InlineData(AuditEvents.SignedIn, null, "With authenticator code", "Robin signed in with authenticator code")]
    [InlineData(AuditEvents.SignInFailed, null, "Wrong password", "A sign-in as Robin failed (wrong password)")]
    [InlineData(AuditEvents.LockedOut, null, "Locked after failed password", "Robin's account was locked for a while after failed sign-ins, the last with a wrong password")]
    [InlineData(AuditEvents.SettingsChanged, "Business profile", "Before: x. After: y", "Robin changed the business profile")]
    [InlineData(AuditEvents.JobTriggered, "Email relay", null, "Robin ran the job \u201cEmail relay\u201d by hand")]
    [InlineData(CertificateAuditEvents.EndpointSaved, "shop.example:443", "added; no inventory system", "Robin started watching the certificate of shop.example:443")]
    [InlineData(CertificateAuditEvents.InternalHostsChanged, "Allow internal hosts", "before: off, after: on (configuration x: off)", "Robin allowed certificate checks of internal addresses")]
    [InlineData(InventoryAuditEvents.SystemAdded, "system \"Till\"", "", "Robin added system \"Till\" to the customer data inventory")]
    public void Describe_KnownEvent_ReadsAsASentence(string type, string? target, string? details, string expected) =>
        Assert.Equal(expected, Say(type, target: target, details: details));

    [Fact]
    public void Describe_UnknownAccount_SaysWhoWasTypedWithoutBlamingAnyone() =>
        Assert.Equal("Someone tried to sign in as eve@elsewhere.example, an account that does not exist",
            Say(AuditEvents.SignInFailed, AuditLog.Anonymous, "eve@elsewhere.example", "Unknown account"));

    [Fact]
    public void Describe_AnonymousSetupCode_IsSomeoneNotSignedIn() =>
        Assert.Equal("Someone who was not signed in entered a wrong or used setup code", Say(AuditEvents.SetupCodeRejected, AuditLog.Anonymous));

    [Fact]
    public void Describe_PersonWithoutAName_ShowsTheirAddressAsItIs() =>
        Assert.Equal("new@bakery.example changed their password", Say(AuditEvents.PasswordChanged, "new@bakery.example"));

    [Fact]
    public void Describe_NoActorRecorded_StartsWithSomeone() =>
        Assert.Equal("SecurityHub was set up (demo business created)", Say(AuditEvents.Setup, actor: null, details: "Demo business created"));

    [Fact]
    public void Describe_UnknownType_KeepsTheCodeAndTarget() =>
        Assert.Equal("Robin: billing.thing (invoice 7)", Say("billing.thing", target: "invoice 7"));

    [Fact]
    public void Describe_People_AreMarkedSoTheyNeverBreak()
    {
        var sentence = AuditSentences.Describe(new AuditEvent
        {
            EventType = AuditEvents.RoleChanged,
            ActorEmail = "robin@bakery.example",
            Target = "new@bakery.example",
            Details = "Before: Staff. After: Manager",
        }, Names);

        Assert.Equal(["Robin", "new@bakery.example"], sentence.Parts.Where(p => p.IsPerson).Select(p => p.Text));
    }

    [Fact]
    public void Label_EveryKnownType_IsPlainWords()
    {
        var types = typeof(AuditEvents).GetFields().Select(f => (string)f.GetValue(null)!)
            .Concat(typeof(CertificateAuditEvents).GetFields().Select(f => (string)f.GetValue(null)!))
            .Concat(typeof(InventoryAuditEvents).GetFields().Select(f => (string)f.GetValue(null)!));

        Assert.All(types, t => Assert.NotEqual(t, AuditSentences.Label(t)));
    }
}
