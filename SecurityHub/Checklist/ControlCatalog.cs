using SecurityHub.Organization;

namespace SecurityHub.Checklist;

public enum ControlCategory
{
    KnowYourData = 0,
    Encryption = 1,
    Accounts = 2,
    Systems = 3,
    Website = 4,
    People = 5,
    Response = 6,
    Customers = 7,
}

/// <summary>How much work a control takes a small business; next actions are ranked by points per effort.</summary>
public enum Effort
{
    Low = 1,
    Medium = 2,
    High = 3,
}

/// <summary>Where a control's credit comes from.</summary>
public enum EvidenceKind
{
    /// <summary>Only what the app sees (inventory, certificates, sign-ins); people cannot override it.</summary>
    Automatic = 0,

    /// <summary>Only what people record: a status, evidence notes and an evidence date.</summary>
    Manual = 1,

    /// <summary>Half from what the app sees, half from a person's attestation.</summary>
    AutomaticWithAttestation = 2,
}

/// <summary>
/// One control of the checklist. <see cref="Tips"/> name the tips in TIPS.md it comes from (A1..A4, B1..B9), so every tip
/// is scored somewhere.
/// </summary>
public sealed record Control(
    string Id,
    int Number,
    string Title,
    string Why,
    string HowTo,
    ControlCategory Category,
    int Weight,
    Effort Effort,
    EvidenceKind Evidence,
    IReadOnlyList<string> Tips,
    Func<OrganizationProfile, bool> AppliesTo,
    string ApplicabilityNote)
{
    public bool TakesStatus => Evidence != EvidenceKind.Automatic;
}

/// <summary>
/// The controls, in code and versioned: a change of wording, weight or rule is a new <see cref="Version"/>, so a score can
/// say which catalog it was worked out with.
/// </summary>
public static class ControlCatalog
{
    public const int Version = 1;

    public const string Inventory = "inventory";
    public const string Retention = "retention";
    public const string Https = "https";
    public const string EncryptionAtRest = "encryption-at-rest";
    public const string TeamTwoFactor = "team-2fa";
    public const string AdminTwoFactor = "admin-2fa";
    public const string CustomerTwoFactor = "customer-2fa";
    public const string DefaultPasswords = "default-passwords";
    public const string SecureVersions = "secure-versions";
    public const string WebsiteProtection = "website-protection";
    public const string ExtraLayers = "extra-layers";
    public const string Training = "training";
    public const string PasswordManager = "password-manager";
    public const string SecurityTesting = "security-testing";
    public const string BreachPlan = "breach-plan";
    public const string CardProcessor = "card-processor";
    public const string CustomerCredentials = "customer-credentials";
    public const string CustomerUpdates = "customer-updates";

    private static bool Always(OrganizationProfile _) => true;
    private static bool HasWebsite(OrganizationProfile p) => p.Domains.Count > 0;

