using System.Globalization;
using System.Text.RegularExpressions;

namespace SecurityHub.Organization;

/// <summary>The editable business profile, validated the same way by setup, the settings page and the CLI.</summary>
public sealed class OrganizationInput
{
    public string BusinessName { get; set; } = "";
    public string WebsiteDomains { get; set; } = "";
    public string TimeZoneId { get; set; } = "UTC";
    public bool TakesCardPayments { get; set; }
    public bool CustomersHaveAccounts { get; set; }
    public bool SetsUpForCustomers { get; set; }
    public bool ShipsToCustomers { get; set; }
    public int StaffCount { get; set; } = 1;
    public bool RequireTwoFactorForStaff { get; set; }

    public static OrganizationInput From(OrganizationProfile p) => new()
    {
        BusinessName = p.BusinessName,
        WebsiteDomains = p.WebsiteDomains,
        TimeZoneId = p.TimeZoneId,
        TakesCardPayments = p.TakesCardPayments,
        CustomersHaveAccounts = p.CustomersHaveAccounts,
        SetsUpForCustomers = p.SetsUpForCustomers,
        ShipsToCustomers = p.ShipsToCustomers,
        StaffCount = p.StaffCount,
        RequireTwoFactorForStaff = p.RequireTwoFactorForStaff,
    };
}

public static partial class OrganizationRules
{
    public const int BusinessNameMax = 200;
    public const int MaxDomains = 20;
    public const int MaxStaff = 100_000;

    /// <summary>Field name → message for every problem; empty when the input is valid.</summary>
    public static Dictionary<string, string> Validate(OrganizationInput input)
    {
        var errors = new Dictionary<string, string>();
        var name = (input.BusinessName ?? "").Trim();
        if (name.Length == 0)
        {
            errors[nameof(input.BusinessName)] = "Enter the business name.";
        }
        else if (name.Length > BusinessNameMax)
        {
            errors[nameof(input.BusinessName)] = $"The business name can be at most {BusinessNameMax} characters.";
        }
        else if (name.Any(char.IsControl))
        {
            errors[nameof(input.BusinessName)] = "The business name cannot contain line breaks or control characters.";
        }

        var domains = SplitDomains(input.WebsiteDomains);
        if (domains.Count > MaxDomains)
        {
            errors[nameof(input.WebsiteDomains)] = $"List at most {MaxDomains} website domains.";
        }
        else if (domains.FirstOrDefault(d => !IsDomain(d)) is { } bad)
        {
            errors[nameof(input.WebsiteDomains)] = $"'{Shorten(bad)}' is not a domain name. Write it like shop.example.com, without https:// or a path.";
        }

        if (string.IsNullOrWhiteSpace(input.TimeZoneId) || !TimeZoneInfo.TryFindSystemTimeZoneById(input.TimeZoneId, out _))
        {
            errors[nameof(input.TimeZoneId)] = "Choose a time zone from the list.";
        }

        if (input.StaffCount < 1 || input.StaffCount > MaxStaff)
        {
            errors[nameof(input.StaffCount)] = $"Enter the number of staff, from 1 to {MaxStaff.ToString("N0", CultureInfo.InvariantCulture)}.";
        }
        return errors;
    }

    /// <summary>Domains one per line (commas and spaces also separate), lower case, without duplicates.</summary>
    public static List<string> SplitDomains(string? text) =>
        (text ?? "").Split(['\n', '\r', ',', ' ', ';', '\t'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(d => d.ToLowerInvariant().TrimEnd('.'))
            .Distinct(StringComparer.Ordinal)
            .ToList();

    public static bool IsDomain(string value) => value.Length <= 253 && DomainPattern().IsMatch(value);

    public static IReadOnlyList<string> TimeZones { get; } =
        TimeZoneInfo.GetSystemTimeZones().Select(z => z.Id).Order(StringComparer.Ordinal).ToList();

    private static string Shorten(string value) => value.Length > 60 ? value[..60] + "…" : value;

    [GeneratedRegex(@"^(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]([a-z0-9-]{0,61}[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DomainPattern();
}
