namespace SecurityHub.Inventory;

public enum FindingSeverity
{
    Low = 0,
    Medium = 1,
    High = 2,
    Critical = 3,
}

/// <summary>The rules, one per kind of risk the inventory can show.</summary>
public enum FindingRule
{
    SensitiveDataNotEncrypted,
    RetentionNotSet,
    PastRetention,
    CardNumbersOutsideProcessor,
    NoPurpose,
    AdminWithoutTwoFactor,
    DefaultPasswords,
    UnsupportedSoftware,
    UpdatesNotAutomatic,
    NotReviewed,
    VendorWithoutDpa,
}

/// <summary>The practical tips the findings come from, in the words owners hear them.</summary>
public static class Tips
{
    public const string KnowYourData = "Figure out what info you have";
    public const string StoreLess = "Don't store more than you have to";
    public const string Encrypt = "Encrypt customer data at rest";
    public const string TwoFactor = "Turn on two-factor authentication";
    public const string DefaultPasswords = "Never keep default passwords";
    public const string SecureVersions = "Stay on secure, supported versions";
    public const string ThirdParties = "Know every third party you share data with";
}

/// <summary>One risk in the inventory: what, why it matters, which tip it comes from, and what to do.</summary>
public sealed record InventoryFinding(
    FindingRule Rule,
    FindingSeverity Severity,
    int SystemId,
    string SystemName,
    int? DataItemId,
    string? DataLabel,
    string Title,
    string Why,
    string Tip,
    string WhatToDo);

/// <summary>
/// The finding rules, computed live from the inventory. Pure: the same systems and day give the same findings.
/// Suggestions from the guided inventory are not facts yet, so they raise no findings until confirmed.
/// </summary>
public static class InventoryFindings
{
    /// <summary>How long a system or item may go without a review.</summary>
    public const int ReviewMonths = 12;

    public static IReadOnlyList<InventoryFinding> Evaluate(IEnumerable<InventorySystem> systems, DateOnly today)
    {
        var findings = new List<InventoryFinding>();
        foreach (var system in systems)
        {
            Evaluate(system, today, findings);
        }
        findings.Sort((a, b) => b.Severity != a.Severity ? b.Severity.CompareTo(a.Severity)
            : string.Compare(a.SystemName, b.SystemName, StringComparison.OrdinalIgnoreCase) is var byName and not 0 ? byName
            : a.Rule.CompareTo(b.Rule));
        return findings;
    }

