using System.Globalization;

namespace SecurityHub.Inventory;

/// <summary>The add/edit form of a system; also what a CSV row describes about its system.</summary>
public sealed class SystemInput
{
    public int Id { get; set; }
    public string Name { get; set; } = "";
    public SystemType Type { get; set; } = SystemType.Website;
    public SystemOperator Operator { get; set; }
    public string VendorName { get; set; } = "";
    public string VendorContact { get; set; } = "";
    public Answer HasDpa { get; set; }
    public string? OwnerUserId { get; set; }
    public string AdminUrl { get; set; } = "";
    public Answer EncryptedAtRest { get; set; }
    public Answer AdminTwoFactor { get; set; }
    public Answer DefaultPasswordsChanged { get; set; }
    public UpdatePolicy Updates { get; set; }
    public DateOnly? EndOfLife { get; set; }
    public DateOnly? LastReviewed { get; set; }
    public string Notes { get; set; } = "";

    public static SystemInput From(InventorySystem s) => new()
    {
        Id = s.Id, Name = s.Name, Type = s.Type, Operator = s.Operator, VendorName = s.VendorName, VendorContact = s.VendorContact,
        HasDpa = s.HasDpa, OwnerUserId = s.OwnerUserId, AdminUrl = s.AdminUrl, EncryptedAtRest = s.EncryptedAtRest,
        AdminTwoFactor = s.AdminTwoFactor, DefaultPasswordsChanged = s.DefaultPasswordsChanged, Updates = s.Updates,
        EndOfLife = s.EndOfLife, LastReviewed = s.LastReviewed, Notes = s.Notes,
    };

    /// <summary>Copies the (already validated and trimmed) input onto a system.</summary>
    public void ApplyTo(InventorySystem s)
    {
        s.Name = Name;
        s.Type = Type;
        s.Operator = Operator;
        s.VendorName = Operator == SystemOperator.Vendor ? VendorName : "";
        s.VendorContact = Operator == SystemOperator.Vendor ? VendorContact : "";
        s.HasDpa = Operator == SystemOperator.Vendor ? HasDpa : Answer.Unknown;
        s.OwnerUserId = string.IsNullOrEmpty(OwnerUserId) ? null : OwnerUserId;
        s.AdminUrl = AdminUrl;
        s.EncryptedAtRest = EncryptedAtRest;
        s.AdminTwoFactor = AdminTwoFactor;
        s.DefaultPasswordsChanged = DefaultPasswordsChanged;
        s.Updates = Updates;
        s.EndOfLife = Updates == UpdatePolicy.Unsupported ? EndOfLife : null;
        s.LastReviewed = LastReviewed;
        s.Notes = Notes;
    }
}

/// <summary>The add/edit form of a data item; also what a CSV row describes about its item.</summary>
public sealed class DataItemInput
{
    public int Id { get; set; }
    public int SystemId { get; set; }
    public DataCategory Category { get; set; }
    public string OtherCategory { get; set; } = "";
    public Sensitivity? SensitivityOverride { get; set; }
    public string OverrideReason { get; set; } = "";
    public string Purpose { get; set; } = "";
    public int? ApproxRecords { get; set; }
    public RetentionTrigger RetentionTrigger { get; set; }
    public int RetentionAmount { get; set; }
    public RetentionUnit RetentionUnit { get; set; } = RetentionUnit.Years;
    public string DeletionMethod { get; set; } = "";
    public DateOnly? OldestRecord { get; set; }
    public DateOnly? LastReviewed { get; set; }
    public List<int> SharedWithSystemIds { get; set; } = [];

    public RetentionRule Retention
    {
        get => new(RetentionTrigger, RetentionAmount, RetentionUnit);
        set
        {
            RetentionTrigger = value.Trigger;
            RetentionAmount = value.Amount;
            RetentionUnit = value.Unit;
        }
    }

