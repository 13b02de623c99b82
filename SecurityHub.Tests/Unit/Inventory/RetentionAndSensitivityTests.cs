using SecurityHub.Inventory;

namespace SecurityHub.Tests.Unit.Inventory;

public class RetentionAndSensitivityTests
{
    [Theory]
    [InlineData(DataCategory.Names, Sensitivity.Low)]
    [InlineData(DataCategory.EmailAddresses, Sensitivity.Moderate)]
    [InlineData(DataCategory.PostalAddresses, Sensitivity.Moderate)]
    [InlineData(DataCategory.PhoneNumbers, Sensitivity.Moderate)]
    [InlineData(DataCategory.DatesOfBirth, Sensitivity.Moderate)]
    [InlineData(DataCategory.PurchaseHistory, Sensitivity.Moderate)]
    [InlineData(DataCategory.PaymentCardNumbers, Sensitivity.Restricted)]
    [InlineData(DataCategory.BankDetails, Sensitivity.High)]
    [InlineData(DataCategory.AccountPasswords, Sensitivity.Restricted)]
    [InlineData(DataCategory.GovernmentIds, Sensitivity.Restricted)]
    [InlineData(DataCategory.HealthInformation, Sensitivity.Restricted)]
    [InlineData(DataCategory.Other, Sensitivity.Moderate)]
    public void DefaultSensitivity_EachCategory_FollowsCatalog(DataCategory category, Sensitivity expected)
    {
        Assert.Equal(expected, DataCatalog.DefaultSensitivity(category));
        Assert.Equal(expected, new DataItem { Category = category }.Sensitivity);
    }

    [Fact]
    public void DefaultSensitivity_EveryCategoryHasLabel()
    {
        Assert.All(Enum.GetValues<DataCategory>(), c => Assert.False(string.IsNullOrWhiteSpace(DataCatalog.Label(c))));
        Assert.Equal(Enum.GetValues<DataCategory>().Length, DataCatalog.Labels<DataCategory>().Distinct().Count());
    }

    [Fact]
    public void Sensitivity_Override_WinsOverCategory()
    {
        var item = new DataItem { Category = DataCategory.BankDetails, SensitivityOverride = Sensitivity.Moderate, OverrideReason = "Only the last 4 digits" };

        Assert.Equal(Sensitivity.Moderate, item.Sensitivity);
    }

    [Fact]
    public void Validate_OverrideWithoutReason_AsksForReason()
    {
        var input = new DataItemInput { Category = DataCategory.Names, SensitivityOverride = Sensitivity.High, Purpose = "x" };

        var errors = InventoryRules.Validate(input, new DateOnly(2026, 11, 22));

        Assert.Contains(nameof(DataItemInput.OverrideReason), errors.Keys);
    }

    [Fact]
    public void Validate_OverrideEqualToDefault_NeedsNoReason()
    {
        var input = new DataItemInput { Category = DataCategory.Names, SensitivityOverride = Sensitivity.Low };

        Assert.Empty(InventoryRules.Validate(input, new DateOnly(2026, 11, 22)));
    }

    [Theory]
    [InlineData("3 years after last purchase", RetentionTrigger.AfterLastPurchase, 3, RetentionUnit.Years)]
    [InlineData("1 year after collection", RetentionTrigger.AfterCollection, 1, RetentionUnit.Years)]
    [InlineData("6 months after last contact", RetentionTrigger.AfterLastContact, 6, RetentionUnit.Months)]
    [InlineData("until account closed plus 30 days", RetentionTrigger.UntilAccountClosed, 30, RetentionUnit.Days)]
    [InlineData("until account closed", RetentionTrigger.UntilAccountClosed, 0, RetentionUnit.Days)]
    [InlineData("until contract ends plus 1 month", RetentionTrigger.UntilContractEnds, 1, RetentionUnit.Months)]
    [InlineData("not set", RetentionTrigger.NotSet, 0, RetentionUnit.Days)]
    public void RetentionRule_ToStringAndTryParse_RoundTrip(string text, RetentionTrigger trigger, int amount, RetentionUnit unit)
    {
        Assert.True(RetentionRule.TryParse(text, out var rule));
        Assert.Equal(new RetentionRule(trigger, amount, unit), rule);
        Assert.Equal(text, rule.ToString());
    }

    [Theory]
    [InlineData("  3   YEARS after Last Purchase ", "3 years after last purchase")]
    [InlineData("", "not set")]
    [InlineData("Not Set", "not set")]
    public void RetentionRule_TryParse_ToleratesCaseAndSpacing(string text, string expected)
    {
        Assert.True(RetentionRule.TryParse(text, out var rule));
        Assert.Equal(expected, rule.ToString());
    }

    [Theory]
    [InlineData("forever")]
    [InlineData("3 weeks after last purchase")]
    [InlineData("0 years after collection")]
    [InlineData("-1 years after collection")]
    [InlineData("101 years after collection")]
    [InlineData("3 years")]
    [InlineData("until account closed plus")]
    [InlineData("=1+1")]
    [InlineData("99999999999999999999 days after collection")]
    public void RetentionRule_TryParse_RejectsMalformed(string text)
    {
        Assert.False(RetentionRule.TryParse(text, out var rule));
        Assert.Equal(RetentionRule.NotSet, rule);
    }

    [Fact]
    public void RetentionRule_TryParse_RejectsHugeInput()
    {
        Assert.False(RetentionRule.TryParse(new string('9', 10_000) + " days after collection", out _));
    }

    [Theory]
    [InlineData(RetentionUnit.Years, 2, "2026-02-28", "2028-02-28")]
    [InlineData(RetentionUnit.Months, 1, "2026-01-31", "2026-02-28")]
    [InlineData(RetentionUnit.Days, 30, "2026-11-01", "2026-12-01")]
    public void RetentionRule_Deadline_AddsCalendarPeriod(RetentionUnit unit, int amount, string start, string expected)
    {
        var rule = new RetentionRule(RetentionTrigger.AfterCollection, amount, unit);

        Assert.Equal(DateOnly.Parse(expected, System.Globalization.CultureInfo.InvariantCulture), rule.Deadline(DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture)));
    }

    [Fact]
    public void RetentionRule_NotSet_HasNoDeadline()
    {
        Assert.Null(RetentionRule.NotSet.Deadline(new DateOnly(2020, 1, 1)));
    }

    [Theory]
    [InlineData("Payment card numbers", DataCategory.PaymentCardNumbers)]
    [InlineData("payment-card numbers", DataCategory.PaymentCardNumbers)]
    [InlineData("PaymentCardNumbers", DataCategory.PaymentCardNumbers)]
    [InlineData("GOVERNMENT IDs", DataCategory.GovernmentIds)]
    public void DataCatalog_TryParse_AcceptsLabelOrName(string text, DataCategory expected)
    {
        Assert.True(DataCatalog.TryParse<DataCategory>(text, out var category));
        Assert.Equal(expected, category);
    }

    [Theory]
    [InlineData("")]
    [InlineData("Credit scores")]
    [InlineData("=cmd|' /C calc'!A0")]
    public void DataCatalog_TryParse_RejectsUnknown(string text)
    {
        Assert.False(DataCatalog.TryParse<DataCategory>(text, out _));
    }
}
