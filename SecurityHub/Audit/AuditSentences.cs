using System.Text.RegularExpressions;
using SecurityHub.Certificates;
using SecurityHub.Inventory;

namespace SecurityHub.Audit;

/// <summary>
/// One piece of a sentence about an audit event. A person (a name or an email address) is marked, so the page
/// can keep it on one line: an address broken in two is hard to read and easy to misread.
/// </summary>
public sealed record SentencePart(string Text, bool IsPerson = false);

/// <summary>An audit event said the way a person reads it: "Robin Baker changed Sam's role from Staff to Manager".</summary>
public sealed record AuditSentence(IReadOnlyList<SentencePart> Parts)
{
    public string Text => string.Concat(Parts.Select(p => p.Text));

    public override string ToString() => Text;
}

/// <summary>
/// Turns an audit event (type, actor, target, details) into a sentence, in this one place, and names each event
/// type in plain words for the filter. The stored event is unchanged: its code stays beside the sentence.
/// </summary>
public static partial class AuditSentences
{
    private static readonly Dictionary<string, string> Labels = new(StringComparer.Ordinal)
    {
        [AuditEvents.SignedIn] = "Signed in",
        [AuditEvents.SignInFailed] = "Sign-in failed",
        [AuditEvents.LockedOut] = "Account locked after failed sign-ins",
        [AuditEvents.SignedOut] = "Signed out",
        [AuditEvents.Setup] = "SecurityHub set up, or an Owner created",
        [AuditEvents.SetupCodeRejected] = "Wrong setup code",
        [AuditEvents.PasswordChanged] = "Password changed",
        [AuditEvents.PasswordReset] = "Password reset",
        [AuditEvents.PasswordResetFailed] = "Password reset link refused",
        [AuditEvents.InvitationSent] = "Invitation sent",
        [AuditEvents.InvitationAccepted] = "Invitation accepted",
        [AuditEvents.InvitationRevoked] = "Invitation withdrawn",
        [AuditEvents.RoleChanged] = "Role changed",
        [AuditEvents.UserDisabled] = "Account turned off",
        [AuditEvents.UserEnabled] = "Account turned back on",
        [AuditEvents.SettingsChanged] = "Business profile changed",
        [AuditEvents.EmailSettingsChanged] = "Email settings changed",
        [AuditEvents.AuditExported] = "Audit log exported",
        [AuditEvents.JobTriggered] = "Job run by hand",
        [AuditEvents.TestEmailQueued] = "Test email sent",
        [AuditEvents.TwoFactorEnabled] = "Two-factor sign-in turned on",
        [AuditEvents.TwoFactorDisabled] = "Two-factor sign-in turned off",
        [AuditEvents.TwoFactorReset] = "Two-factor sign-in reset",
        [AuditEvents.RecoveryCodesGenerated] = "New recovery codes",
        [AuditEvents.PasskeyAdded] = "Passkey added",
        [AuditEvents.PasskeyRemoved] = "Passkey removed",
        [CertificateAuditEvents.EndpointSaved] = "Watched certificate added or changed",
        [CertificateAuditEvents.EndpointDeleted] = "Watched certificate removed",
        [CertificateAuditEvents.CheckRequested] = "Certificate check run by hand",
        [CertificateAuditEvents.InternalHostsChanged] = "Internal hosts for certificate checks switched",
        [InventoryAuditEvents.SystemAdded] = "Customer data: system added",
        [InventoryAuditEvents.SystemChanged] = "Customer data: system changed",
        [InventoryAuditEvents.SystemDeleted] = "Customer data: system deleted",
        [InventoryAuditEvents.ItemAdded] = "Customer data: data item added",
        [InventoryAuditEvents.ItemChanged] = "Customer data: data item changed",
        [InventoryAuditEvents.ItemDeleted] = "Customer data: data item deleted",
        [InventoryAuditEvents.Confirmed] = "Customer data: suggestion confirmed",
        [InventoryAuditEvents.Reviewed] = "Customer data: system reviewed",
        [InventoryAuditEvents.GuidedStarted] = "Customer data: guided inventory answered",
        [InventoryAuditEvents.Imported] = "Customer data: CSV imported",
        [InventoryAuditEvents.Exported] = "Customer data: CSV exported",
    };

    /// <summary>The event type in plain words ("Role changed"); an unknown type is shown as its code.</summary>
    public static string Label(string eventType) => Labels.GetValueOrDefault(eventType, eventType);

