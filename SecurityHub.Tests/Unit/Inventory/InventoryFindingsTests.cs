using Microsoft.Extensions.Time.Testing;
using SecurityHub.Inventory;

namespace SecurityHub.Tests.Unit.Inventory;

public class InventoryFindingsTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    /// <summary>A system with every fact in its safest state, reviewed today, so each test breaks exactly one thing.</summary>
    private static InventorySystem Clean(SystemType type = SystemType.Crm, SystemOperator op = SystemOperator.InHouse, params DataItem[] items) => new()
    {
        Id = 1,
        Name = "Customer CRM",
        Type = type,
        Operator = op,
        VendorName = op == SystemOperator.Vendor ? "Acme CRM Ltd" : "",
        HasDpa = op == SystemOperator.Vendor ? Answer.Yes : Answer.Unknown,
        EncryptedAtRest = Answer.Yes,
        AdminTwoFactor = Answer.Yes,
        DefaultPasswordsChanged = Answer.Yes,
        Updates = UpdatePolicy.Automatic,
        LastReviewed = Today,
        Items = items.ToList(),
    };

    private static DataItem Item(DataCategory category, int id = 10) => new()
    {
        Id = id,
        SystemId = 1,
        Category = category,
        Purpose = "Customer service",
        RetentionTrigger = RetentionTrigger.AfterLastPurchase,
        RetentionAmount = 2,
        RetentionUnit = RetentionUnit.Years,
        LastReviewed = Today,
    };

    private static IReadOnlyList<InventoryFinding> Evaluate(InventorySystem system, DateOnly? today = null) =>
        InventoryFindings.Evaluate([system], today ?? Today);

    [Fact]
    public void Evaluate_CleanSystem_HasNoFindings()
    {
        Assert.Empty(Evaluate(Clean(items: [Item(DataCategory.Names), Item(DataCategory.BankDetails, 11)])));
    }

    [Theory]
    [InlineData(Answer.No)]
    [InlineData(Answer.Unknown)]
    public void Evaluate_HighDataNotEncrypted_RaisesHighFinding(Answer encrypted)
    {
        var system = Clean(items: Item(DataCategory.BankDetails));
        system.EncryptedAtRest = encrypted;

        var finding = Assert.Single(Evaluate(system));

        Assert.Equal(FindingRule.SensitiveDataNotEncrypted, finding.Rule);
        Assert.Equal(FindingSeverity.High, finding.Severity);
        Assert.Equal(10, finding.DataItemId);
        Assert.Equal(Tips.Encrypt, finding.Tip);
        Assert.Contains("Bank details", finding.Title);
    }

    [Fact]
    public void Evaluate_RestrictedDataNotEncrypted_IsCritical()
    {
        var system = Clean(items: Item(DataCategory.HealthInformation));
        system.EncryptedAtRest = Answer.Unknown;

        Assert.Equal(FindingSeverity.Critical, Assert.Single(Evaluate(system)).Severity);
    }

    [Fact]
    public void Evaluate_ModerateDataNotEncrypted_HasNoEncryptionFinding()
    {
        var system = Clean(items: Item(DataCategory.EmailAddresses));
        system.EncryptedAtRest = Answer.No;

        Assert.Empty(Evaluate(system));
    }

    [Fact]
    public void Evaluate_OverrideRaisesSensitivity_EncryptionRuleFollowsOverride()
    {
        var item = Item(DataCategory.PurchaseHistory);
        item.SensitivityOverride = Sensitivity.High;
        item.OverrideReason = "Pharmacy purchases reveal health conditions";
        var system = Clean(items: item);
        system.EncryptedAtRest = Answer.No;

        Assert.Equal(FindingRule.SensitiveDataNotEncrypted, Assert.Single(Evaluate(system)).Rule);
    }

    [Fact]
    public void Evaluate_RetentionNotSet_RaisesFinding()
    {
        var item = Item(DataCategory.EmailAddresses);
        item.RetentionTrigger = RetentionTrigger.NotSet;

        var finding = Assert.Single(Evaluate(Clean(items: item)));

        Assert.Equal(FindingRule.RetentionNotSet, finding.Rule);
        Assert.Equal(FindingSeverity.Medium, finding.Severity);
        Assert.Equal(Tips.StoreLess, finding.Tip);
    }

    [Fact]
    public void Evaluate_OldestRecordPastRule_RaisesPastRetention()
    {
        var item = Item(DataCategory.PostalAddresses);
        item.OldestRecord = Today.AddYears(-2).AddDays(-1);

        var finding = Assert.Single(Evaluate(Clean(items: item)));

        Assert.Equal(FindingRule.PastRetention, finding.Rule);
        Assert.Equal(FindingSeverity.High, finding.Severity);
        Assert.Contains("2 years after last purchase", finding.Why);
    }

    [Fact]
    public void Evaluate_OldestRecordOnDeadline_IsNotPastRetention()
    {
        var item = Item(DataCategory.PostalAddresses);
        item.OldestRecord = Today.AddYears(-2);

        Assert.Empty(Evaluate(Clean(items: item)));
    }

    [Fact]
    public void Evaluate_RetentionAsTheClockMoves_FindingAppearsTheDayAfterTheDeadline()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 12, 0, 0, TimeSpan.Zero));
        var item = Item(DataCategory.PhoneNumbers);
        item.RetentionTrigger = RetentionTrigger.UntilAccountClosed;
        item.RetentionAmount = 30;
        item.RetentionUnit = RetentionUnit.Days;
        item.OldestRecord = new DateOnly(2026, 11, 1);
        var system = Clean(items: item);

        Assert.Empty(Evaluate(system, BusinessDay.Today(clock, "UTC"))); // deadline 2026-12-01

        clock.Advance(TimeSpan.FromDays(9)); // 2026-12-01: the last allowed day
        Assert.Empty(Evaluate(system, BusinessDay.Today(clock, "UTC")));

        clock.Advance(TimeSpan.FromDays(1)); // 2026-12-02
        Assert.Equal(FindingRule.PastRetention, Assert.Single(Evaluate(system, BusinessDay.Today(clock, "UTC"))).Rule);
    }

    [Fact]
    public void Today_BusinessTimeZoneAheadOfUtc_UsesTheBusinessCalendarDay()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 23, 30, 0, TimeSpan.Zero));

        Assert.Equal(new DateOnly(2026, 11, 22), BusinessDay.Today(clock, "UTC"));
        Assert.Equal(new DateOnly(2026, 11, 23), BusinessDay.Today(clock, "Pacific/Auckland"));
        Assert.Equal(new DateOnly(2026, 11, 22), BusinessDay.Today(clock, "No/Such_Zone"));
    }

    [Theory]
    [InlineData(SystemType.Crm)]
    [InlineData(SystemType.Spreadsheet)]
    [InlineData(SystemType.Website)]
    public void Evaluate_CardNumbersOutsideProcessor_IsCritical(SystemType type)
    {
        var findings = Evaluate(Clean(type, items: Item(DataCategory.PaymentCardNumbers)));

        var finding = Assert.Single(findings, f => f.Rule == FindingRule.CardNumbersOutsideProcessor);
        Assert.Equal(FindingSeverity.Critical, finding.Severity);
        Assert.Contains("token", finding.WhatToDo);
    }

    [Fact]
    public void Evaluate_CardNumbersAtProcessor_NoTokenizationFinding()
    {
        Assert.DoesNotContain(Evaluate(Clean(SystemType.PaymentProcessor, SystemOperator.Vendor, Item(DataCategory.PaymentCardNumbers))),
            f => f.Rule == FindingRule.CardNumbersOutsideProcessor);
    }

    [Theory]
    [InlineData("")]
    [InlineData("   ")]
    public void Evaluate_NoPurpose_RaisesFinding(string purpose)
    {
        var item = Item(DataCategory.DatesOfBirth);
        item.Purpose = purpose;

        Assert.Equal(FindingRule.NoPurpose, Assert.Single(Evaluate(Clean(items: item))).Rule);
    }

    [Theory]
    [InlineData(Answer.No)]
    [InlineData(Answer.Unknown)]
    public void Evaluate_AdminWithout2faOnHighData_RaisesSystemFinding(Answer twoFactor)
    {
        var system = Clean(items: Item(DataCategory.BankDetails));
        system.AdminTwoFactor = twoFactor;

        var finding = Assert.Single(Evaluate(system));

        Assert.Equal(FindingRule.AdminWithoutTwoFactor, finding.Rule);
        Assert.Null(finding.DataItemId);
        Assert.Equal(Tips.TwoFactor, finding.Tip);
    }

    [Fact]
    public void Evaluate_AdminWithout2faOnLowData_NoFinding()
    {
        var system = Clean(items: Item(DataCategory.Names));
        system.AdminTwoFactor = Answer.No;

        Assert.Empty(Evaluate(system));
    }

    [Theory]
    [InlineData(Answer.No, FindingSeverity.High)]
    [InlineData(Answer.Unknown, FindingSeverity.Medium)]
    public void Evaluate_DefaultPasswordsNotConfirmed_RaisesFinding(Answer changed, FindingSeverity severity)
    {
        var system = Clean(items: Item(DataCategory.Names));
        system.DefaultPasswordsChanged = changed;

        var finding = Assert.Single(Evaluate(system));

        Assert.Equal(FindingRule.DefaultPasswords, finding.Rule);
        Assert.Equal(severity, finding.Severity);
    }

    [Fact]
    public void Evaluate_UnsupportedSoftwarePastEndOfLife_IsHigh()
    {
        var system = Clean(items: Item(DataCategory.Names));
        system.Updates = UpdatePolicy.Unsupported;
        system.EndOfLife = Today.AddDays(-1);

        var finding = Assert.Single(Evaluate(system));

        Assert.Equal(FindingRule.UnsupportedSoftware, finding.Rule);
        Assert.Equal(FindingSeverity.High, finding.Severity);
    }

    [Fact]
    public void Evaluate_UnsupportedSoftwareEndOfLifeAhead_IsMedium()
    {
        var system = Clean(items: Item(DataCategory.Names));
        system.Updates = UpdatePolicy.Unsupported;
        system.EndOfLife = Today.AddMonths(3);

        Assert.Equal(FindingSeverity.Medium, Assert.Single(Evaluate(system)).Severity);
    }

    [Theory]
    [InlineData(UpdatePolicy.Manual, FindingSeverity.Low)]
    [InlineData(UpdatePolicy.Unknown, FindingSeverity.Medium)]
    public void Evaluate_InHouseUpdatesNotAutomatic_RaisesFinding(UpdatePolicy updates, FindingSeverity severity)
    {
        var system = Clean(items: Item(DataCategory.Names));
        system.Updates = updates;

        var finding = Assert.Single(Evaluate(system));

        Assert.Equal(FindingRule.UpdatesNotAutomatic, finding.Rule);
        Assert.Equal(severity, finding.Severity);
    }

    [Fact]
    public void Evaluate_VendorRunSystemWithManualUpdates_NoUpdateFinding()
    {
        var system = Clean(SystemType.EmailMarketing, SystemOperator.Vendor, Item(DataCategory.EmailAddresses));
        system.Updates = UpdatePolicy.Unknown;

        Assert.Empty(Evaluate(system));
    }

    [Fact]
    public void Evaluate_NotReviewedIn12Months_RaisesFindingForSystemAndItem()
    {
        var item = Item(DataCategory.Names);
        item.LastReviewed = Today.AddMonths(-12);
        var system = Clean(items: item);
        system.LastReviewed = null;

        var findings = Evaluate(system);

        Assert.Equal(2, findings.Count);
        Assert.All(findings, f => Assert.Equal(FindingRule.NotReviewed, f.Rule));
        Assert.Contains(findings, f => f.DataItemId is null && f.Why.Contains("never"));
        Assert.Contains(findings, f => f.DataItemId == 10);
    }

    [Fact]
    public void Evaluate_ReviewedElevenMonthsAgo_NoFinding()
    {
        var system = Clean(items: Item(DataCategory.Names));
        system.LastReviewed = Today.AddMonths(-11);

        Assert.Empty(Evaluate(system));
    }

    [Theory]
    [InlineData(Answer.No)]
    [InlineData(Answer.Unknown)]
    public void Evaluate_VendorWithoutDpa_RaisesFindingNamingTheVendor(Answer dpa)
    {
        var system = Clean(SystemType.EmailMarketing, SystemOperator.Vendor, Item(DataCategory.EmailAddresses));
        system.HasDpa = dpa;

        var finding = Assert.Single(Evaluate(system));

        Assert.Equal(FindingRule.VendorWithoutDpa, finding.Rule);
        Assert.Contains("Acme CRM Ltd", finding.Title);
        Assert.Equal(Tips.ThirdParties, finding.Tip);
    }

    [Fact]
    public void Evaluate_InHouseSystemWithoutDpa_NoFinding()
    {
        var system = Clean(items: Item(DataCategory.Names));
        system.HasDpa = Answer.No;

        Assert.Empty(Evaluate(system));
    }

    [Fact]
    public void Evaluate_PaperRecords_SkipsTechnicalRules()
    {
        var system = Clean(SystemType.PaperRecords, items: Item(DataCategory.BankDetails));
        system.EncryptedAtRest = Answer.No;
        system.AdminTwoFactor = Answer.No;
        system.DefaultPasswordsChanged = Answer.Unknown;
        system.Updates = UpdatePolicy.Unknown;

        Assert.Empty(Evaluate(system));
    }

    [Fact]
    public void Evaluate_Suggestions_RaiseNothingUntilConfirmed()
    {
        var item = Item(DataCategory.PaymentCardNumbers);
        item.IsSuggestion = true;
        var system = Clean(items: item);
        system.EncryptedAtRest = Answer.No;

        Assert.Empty(Evaluate(system));

        system.IsSuggestion = true;
        item.IsSuggestion = false;
        Assert.Empty(Evaluate(system));
    }

    [Fact]
    public void Evaluate_ManyFindings_SortedBySeverityThenSystem()
    {
        var risky = Clean(items: Item(DataCategory.PaymentCardNumbers));
        risky.Name = "Zebra spreadsheet";
        risky.EncryptedAtRest = Answer.No;
        var tidy = Clean(items: Item(DataCategory.Names));
        tidy.Id = 2;
        tidy.Name = "Alpha CRM";
        tidy.Updates = UpdatePolicy.Manual;

        var findings = InventoryFindings.Evaluate([tidy, risky], Today);

        Assert.Equal(findings.OrderByDescending(f => f.Severity).Select(f => f.Severity), findings.Select(f => f.Severity));
        Assert.Equal(FindingSeverity.Low, findings[^1].Severity);
        Assert.All(findings, f => Assert.False(string.IsNullOrWhiteSpace(f.WhatToDo)));
    }
}