    public static IReadOnlyList<Control> All { get; } =
    [
        new(Inventory, 1, "Know what customer data you hold",
            "You cannot protect what you do not know you have: every other safeguard starts from a list of the customer data in each system.",
            "List every system that holds customer data (shop, email tool, spreadsheets, paper files) on the inventory page, and review each one at least once a year.",
            ControlCategory.KnowYourData, 10, Effort.Medium, EvidenceKind.Automatic, ["B1"], Always, "Applies to every business."),
        new(Retention, 2, "Keep only what you need",
            "Data you no longer hold cannot leak. Old records of customers who stopped buying years ago are pure risk.",
            "Give every kind of data a retention rule (for example 3 years after the last purchase) and delete what is past it.",
            ControlCategory.KnowYourData, 6, Effort.Medium, EvidenceKind.Automatic, ["B2"], Always, "Applies to every business."),
        new(Https, 3, "HTTPS with valid certificates on every site",
            "Without a valid certificate, what customers type into your site can be read on the way, and browsers warn them away.",
            "Use your host's free certificate (most renew themselves), redirect http to https, turn on HSTS, and let SecurityHub watch the expiry dates.",
            ControlCategory.Website, 10, Effort.Low, EvidenceKind.Automatic, ["A2", "B7"], HasWebsite, "Applies when the business profile lists a website."),
        new(EncryptionAtRest, 4, "Customer data encrypted at rest",
            "A stolen laptop, backup or server disk gives away nothing if the sensitive data on it is encrypted.",
            "Turn on disk encryption (BitLocker, FileVault) and choose services that encrypt stored data; start with the systems holding the most sensitive data.",
            ControlCategory.Encryption, 8, Effort.Medium, EvidenceKind.Automatic, ["B6"], Always, "Applies to every business."),
        new(TeamTwoFactor, 5, "Two-factor sign-in for everyone who uses SecurityHub",
            "SecurityHub knows where your customer data is; a stolen password alone should not open it.",
            "Ask each person to add an authenticator app or a passkey from their account page.",
            ControlCategory.Accounts, 8, Effort.Low, EvidenceKind.Automatic, ["A3"], Always, "Applies to every business."),
        new(AdminTwoFactor, 6, "Two-factor sign-in on admin accounts of systems with customer data",
            "An admin account opens all of a system's data at once, so one guessed or phished password is enough without a second factor.",
            "In each system's security settings, turn on two-factor sign-in for every administrator, then mark it in the inventory.",
            ControlCategory.Accounts, 8, Effort.Low, EvidenceKind.Automatic, ["B4"], Always, "Applies to every business."),
        new(CustomerTwoFactor, 7, "Offer or require two-factor sign-in for customer accounts",
            "Customers reuse passwords; a second factor keeps their account safe when another site leaks them.",
            "Turn on your shop platform's two-factor option (codes by app or email) and encourage or require it for customer accounts.",
            ControlCategory.Customers, 5, Effort.Medium, EvidenceKind.Manual, ["B8"], p => p.CustomersHaveAccounts,
            "Applies when customers have accounts on your website."),
        new(DefaultPasswords, 8, "No default passwords, unique configurations, never sent by email",
            "Default passwords are published in manuals; attackers try them first.",
            "Change every default password on routers, cameras, tills and software; keep each configuration unique, and share access in a password manager, not by email.",
            ControlCategory.Systems, 6, Effort.Low, EvidenceKind.AutomaticWithAttestation, ["A1"], Always, "Applies to every business."),
        new(SecureVersions, 9, "Stay on secure versions",
            "Old software has known holes that attackers scan for; updates close them.",
            "Turn on automatic updates everywhere you can and replace anything past its end of life.",
            ControlCategory.Systems, 8, Effort.Medium, EvidenceKind.Automatic, ["A4"], Always, "Applies to every business."),
        new(WebsiteProtection, 10, "Protect the website",
            "Websites are attacked by automated tools all day; most break-ins use holes a patched host or a firewall would stop.",
            "Use managed hosting that patches for you or a web application firewall, keep tested backups, and scan for malware.",
            ControlCategory.Website, 6, Effort.Medium, EvidenceKind.Manual, ["B3"], HasWebsite, "Applies when the business profile lists a website."),
        new(ExtraLayers, 11, "Extra layers for sensitive data",
            "When one defence fails, another should still stand between an attacker and your customers' data.",
            "Put a firewall or CDN in front of your systems, limit login attempts, and turn on alerts for unusual sign-ins.",
            ControlCategory.Systems, 4, Effort.High, EvidenceKind.Manual, ["B4"], Always, "Applies to every business."),
        new(Training, 12, "Staff trained in security, phishing included",
            "Most breaches start with a person tricked into clicking or sharing; people who know the signs stop them.",
            "Once a year, go through the house rules and real phishing examples with everyone, and note who attended.",
            ControlCategory.People, 6, Effort.Medium, EvidenceKind.Manual, ["A3", "B5"], Always, "Applies to every business."),
        new(PasswordManager, 13, "A password manager for shared access",
            "Shared passwords on sticky notes or in chats spread further than you know and never change.",
            "Pick a business password manager, put every shared login in it, and remove access when someone leaves.",
            ControlCategory.People, 4, Effort.Low, EvidenceKind.Manual, ["A3"], Always, "Applies to every business."),
        new(SecurityTesting, 14, "Security testing by someone who knows security",
            "Your own eyes miss the design risks an attacker looks for.",
            "Have a security-minded tester or firm check your website or product at least once a year, and fix what they find.",
            ControlCategory.Systems, 4, Effort.High, EvidenceKind.Manual, ["A3"], p => HasWebsite(p) || p.ShipsToCustomers,
            "Applies when the business has a website or ships software or devices to customers."),
        new(BreachPlan, 15, "A breach response plan",
            "In the first hours of a breach there is no time to work out whom to call; a short plan written in calm times saves the business.",
            "Write one page: who decides, whom to call (host, bank, lawyer, authorities), how to tell customers; review or rehearse it each year.",
            ControlCategory.Response, 6, Effort.Low, EvidenceKind.Manual, ["B9"], Always, "Applies to every business."),
        new(CardProcessor, 16, "Card data only through a compliant payment processor",
            "Card numbers are what thieves want most; a certified processor holds them so you do not have to.",
            "Take cards only through your payment provider's checkout or terminal and never write down or store card numbers yourself.",
            ControlCategory.Encryption, 10, Effort.Medium, EvidenceKind.Automatic, ["B2", "B6"], p => p.TakesCardPayments,
            "Applies when the business takes card payments."),
        new(CustomerCredentials, 17, "Customers' initial credentials and configurations are unique and never emailed",
            "A shared starting password or configuration lets one leak open every customer's account or device.",
            "Generate a unique password or setup for each customer, hand it over by a separate channel, and make them change it on first use.",
            ControlCategory.Customers, 5, Effort.Medium, EvidenceKind.Manual, ["A1"], p => p.SetsUpForCustomers,
            "Applies when the business sets up accounts, devices or software for customers."),
        new(CustomerUpdates, 18, "Customers are kept on secure versions",
            "Customers rarely update on their own; an old version in their hands is your breach too.",
            "Ship automatic updates, tell customers when one matters, and where it counts, stop old versions from working until they upgrade.",
            ControlCategory.Customers, 5, Effort.High, EvidenceKind.Manual, ["A4"], p => p.ShipsToCustomers,
            "Applies when the business ships software, apps or connected devices to customers."),
    ];

    private static readonly Dictionary<string, Control> ById = All.ToDictionary(c => c.Id, StringComparer.Ordinal);

    public static Control? Find(string? id) => id is not null && ById.TryGetValue(id, out var control) ? control : null;

    public static string Label(ControlCategory category) => category switch
    {
        ControlCategory.KnowYourData => "Know your data",
        ControlCategory.Encryption => "Encryption",
        ControlCategory.Accounts => "Accounts and sign-in",
        ControlCategory.Systems => "Systems",
        ControlCategory.Website => "Website",
        ControlCategory.People => "People",
        ControlCategory.Response => "Breach response",
        ControlCategory.Customers => "Customers",
        _ => category.ToString(),
    };
}