    /// <summary>
    /// The sentence for an event. <paramref name="names"/> maps email addresses to the names people go by
    /// (case-insensitive); an address without a name is shown as it is.
    /// </summary>
    public static AuditSentence Describe(AuditEvent e, IReadOnlyDictionary<string, string>? names = null)
    {
        var b = new Builder(names);
        var actor = ActorOf(e);
        var target = e.Target;
        var details = e.Details ?? "";
        switch (e.EventType)
        {
            case AuditEvents.SignedIn:
                b.Person(actor).Text(" signed in").Text(Method(details, " with "));
                break;
            case AuditEvents.SignInFailed when details == "Unknown account":
                b.Text("Someone tried to sign in as ").Person(target ?? "an unknown account").Text(", an account that does not exist");
                break;
            case AuditEvents.SignInFailed when e.ActorEmail is null:
                b.Text("A sign-in failed").Text(Reason(details));
                break;
            case AuditEvents.SignInFailed:
                b.Text("A sign-in as ").Person(actor).Text(" failed").Text(Reason(details));
                break;
            case AuditEvents.LockedOut:
                b.Possessive(actor).Text(" account was locked for a while after failed sign-ins").Text(Method(details, ", the last with a wrong ", prefix: "Locked after failed "));
                break;
            case AuditEvents.SignedOut:
                b.Person(actor).Text(" signed out");
                break;
            case AuditEvents.Setup when e.ActorEmail is null:
                b.Text("SecurityHub was set up").Text(Reason(details));
                break;
            case AuditEvents.Setup when details.Contains("create-owner", StringComparison.Ordinal):
                b.Person(actor).Text(" was made an Owner with the create-owner command");
                break;
            case AuditEvents.Setup:
                b.Person(actor).Text(" set up SecurityHub").Text(target is null ? "" : $" for {target}").Text(" and became its first Owner");
                break;
            case AuditEvents.SetupCodeRejected:
                b.Text("Someone who was not signed in entered a wrong or used setup code");
                break;
            case AuditEvents.PasswordChanged:
                b.Person(actor).Text(" changed their password");
                break;
            case AuditEvents.PasswordReset:
                b.Person(actor).Text(" reset their password with an emailed link");
                break;
            case AuditEvents.PasswordResetFailed:
                b.Text("A password reset link for ").Person(target ?? "an account").Text(" was refused (wrong, expired or already used)");
                break;
            case AuditEvents.InvitationSent:
                b.Person(actor).Text(" invited ").Person(target).Text(After(details, "Role: ", " as "));
                break;
            case AuditEvents.InvitationAccepted:
                b.Person(actor).Text(" accepted the invitation").Text(After(details, "Role: ", " and joined as "));
                break;
            case AuditEvents.InvitationRevoked:
                b.Person(actor).Text(" withdrew the invitation to ").Person(target);
                break;
            case AuditEvents.RoleChanged when RoleChange().Match(details) is { Success: true } m:
                b.Person(actor).Text(" changed ").Possessive(target).Text($" role from {m.Groups[1].Value} to {m.Groups[2].Value}");
                break;
            case AuditEvents.RoleChanged:
                b.Person(actor).Text(" changed ").Possessive(target).Text(" role");
                break;
            case AuditEvents.UserDisabled:
                b.Person(actor).Text(" turned off ").Possessive(target).Text(" account (signed out everywhere)");
                break;
            case AuditEvents.UserEnabled:
                b.Person(actor).Text(" turned ").Possessive(target).Text(" account back on");
                break;
            case AuditEvents.SettingsChanged:
                b.Person(actor).Text(" changed the business profile");
                break;
            case AuditEvents.EmailSettingsChanged:
                b.Person(actor).Text(" changed the email settings");
                break;
            case AuditEvents.AuditExported:
                b.Person(actor).Text(" exported the audit log");
                break;
            case AuditEvents.JobTriggered:
                b.Person(actor).Text($" ran the job \u201c{target}\u201d by hand");
                break;
            case AuditEvents.TestEmailQueued:
                b.Person(actor).Text(" sent a test email to ").Person(target);
                break;
            case AuditEvents.TwoFactorEnabled:
                b.Person(actor).Text(" turned on two-factor sign-in").Text(Method(details, " with "));
                break;
            case AuditEvents.TwoFactorDisabled:
                b.Person(actor).Text(" turned off two-factor sign-in");
                break;
            case AuditEvents.TwoFactorReset when target is null || Same(target, e.ActorEmail):
                b.Person(actor).Text(" reset their authenticator key");
                break;
            case AuditEvents.TwoFactorReset:
                b.Person(actor).Text(" reset ").Possessive(target).Text(" two-factor sign-in; they must set it up again");
                break;
            case AuditEvents.RecoveryCodesGenerated:
                b.Person(actor).Text(" made new recovery codes (the old ones stopped working)");
                break;
            case AuditEvents.PasskeyAdded:
                b.Person(actor).Text(" added a passkey");
                break;
            case AuditEvents.PasskeyRemoved:
                b.Person(actor).Text(" removed a passkey");
                break;
            case CertificateAuditEvents.EndpointSaved:
                b.Person(actor).Text(details.StartsWith("added", StringComparison.Ordinal) ? " started watching the certificate of " : " changed the watched certificate of ").Text(target ?? "a site");
                break;
            case CertificateAuditEvents.EndpointDeleted:
                b.Person(actor).Text(" stopped watching the certificate of ").Text(target ?? "a site");
                break;
            case CertificateAuditEvents.CheckRequested:
                b.Person(actor).Text(" asked for a certificate check of ").Text(target ?? "the watched sites");
                break;
            case CertificateAuditEvents.InternalHostsChanged:
                b.Person(actor).Text(details.Contains("after: on", StringComparison.OrdinalIgnoreCase)
                    ? " allowed certificate checks of internal addresses"
                    : " stopped certificate checks of internal addresses");
                break;
            case InventoryAuditEvents.SystemAdded:
                b.Person(actor).Text(" added ").Text(target ?? "a system").Text(" to the customer data inventory");
                break;
            case InventoryAuditEvents.SystemChanged:
                b.Person(actor).Text(" changed ").Text(target ?? "a system").Text(" in the customer data inventory");
                break;
            case InventoryAuditEvents.SystemDeleted:
                b.Person(actor).Text(" deleted ").Text(target ?? "a system").Text(" from the customer data inventory");
                break;
            case InventoryAuditEvents.ItemAdded:
                b.Person(actor).Text(" recorded ").Text(target ?? "a data item");
                break;
            case InventoryAuditEvents.ItemChanged:
                b.Person(actor).Text(" changed ").Text(target ?? "a data item");
                break;
            case InventoryAuditEvents.ItemDeleted:
                b.Person(actor).Text(" deleted ").Text(target ?? "a data item");
                break;
            case InventoryAuditEvents.Confirmed:
                b.Person(actor).Text(" confirmed the suggested ").Text(target ?? "system");
                break;
            case InventoryAuditEvents.Reviewed:
                b.Person(actor).Text(" marked ").Text(target ?? "a system").Text(" as reviewed");
                break;
            case InventoryAuditEvents.GuidedStarted:
                b.Person(actor).Text(" answered the guided inventory's questions");
                break;
            case InventoryAuditEvents.Imported:
                b.Person(actor).Text(" imported ").Text(target ?? "a file").Text(" into the customer data inventory");
                break;
            case InventoryAuditEvents.Exported:
                b.Person(actor).Text(" exported the customer data inventory as CSV");
                break;
            default:
                b.Person(actor).Text($": {Label(e.EventType)}").Text(target is null ? "" : $" ({target})");
                break;
        }
        return b.Build();
    }

