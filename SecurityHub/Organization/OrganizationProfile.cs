using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Organization;

/// <summary>The one business this installation serves.</summary>
public class OrganizationProfile
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string BusinessName { get; set; } = "";

    /// <summary>Website domains, one per line, lower case.</summary>
    public string WebsiteDomains { get; set; } = "";
    public string TimeZoneId { get; set; } = "UTC";
    public bool TakesCardPayments { get; set; }
    public bool CustomersHaveAccounts { get; set; }

    /// <summary>The business sets up accounts, devices or software for its customers (checklist control 17).</summary>
    public bool SetsUpForCustomers { get; set; }

    /// <summary>The business ships software, apps or connected devices to its customers (checklist control 18).</summary>
    public bool ShipsToCustomers { get; set; }
    public int StaffCount { get; set; }

    /// <summary>Whether Staff must enrol in two-factor sign-in as Owners and Managers must.</summary>
    public bool RequireTwoFactorForStaff { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public IReadOnlyList<string> Domains =>
        WebsiteDomains.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
}

public class OrganizationProfileConfiguration : IEntityTypeConfiguration<OrganizationProfile>
{
    public void Configure(EntityTypeBuilder<OrganizationProfile> builder)
    {
        builder.Property(o => o.Id).ValueGeneratedNever();
        builder.Property(o => o.BusinessName).HasMaxLength(OrganizationRules.BusinessNameMax);
        builder.Property(o => o.WebsiteDomains).HasMaxLength(2000);
        builder.Property(o => o.TimeZoneId).HasMaxLength(100);
        builder.Ignore(o => o.Domains);
    }
}
