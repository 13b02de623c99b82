using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;
using SecurityHub.Data;

namespace SecurityHub.Inventory;

/// <summary>What kind of place customer data lives in.</summary>
public enum SystemType
{
    Website = 0,
    PaymentProcessor = 1,
    EmailMarketing = 2,
    Accounting = 3,
    Crm = 4,
    PointOfSale = 5,
    CloudStorage = 6,
    Spreadsheet = 7,
    OnPremisesComputer = 8,
    PaperRecords = 9,
    Other = 10,
}

/// <summary>Who runs the system.</summary>
public enum SystemOperator
{
    InHouse = 0,
    Vendor = 1,
}

/// <summary>A security fact the owner may not know yet.</summary>
public enum Answer
{
    Unknown = 0,
    Yes = 1,
    No = 2,
}

/// <summary>How the system's software stays on a secure version.</summary>
public enum UpdatePolicy
{
    Unknown = 0,
    Automatic = 1,
    Manual = 2,
    Unsupported = 3,
}

/// <summary>The fixed catalog of customer-data categories.</summary>
public enum DataCategory
{
    Names = 0,
    EmailAddresses = 1,
    PostalAddresses = 2,
    PhoneNumbers = 3,
    DatesOfBirth = 4,
    PurchaseHistory = 5,
    PaymentCardNumbers = 6,
    BankDetails = 7,
    AccountPasswords = 8,
    GovernmentIds = 9,
    HealthInformation = 10,
    Other = 11,
}

/// <summary>How much harm a leak does, lowest first.</summary>
public enum Sensitivity
{
    Low = 0,
    Moderate = 1,
    High = 2,
    Restricted = 3,
}

/// <summary>When the retention clock starts, or that no rule is set.</summary>
public enum RetentionTrigger
{
    NotSet = 0,
    AfterCollection = 1,
    AfterLastPurchase = 2,
    AfterLastContact = 3,
    UntilAccountClosed = 4,
    UntilContractEnds = 5,
}

public enum RetentionUnit
{
    Days = 0,
    Months = 1,
    Years = 2,
}

/// <summary>A place the business keeps customer data: a shop, a processor, a spreadsheet, a filing cabinet.</summary>
public class InventorySystem
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public SystemType Type { get; set; }
    public SystemOperator Operator { get; set; }

    /// <summary>The vendor's company name, when a third party runs the system.</summary>
    public string VendorName { get; set; } = "";
    public string VendorContact { get; set; } = "";

    /// <summary>Whether a data processing agreement with the vendor exists.</summary>
    public Answer HasDpa { get; set; }

    /// <summary>The team member answerable for the system.</summary>
    public string? OwnerUserId { get; set; }
    public ApplicationUser? Owner { get; set; }
    public string AdminUrl { get; set; } = "";

    public Answer EncryptedAtRest { get; set; }
    public Answer AdminTwoFactor { get; set; }
    public Answer DefaultPasswordsChanged { get; set; }
    public UpdatePolicy Updates { get; set; }
    public DateOnly? EndOfLife { get; set; }
    public DateOnly? LastReviewed { get; set; }
    public string Notes { get; set; } = "";

    /// <summary>Pre-filled by the guided inventory and not yet confirmed by a person.</summary>
    public bool IsSuggestion { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    public List<DataItem> Items { get; set; } = [];
}

/// <summary>One category of customer data held in a system.</summary>
public class DataItem
{
    public int Id { get; set; }
    public int SystemId { get; set; }
    public InventorySystem? System { get; set; }
    public DataCategory Category { get; set; }

    /// <summary>The category's name when <see cref="Category"/> is Other; empty otherwise.</summary>
    public string OtherCategory { get; set; } = "";
    public Sensitivity? SensitivityOverride { get; set; }
    public string OverrideReason { get; set; } = "";
    public string Purpose { get; set; } = "";
    public int? ApproxRecords { get; set; }
    public RetentionTrigger RetentionTrigger { get; set; }
    public int RetentionAmount { get; set; }
    public RetentionUnit RetentionUnit { get; set; }
    public string DeletionMethod { get; set; } = "";

    /// <summary>When the retention clock started for the oldest record still held.</summary>
    public DateOnly? OldestRecord { get; set; }
    public DateOnly? LastReviewed { get; set; }
    public bool IsSuggestion { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>The systems or vendors this data is shared with: the data flows.</summary>
    public List<DataItemShare> SharedWith { get; set; } = [];

    public Sensitivity Sensitivity => SensitivityOverride ?? DataCatalog.DefaultSensitivity(Category);
    public RetentionRule Retention => new(RetentionTrigger, RetentionAmount, RetentionUnit);
}

/// <summary>A data flow: a data item shared with another system in the inventory.</summary>
public class DataItemShare
{
    public int DataItemId { get; set; }
    public DataItem? DataItem { get; set; }
    public int SystemId { get; set; }
    public InventorySystem? System { get; set; }
}

public class InventorySystemConfiguration : IEntityTypeConfiguration<InventorySystem>
{
    public void Configure(EntityTypeBuilder<InventorySystem> builder)
    {
        builder.Property(s => s.Name).HasMaxLength(InventoryLimits.Name).UseCollation("NOCASE");
        builder.Property(s => s.VendorName).HasMaxLength(InventoryLimits.Name);
        builder.Property(s => s.VendorContact).HasMaxLength(InventoryLimits.Contact);
        builder.Property(s => s.AdminUrl).HasMaxLength(InventoryLimits.Url);
        builder.Property(s => s.Notes).HasMaxLength(InventoryLimits.Notes);
        builder.HasIndex(s => s.Name).IsUnique();
        builder.HasOne(s => s.Owner).WithMany().HasForeignKey(s => s.OwnerUserId).OnDelete(DeleteBehavior.SetNull);
    }
}

public class DataItemConfiguration : IEntityTypeConfiguration<DataItem>
{
    public void Configure(EntityTypeBuilder<DataItem> builder)
    {
        builder.Property(i => i.OtherCategory).HasMaxLength(InventoryLimits.OtherCategory).UseCollation("NOCASE");
        builder.Property(i => i.OverrideReason).HasMaxLength(InventoryLimits.Text);
        builder.Property(i => i.Purpose).HasMaxLength(InventoryLimits.Text);
        builder.Property(i => i.DeletionMethod).HasMaxLength(InventoryLimits.Text);
        builder.Ignore(i => i.Sensitivity);
        builder.Ignore(i => i.Retention);
        builder.HasIndex(i => new { i.SystemId, i.Category, i.OtherCategory }).IsUnique();
        builder.HasOne(i => i.System).WithMany(s => s.Items).HasForeignKey(i => i.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class DataItemShareConfiguration : IEntityTypeConfiguration<DataItemShare>
{
    public void Configure(EntityTypeBuilder<DataItemShare> builder)
    {
        builder.HasKey(s => new { s.DataItemId, s.SystemId });
        builder.HasOne(s => s.DataItem).WithMany(i => i.SharedWith).HasForeignKey(s => s.DataItemId).OnDelete(DeleteBehavior.Cascade);
        builder.HasOne(s => s.System).WithMany().HasForeignKey(s => s.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

/// <summary>Field lengths, shared by the model, the forms and the CSV import.</summary>
public static class InventoryLimits
{
    public const int Name = 200;
    public const int Contact = 200;
    public const int Url = 500;
    public const int Notes = 2000;
    public const int OtherCategory = 100;
    public const int Text = 500;
    public const int MaxRecords = 1_000_000_000;
}