    public static DataItemInput From(DataItem i) => new()
    {
        Id = i.Id, SystemId = i.SystemId, Category = i.Category, OtherCategory = i.OtherCategory, SensitivityOverride = i.SensitivityOverride,
        OverrideReason = i.OverrideReason, Purpose = i.Purpose, ApproxRecords = i.ApproxRecords, RetentionTrigger = i.RetentionTrigger,
        RetentionAmount = i.RetentionAmount, RetentionUnit = i.RetentionUnit, DeletionMethod = i.DeletionMethod, OldestRecord = i.OldestRecord,
        LastReviewed = i.LastReviewed, SharedWithSystemIds = i.SharedWith.Select(s => s.SystemId).Order().ToList(),
    };

    /// <summary>Copies the (already validated and trimmed) input onto an item; shares are handled by the caller.</summary>
    public void ApplyTo(DataItem i)
    {
        i.Category = Category;
        i.OtherCategory = Category == DataCategory.Other ? OtherCategory : "";
        i.SensitivityOverride = SensitivityOverride;
        i.OverrideReason = SensitivityOverride is null ? "" : OverrideReason;
        i.Purpose = Purpose;
        i.ApproxRecords = ApproxRecords;
        i.RetentionTrigger = RetentionTrigger;
        i.RetentionAmount = RetentionTrigger == RetentionTrigger.NotSet ? 0 : RetentionAmount;
        i.RetentionUnit = RetentionTrigger == RetentionTrigger.NotSet ? RetentionUnit.Days : RetentionUnit;
        i.DeletionMethod = DeletionMethod;
        i.OldestRecord = OldestRecord;
        i.LastReviewed = LastReviewed;
    }
}