    /// <summary>Who did it: a person's address, "someone who was not signed in", or "someone" when nothing was recorded.</summary>
    private static string ActorOf(AuditEvent e) => e.ActorEmail switch
    {
        AuditLog.Anonymous => "Someone who was not signed in",
        null or "" => e.ActorUserId is null ? "Someone" : "A person no longer on the team",
        var email => email,
    };

    // "With password" -> " with password"; anything else -> nothing.
    private static string Method(string details, string joiner, string prefix = "With ") =>
        details.StartsWith(prefix, StringComparison.Ordinal) && details.Length > prefix.Length
            ? joiner + details[prefix.Length..].TrimEnd('.')
            : "";

    private static string After(string details, string prefix, string joiner) =>
        details.StartsWith(prefix, StringComparison.Ordinal) ? joiner + details[prefix.Length..].TrimEnd('.') : "";

    private static string Reason(string details) =>
        string.IsNullOrWhiteSpace(details) ? "" : $" ({char.ToLowerInvariant(details[0])}{details[1..].TrimEnd('.')})";

    private static bool Same(string? a, string? b) => string.Equals(a, b, StringComparison.OrdinalIgnoreCase);

    [GeneratedRegex(@"^Before: (.+?)\. After: (.+?)\.?$")]
    private static partial Regex RoleChange();

    private sealed class Builder(IReadOnlyDictionary<string, string>? names)
    {
        private readonly List<SentencePart> _parts = [];
        private bool _first = true;

        public Builder Text(string text)
        {
            if (text.Length > 0)
            {
                Add(new SentencePart(text));
            }
            return this;
        }

        public Builder Person(string? who)
        {
            Add(new SentencePart(NameOf(who), IsPerson: true));
            return this;
        }

        /// <summary>"Sam's", "James'"; for an address without a name, "sam@example.com's".</summary>
        public Builder Possessive(string? who)
        {
            var name = NameOf(who);
            Add(new SentencePart(name, IsPerson: true));
            Add(new SentencePart(name.EndsWith('s') ? "'" : "'s"));
            return this;
        }

        public AuditSentence Build() => new(_parts);

        private string NameOf(string? who) =>
            string.IsNullOrWhiteSpace(who) ? "someone"
            : names is not null && names.TryGetValue(who, out var name) && !string.IsNullOrWhiteSpace(name) ? name
            : who;

        // A sentence starts with a capital letter, whoever comes first.
        private void Add(SentencePart part)
        {
            if (_first && part.Text.Length > 0 && char.IsLower(part.Text[0]) && !part.Text.Contains('@', StringComparison.Ordinal))
            {
                part = part with { Text = char.ToUpperInvariant(part.Text[0]) + part.Text[1..] };
            }
            _first = false;
            _parts.Add(part);
        }
    }
}