    public static void Evaluate(InventorySystem system, DateOnly today, List<InventoryFinding> findings)
    {
        if (system.IsSuggestion)
        {
            return;
        }
        var items = system.Items.Where(i => !i.IsSuggestion).ToList();
        var top = items.Count == 0 ? (Sensitivity?)null : items.Max(i => i.Sensitivity);
        var digital = system.Type != SystemType.PaperRecords;
        var name = system.Name;

        void Add(FindingRule rule, FindingSeverity severity, DataItem? item, string title, string why, string tip, string todo) =>
            findings.Add(new InventoryFinding(rule, severity, system.Id, name, item?.Id,
                item is null ? null : DataCatalog.Label(item.Category, item.OtherCategory), title, why, tip, todo));

        foreach (var item in items)
        {
            var label = DataCatalog.Label(item.Category, item.OtherCategory);
            var lower = label.ToLowerInvariant();
            if (digital && item.Sensitivity >= Sensitivity.High && system.EncryptedAtRest != Answer.Yes)
            {
                Add(FindingRule.SensitiveDataNotEncrypted,
                    item.Sensitivity == Sensitivity.Restricted ? FindingSeverity.Critical : FindingSeverity.High, item,
                    $"{label} in {name} may not be encrypted",
                    $"{label} is {item.Sensitivity.ToString().ToLowerInvariant()} data, and encryption at rest in {name} is " +
                    $"\"{DataCatalog.Label(system.EncryptedAtRest).ToLowerInvariant()}\". A stolen disk, laptop or backup would expose it in readable form.",
                    Tips.Encrypt,
                    system.Operator == SystemOperator.Vendor
                        ? $"Ask {VendorOf(system)} to confirm that data is encrypted at rest, then set \"Encrypted at rest\" to Yes. If it is not, move the data somewhere that is."
                        : "Turn on disk or database encryption (BitLocker, FileVault, or your database's encryption), then set \"Encrypted at rest\" to Yes.");
            }
            if (!item.Retention.IsSet)
            {
                Add(FindingRule.RetentionNotSet, item.Sensitivity >= Sensitivity.High ? FindingSeverity.High : FindingSeverity.Medium, item,
                    $"No retention rule for {lower} in {name}",
                    "Without a rule, data is kept forever by default, and every old record is one more thing a breach can leak.",
                    Tips.StoreLess,
                    "Decide how long you really need it, for example \"2 years after last purchase\", and delete older records on a schedule.");
            }
            else if (item.OldestRecord is { } oldest && item.Retention.Deadline(oldest) is { } deadline && deadline < today)
            {
                Add(FindingRule.PastRetention, FindingSeverity.High, item,
                    $"{label} in {name} kept past its retention rule",
                    $"The rule is \"{item.Retention}\", and the oldest record's clock started on {oldest:yyyy-MM-dd}, so it should have gone by {deadline:yyyy-MM-dd}.",
                    Tips.StoreLess,
                    string.IsNullOrWhiteSpace(item.DeletionMethod)
                        ? "Delete the records past the rule, write down how you delete them, then update the oldest-record date."
                        : $"Delete the records past the rule ({item.DeletionMethod.Trim()}), then update the oldest-record date.");
            }
            if (item.Category == DataCategory.PaymentCardNumbers && system.Type != SystemType.PaymentProcessor)
            {
                Add(FindingRule.CardNumbersOutsideProcessor, FindingSeverity.Critical, item,
                    $"Card numbers stored in {name}",
                    "Full card numbers outside a payment processor put you in scope for card-industry rules and make you the target. Processors store them for you.",
                    Tips.StoreLess,
                    "Use your payment processor's tokens instead of card numbers, securely delete the stored numbers, and remove this item.");
            }
            if (string.IsNullOrWhiteSpace(item.Purpose))
            {
                Add(FindingRule.NoPurpose, FindingSeverity.Medium, item,
                    $"No stated purpose for {lower} in {name}",
                    "Data with no reason to keep it is risk with no benefit. Customers and auditors will ask why you hold it.",
                    Tips.StoreLess,
                    "Write down why you need it. If you cannot, stop collecting it and delete what you have.");
            }
            if (!Reviewed(item.LastReviewed, today))
            {
                Add(FindingRule.NotReviewed, FindingSeverity.Low, item,
                    $"{label} in {name} not reviewed in {ReviewMonths} months",
                    item.LastReviewed is null ? "This entry has never been reviewed." : $"It was last reviewed on {item.LastReviewed:yyyy-MM-dd}. Things drift: purposes change and data piles up.",
                    Tips.KnowYourData,
                    "Check that the purpose, amount, retention and sharing are still true, then mark it reviewed.");
            }
        }

        if (digital && top >= Sensitivity.High && system.AdminTwoFactor != Answer.Yes)
        {
            Add(FindingRule.AdminWithoutTwoFactor, top == Sensitivity.Restricted ? FindingSeverity.Critical : FindingSeverity.High, null,
                $"Admin accounts of {name} may not use 2FA",
                $"{name} holds {top.Value.ToString().ToLowerInvariant()} data, and 2FA on its admin accounts is \"{DataCatalog.Label(system.AdminTwoFactor).ToLowerInvariant()}\". One phished password would open it.",
                Tips.TwoFactor,
                "Turn on two-factor authentication for every admin account (an authenticator app, not SMS where you can), then set \"Admin accounts use 2FA\" to Yes.");
        }
        if (digital && system.DefaultPasswordsChanged != Answer.Yes)
        {
            Add(FindingRule.DefaultPasswords, system.DefaultPasswordsChanged == Answer.No ? FindingSeverity.High : FindingSeverity.Medium, null,
                system.DefaultPasswordsChanged == Answer.No ? $"{name} still has default passwords" : $"Default passwords of {name} not confirmed changed",
                "Default passwords and PINs are published in manuals and tried first by attackers.",
                Tips.DefaultPasswords,
                "Change every default password and PIN (admin logins, routers, card terminals) to a unique one kept in a password manager, then set \"Default passwords changed\" to Yes.");
        }
        if (digital && system.Updates == UpdatePolicy.Unsupported)
        {
            var ended = system.EndOfLife is { } eol && eol <= today;
            Add(FindingRule.UnsupportedSoftware, ended || system.EndOfLife is null ? FindingSeverity.High : FindingSeverity.Medium, null,
                $"{name} runs unsupported software",
                system.EndOfLife is { } end
                    ? ended ? $"Security updates ended on {end:yyyy-MM-dd}. New holes will never be fixed." : $"Security updates end on {end:yyyy-MM-dd}. After that, new holes will never be fixed."
                    : "It no longer gets security updates, so new holes will never be fixed.",
                Tips.SecureVersions,
                "Plan the move to a supported version or product now, and keep the old one off the internet until then.");
        }
        else if (digital && system.Operator == SystemOperator.InHouse && system.Updates != UpdatePolicy.Automatic)
        {
            Add(FindingRule.UpdatesNotAutomatic, system.Updates == UpdatePolicy.Unknown ? FindingSeverity.Medium : FindingSeverity.Low, null,
                $"Updates of {name} are not automatic",
                system.Updates == UpdatePolicy.Manual
                    ? "Manual updates get forgotten, and attackers use known holes within days of a fix."
                    : "Nobody has recorded how this system gets its security updates.",
                Tips.SecureVersions,
                "Turn on automatic security updates. If that is impossible, put a monthly update task on someone's list.");
        }
        if (!Reviewed(system.LastReviewed, today))
        {
            Add(FindingRule.NotReviewed, FindingSeverity.Low, null,
                $"{name} not reviewed in {ReviewMonths} months",
                system.LastReviewed is null ? "This system has never been reviewed." : $"It was last reviewed on {system.LastReviewed:yyyy-MM-dd}.",
                Tips.KnowYourData,
                "Check who runs it, its security facts and what data it holds, then mark it reviewed.");
        }
        if (system.Operator == SystemOperator.Vendor && system.HasDpa != Answer.Yes)
        {
            Add(FindingRule.VendorWithoutDpa, top >= Sensitivity.High ? FindingSeverity.High : FindingSeverity.Medium, null,
                $"No data processing agreement with {VendorOf(system)}",
                $"{VendorOf(system)} handles your customers' data in {name}, and a data processing agreement is \"{DataCatalog.Label(system.HasDpa).ToLowerInvariant()}\". Without one you cannot show what they may do with it or that they must tell you about a breach.",
                Tips.ThirdParties,
                "Ask the vendor for their data processing agreement (most publish one), sign it, keep a copy, and set \"Data processing agreement\" to Yes.");
        }
    }

    /// <summary>Whether a review date is within the last 12 months.</summary>
    public static bool Reviewed(DateOnly? lastReviewed, DateOnly today) => lastReviewed is { } date && date > today.AddMonths(-ReviewMonths);

    private static string VendorOf(InventorySystem system) => string.IsNullOrWhiteSpace(system.VendorName) ? "the vendor" : system.VendorName.Trim();

    public static string Label(FindingSeverity severity) => severity.ToString();

    public static string Label(FindingRule rule) => rule switch
    {
        FindingRule.SensitiveDataNotEncrypted => "Sensitive data not encrypted",
        FindingRule.RetentionNotSet => "Retention not set",
        FindingRule.PastRetention => "Kept past retention",
        FindingRule.CardNumbersOutsideProcessor => "Card numbers outside a processor",
        FindingRule.NoPurpose => "No stated purpose",
        FindingRule.AdminWithoutTwoFactor => "Admin 2FA missing",
        FindingRule.DefaultPasswords => "Default passwords",
        FindingRule.UnsupportedSoftware => "Unsupported software",
        FindingRule.UpdatesNotAutomatic => "Updates not automatic",
        FindingRule.NotReviewed => "Not reviewed in 12 months",
        _ => "No data processing agreement",
    };
}