/// <summary>Field rules shared by the forms and the CSV import. Messages say what is wrong and how to fix it.</summary>
public static class InventoryRules
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);

    /// <summary>Trims the text fields and returns the problems by field name.</summary>
    public static Dictionary<string, string> Validate(SystemInput input, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        input.Name = Tidy(input.Name);
        input.VendorName = Tidy(input.VendorName);
        input.VendorContact = Tidy(input.VendorContact);
        input.AdminUrl = Tidy(input.AdminUrl);
        input.Notes = TidyMultiline(input.Notes);
        if (input.Name.Length == 0)
        {
            errors[nameof(input.Name)] = "Give the system a name, such as \"Online shop\" or \"Customer spreadsheet\".";
        }
        Length(errors, nameof(input.Name), input.Name, InventoryLimits.Name);
        Defined(errors, nameof(input.Type), input.Type, "Choose what kind of system this is.");
        Defined(errors, nameof(input.Operator), input.Operator, "Choose who runs it.");
        Defined(errors, nameof(input.HasDpa), input.HasDpa, "Answer yes, no or unknown.");
        Defined(errors, nameof(input.EncryptedAtRest), input.EncryptedAtRest, "Answer yes, no or unknown.");
        Defined(errors, nameof(input.AdminTwoFactor), input.AdminTwoFactor, "Answer yes, no or unknown.");
        Defined(errors, nameof(input.DefaultPasswordsChanged), input.DefaultPasswordsChanged, "Answer yes, no or unknown.");
        Defined(errors, nameof(input.Updates), input.Updates, "Choose how it gets updates.");
        if (input.Operator == SystemOperator.Vendor && input.VendorName.Length == 0)
        {
            errors[nameof(input.VendorName)] = "Name the vendor that runs it, such as \"Stripe\".";
        }
        Length(errors, nameof(input.VendorName), input.VendorName, InventoryLimits.Name);
        Length(errors, nameof(input.VendorContact), input.VendorContact, InventoryLimits.Contact);
        Length(errors, nameof(input.Notes), input.Notes, InventoryLimits.Notes);
        if (input.AdminUrl.Length > 0)
        {
            if (input.AdminUrl.Length > InventoryLimits.Url)
            {
                errors[nameof(input.AdminUrl)] = $"Keep the address under {InventoryLimits.Url} characters.";
            }
            else if (!Uri.TryCreate(input.AdminUrl, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != Uri.UriSchemeHttp) || uri.Host.Length == 0)
            {
                errors[nameof(input.AdminUrl)] = "Enter a web address starting with https://, or leave it empty.";
            }
        }
        if (input.EndOfLife is { } eol && (eol < Earliest || eol > today.AddYears(50)))
        {
            errors[nameof(input.EndOfLife)] = "Enter a real end-of-life date.";
        }
        PastDate(errors, nameof(input.LastReviewed), input.LastReviewed, today, "The review date cannot be in the future.");
        return errors;
    }

    /// <summary>Trims the text fields and returns the problems by field name (shared-with ids are checked against the database by the caller).</summary>
    public static Dictionary<string, string> Validate(DataItemInput input, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        input.OtherCategory = Tidy(input.OtherCategory);
        input.OverrideReason = Tidy(input.OverrideReason);
        input.Purpose = Tidy(input.Purpose);
        input.DeletionMethod = Tidy(input.DeletionMethod);
        Defined(errors, nameof(input.Category), input.Category, "Choose a category from the list.");
        if (input.Category == DataCategory.Other && input.OtherCategory.Length == 0)
        {
            errors[nameof(input.OtherCategory)] = "Say what the data is, such as \"Loyalty card numbers\".";
        }
        Length(errors, nameof(input.OtherCategory), input.OtherCategory, InventoryLimits.OtherCategory);
        if (input.SensitivityOverride is { } level)
        {
            if (!Enum.IsDefined(level))
            {
                errors[nameof(input.SensitivityOverride)] = "Choose Low, Moderate, High or Restricted.";
            }
            else if (level != DataCatalog.DefaultSensitivity(input.Category) && input.OverrideReason.Length == 0)
            {
                errors[nameof(input.OverrideReason)] = "Say why this data is more or less sensitive than usual.";
            }
        }
        Length(errors, nameof(input.OverrideReason), input.OverrideReason, InventoryLimits.Text);
        Length(errors, nameof(input.Purpose), input.Purpose, InventoryLimits.Text);
        Length(errors, nameof(input.DeletionMethod), input.DeletionMethod, InventoryLimits.Text);
        if (input.ApproxRecords is < 0 or > InventoryLimits.MaxRecords)
        {
            errors[nameof(input.ApproxRecords)] = "Enter a number of records between 0 and 1,000,000,000, or leave it empty.";
        }
        if (input.Retention.Problem() is { } retention)
        {
            errors[nameof(input.Retention)] = retention;
        }
        PastDate(errors, nameof(input.OldestRecord), input.OldestRecord, today, "The oldest record cannot be from the future.");
        PastDate(errors, nameof(input.LastReviewed), input.LastReviewed, today, "The review date cannot be in the future.");
        return errors;
    }

    /// <summary>Trims and removes control characters from a one-line field.</summary>
    public static string Tidy(string? value) =>
        new string((value ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();

    /// <summary>Trims and removes control characters other than line breaks, which become \n.</summary>
    public static string TidyMultiline(string? value) =>
        new string((value ?? "").Replace("\r\n", "\n", StringComparison.Ordinal).Select(c => c == '\n' ? c : char.IsControl(c) ? ' ' : c).ToArray()).Trim();

    public static string Date(DateOnly? date) => date?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";

    private static void Length(Dictionary<string, string> errors, string field, string value, int max)
    {
        if (value.Length > max && !errors.ContainsKey(field))
        {
            errors[field] = $"Keep this under {max} characters (it has {value.Length:N0}).";
        }
    }

    private static void Defined<T>(Dictionary<string, string> errors, string field, T value, string message) where T : struct, Enum
    {
        if (!Enum.IsDefined(value))
        {
            errors[field] = message;
        }
    }

    private static void PastDate(Dictionary<string, string> errors, string field, DateOnly? date, DateOnly today, string future)
    {
        if (date is { } d)
        {
            if (d > today)
            {
                errors[field] = future;
            }
            else if (d < Earliest)
            {
                errors[field] = "Enter a date after 1900.";
            }
        }
    }
}
