namespace SecurityHub.Inventory;

/// <summary>Names, default sensitivities and typical uses of the fixed catalogs, in the words the pages and CSV use.</summary>
public static class DataCatalog
{
    /// <summary>The sensitivity a category has unless someone overrides it with a reason.</summary>
    public static Sensitivity DefaultSensitivity(DataCategory category) => category switch
    {
        DataCategory.Names => Sensitivity.Low,
        DataCategory.EmailAddresses => Sensitivity.Moderate,
        DataCategory.PostalAddresses => Sensitivity.Moderate,
        DataCategory.PhoneNumbers => Sensitivity.Moderate,
        DataCategory.DatesOfBirth => Sensitivity.Moderate,
        DataCategory.PurchaseHistory => Sensitivity.Moderate,
        DataCategory.PaymentCardNumbers => Sensitivity.Restricted,
        DataCategory.BankDetails => Sensitivity.High,
        DataCategory.AccountPasswords => Sensitivity.Restricted,
        DataCategory.GovernmentIds => Sensitivity.Restricted,
        DataCategory.HealthInformation => Sensitivity.Restricted,
        _ => Sensitivity.Moderate,
    };

    public static string Label(DataCategory category) => category switch
    {
        DataCategory.Names => "Names",
        DataCategory.EmailAddresses => "Email addresses",
        DataCategory.PostalAddresses => "Postal addresses",
        DataCategory.PhoneNumbers => "Phone numbers",
        DataCategory.DatesOfBirth => "Dates of birth",
        DataCategory.PurchaseHistory => "Purchase history",
        DataCategory.PaymentCardNumbers => "Payment card numbers",
        DataCategory.BankDetails => "Bank details",
        DataCategory.AccountPasswords => "Account passwords",
        DataCategory.GovernmentIds => "Government IDs",
        DataCategory.HealthInformation => "Health information",
        _ => "Other",
    };

    /// <summary>The label of an item's category, using its own name for Other.</summary>
    public static string Label(DataCategory category, string? otherCategory) =>
        category == DataCategory.Other && !string.IsNullOrWhiteSpace(otherCategory) ? otherCategory.Trim() : Label(category);

    public static string Label(SystemType type) => type switch
    {
        SystemType.Website => "Website or online shop",
        SystemType.PaymentProcessor => "Payment processor",
        SystemType.EmailMarketing => "Email marketing",
        SystemType.Accounting => "Accounting",
        SystemType.Crm => "CRM",
        SystemType.PointOfSale => "Point of sale",
        SystemType.CloudStorage => "Cloud storage",
        SystemType.Spreadsheet => "Spreadsheet",
        SystemType.OnPremisesComputer => "On-premises computer",
        SystemType.PaperRecords => "Paper records",
        _ => "Other",
    };

    public static string Label(SystemOperator op) => op == SystemOperator.Vendor ? "Third-party vendor" : "In-house";

    public static string Label(Answer answer) => answer switch
    {
        Answer.Yes => "Yes",
        Answer.No => "No",
        _ => "Unknown",
    };

    public static string Label(UpdatePolicy updates) => updates switch
    {
        UpdatePolicy.Automatic => "Automatic",
        UpdatePolicy.Manual => "Manual",
        UpdatePolicy.Unsupported => "Unsupported",
        _ => "Unknown",
    };

    public static string Label(Sensitivity sensitivity) => sensitivity.ToString();

    /// <summary>Finds a catalog value by its label or enum name, ignoring case and spacing (used by the CSV import).</summary>
    public static bool TryParse<T>(string? text, out T value) where T : struct, Enum
    {
        value = default;
        var wanted = Normalize(text);
        if (wanted.Length == 0)
        {
            return false;
        }
        foreach (var candidate in Enum.GetValues<T>())
        {
            if (Normalize(candidate.ToString()) == wanted || Normalize(LabelOf(candidate)) == wanted)
            {
                value = candidate;
                return true;
            }
        }
        return false;
    }

    /// <summary>The label of any catalog enum.</summary>
    public static string LabelOf<T>(T value) where T : struct, Enum => value switch
    {
        DataCategory c => Label(c),
        SystemType t => Label(t),
        SystemOperator o => Label(o),
        Answer a => Label(a),
        UpdatePolicy u => Label(u),
        Sensitivity s => Label(s),
        _ => value.ToString(),
    };

    /// <summary>Every label of a catalog, for error messages and pickers.</summary>
    public static IReadOnlyList<string> Labels<T>() where T : struct, Enum => Enum.GetValues<T>().Select(LabelOf).ToList();

    private static string Normalize(string? text) =>
        new((text ?? "").Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant).ToArray());
}
