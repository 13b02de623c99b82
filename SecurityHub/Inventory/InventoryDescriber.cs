namespace SecurityHub.Inventory;

/// <summary>Flattens systems and items to labelled values, so the audit log can say exactly what changed from what.</summary>
public static class InventoryDescriber
{
    /// <param name="s">The system.</param>
    /// <param name="person">Turns the business owner's user id into a name or email; the id itself when absent.</param>
    public static IReadOnlyDictionary<string, string> Describe(InventorySystem s, Func<string, string>? person = null) => new Dictionary<string, string>
    {
        ["Name"] = s.Name,
        ["Type"] = DataCatalog.Label(s.Type),
        ["Operator"] = DataCatalog.Label(s.Operator),
        ["Vendor"] = s.VendorName,
        ["Vendor contact"] = s.VendorContact,
        ["Data processing agreement"] = s.Operator == SystemOperator.Vendor ? DataCatalog.Label(s.HasDpa) : "",
        ["Business owner"] = s.OwnerUserId is { } id ? person?.Invoke(id) ?? id : "",
        ["Admin URL"] = s.AdminUrl,
        ["Encrypted at rest"] = DataCatalog.Label(s.EncryptedAtRest),
        ["Admin 2FA"] = DataCatalog.Label(s.AdminTwoFactor),
        ["Default passwords changed"] = DataCatalog.Label(s.DefaultPasswordsChanged),
        ["Updates"] = DataCatalog.Label(s.Updates),
        ["End of life"] = InventoryRules.Date(s.EndOfLife),
        ["Last reviewed"] = InventoryRules.Date(s.LastReviewed),
        ["Notes"] = s.Notes,
    };

    public static IReadOnlyDictionary<string, string> Describe(DataItem i) => new Dictionary<string, string>
    {
        ["Category"] = DataCatalog.Label(i.Category, i.OtherCategory),
        ["Sensitivity"] = i.SensitivityOverride is { } o ? $"{o} (overridden: {i.OverrideReason})" : i.Sensitivity.ToString(),
        ["Purpose"] = i.Purpose,
        ["Approximate records"] = i.ApproxRecords?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "",
        ["Retention"] = i.Retention.ToString(),
        ["Deletion method"] = i.DeletionMethod,
        ["Oldest record"] = InventoryRules.Date(i.OldestRecord),
        ["Last reviewed"] = InventoryRules.Date(i.LastReviewed),
        ["Shared with"] = string.Join(", ", i.SharedWith.Select(s => s.System?.Name ?? $"#{s.SystemId}").Order(StringComparer.OrdinalIgnoreCase)),
    };

    /// <summary>"Field: 'old' -> 'new'" for each difference, joined by "; ". Empty when nothing changed.</summary>
    public static string Changes(IReadOnlyDictionary<string, string> before, IReadOnlyDictionary<string, string> after)
    {
        var parts = new List<string>();
        foreach (var key in before.Keys.Union(after.Keys))
        {
            var old = before.GetValueOrDefault(key, "");
            var now = after.GetValueOrDefault(key, "");
            if (old == now)
            {
                continue;
            }
            parts.Add($"{key}: {Quote(old)} -> {Quote(now)}");
        }
        return string.Join("; ", parts);
    }

    private static string Quote(string value) => value.Length == 0 ? "(empty)" : $"'{(value.Length > 200 ? value[..200] + "…" : value)}'";
}
