using Microsoft.Extensions.Time.Testing;
using SecurityHub.Checklist;
using SecurityHub.Inventory;
using SecurityHub.Organization;

namespace SecurityHub.Tests.Unit.Checklist;

public class ChecklistScoringTests
{
    private static readonly DateOnly Today = new(2026, 11, 22);

    /// <summary>A business every control applies to.</summary>
    private static OrganizationProfile Everything() => new()
    {
        BusinessName = "Test Bakery", WebsiteDomains = "bakery.example", TakesCardPayments = true, CustomersHaveAccounts = true,
        SetsUpForCustomers = true, ShipsToCustomers = true, StaffCount = 3,
    };

    /// <summary>Every automatic control fully covered.</summary>
    private static Dictionary<string, EvidenceReading> AllEvidence(double coverage = 1) => ControlCatalog.All
        .Where(c => c.Evidence != EvidenceKind.Manual)
        .ToDictionary(c => c.Id, c => new EvidenceReading(c.Id, coverage, "seen", new DateTime(2026, 11, 22, 8, 0, 0, DateTimeKind.Utc)));

    private static Dictionary<string, ControlStatus> AllImplemented(DateOnly? evidenceDate = null) => ControlCatalog.All
        .Where(c => c.TakesStatus)
        .ToDictionary(c => c.Id, c => new ControlStatus { ControlId = c.Id, State = ControlState.Implemented, EvidenceDate = evidenceDate ?? Today });

    private static ControlResult Result(ChecklistResult result, string id) => result.Controls.Single(c => c.Control.Id == id);

    private static int Weight(string id) => ControlCatalog.Find(id)!.Weight;

    [Fact]
    public void Catalog_EveryTip_MapsToAtLeastOneControl()
    {
        string[] tips = ["A1", "A2", "A3", "A4", "B1", "B2", "B3", "B4", "B5", "B6", "B7", "B8", "B9"];

        var unmapped = tips.Where(t => !ControlCatalog.All.Any(c => c.Tips.Contains(t))).ToList();

        Assert.Empty(unmapped);
        Assert.All(ControlCatalog.All.SelectMany(c => c.Tips), t => Assert.Contains(t, tips));
    }

    [Fact]
    public void Catalog_EighteenControls_EachWithUniqueIdNumberAndPlainTexts()
    {
        Assert.Equal(18, ControlCatalog.All.Count);
        Assert.Equal(Enumerable.Range(1, 18), ControlCatalog.All.Select(c => c.Number));
        Assert.Equal(18, ControlCatalog.All.Select(c => c.Id).Distinct().Count());
        Assert.All(ControlCatalog.All, c =>
        {
            Assert.False(string.IsNullOrWhiteSpace(c.Why), c.Id);
            Assert.False(string.IsNullOrWhiteSpace(c.HowTo), c.Id);
            Assert.InRange(c.Weight, 1, 20);
        });
        Assert.Null(ControlCatalog.Find("no-such-control"));
    }

    [Fact]
    public void Evaluate_EverythingDoneAndSeen_ScoresHundredGradeA()
    {
        var result = ChecklistScoring.Evaluate(Everything(), AllImplemented(), AllEvidence(), Today);

        Assert.Equal(ControlCatalog.All.Sum(c => c.Weight), result.Score.Possible);
        Assert.Equal(result.Score.Possible, result.Score.Earned, 6);
        Assert.Equal(100, result.Score.Percent);
        Assert.Equal('A', result.Score.Grade);
        Assert.Empty(result.Score.NextActions);
    }

    [Fact]
    public void Evaluate_NothingDoneNothingSeen_ScoresZeroGradeF()
    {
        var result = ChecklistScoring.Evaluate(Everything(), new Dictionary<string, ControlStatus>(), new Dictionary<string, EvidenceReading>(), Today);

        Assert.Equal(0, result.Score.Earned);
        Assert.Equal(0, result.Score.Percent);
        Assert.Equal('F', result.Score.Grade);
        Assert.Equal(18, result.Score.NextActions.Count);
    }

    [Fact]
    public void Evaluate_ManualControlNotApplicable_LeftOutOfPossiblePoints()
    {
        var statuses = AllImplemented();
        statuses[ControlCatalog.SecurityTesting] = new ControlStatus
        {
            ControlId = ControlCatalog.SecurityTesting, State = ControlState.NotApplicable, Reason = "We only sell at the market",
        };
        var evidence = AllEvidence(0);

        var result = ChecklistScoring.Evaluate(Everything(), statuses, evidence, Today);

        var all = ControlCatalog.All.Sum(c => c.Weight);
        Assert.Equal(all - Weight(ControlCatalog.SecurityTesting), result.Score.Possible);
        var testing = Result(result, ControlCatalog.SecurityTesting);
        Assert.False(testing.Counts);
        Assert.Contains("We only sell at the market", testing.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(result.Score.NextActions, a => a.ControlId == ControlCatalog.SecurityTesting);
    }

    [Fact]
    public void Evaluate_ProfileAnswers_DecideWhichControlsApply()
    {
        var plain = new OrganizationProfile { BusinessName = "Corner shop", StaffCount = 1 };

        var result = ChecklistScoring.Evaluate(plain, AllImplemented(), AllEvidence(), Today);

        string[] notForPlain = [ControlCatalog.Https, ControlCatalog.CustomerTwoFactor, ControlCatalog.WebsiteProtection, ControlCatalog.SecurityTesting,
            ControlCatalog.CardProcessor, ControlCatalog.CustomerCredentials, ControlCatalog.CustomerUpdates];
        Assert.Equal(notForPlain.Order(), result.Controls.Where(c => !c.Applies).Select(c => c.Control.Id).Order());
        Assert.Equal(ControlCatalog.All.Where(c => !notForPlain.Contains(c.Id)).Sum(c => c.Weight), result.Score.Possible);
        Assert.Contains("takes card payments", Result(result, ControlCatalog.CardProcessor).Explanation, StringComparison.Ordinal);
        Assert.Equal(100, result.Score.Percent);

        var setsUp = ChecklistScoring.Evaluate(new OrganizationProfile { SetsUpForCustomers = true }, AllImplemented(), AllEvidence(), Today);
        Assert.True(Result(setsUp, ControlCatalog.CustomerCredentials).Applies);
        Assert.False(Result(setsUp, ControlCatalog.CustomerUpdates).Applies);
        var ships = ChecklistScoring.Evaluate(new OrganizationProfile { ShipsToCustomers = true }, AllImplemented(), AllEvidence(), Today);
        Assert.True(Result(ships, ControlCatalog.CustomerUpdates).Applies);
        Assert.True(Result(ships, ControlCatalog.SecurityTesting).Applies);
        Assert.False(Result(ships, ControlCatalog.CustomerCredentials).Applies);
    }

    [Fact]
    public void Evaluate_PartialCoverage_EarnsThatShareOfTheWeight()
    {
        var evidence = AllEvidence();
        evidence[ControlCatalog.EncryptionAtRest] = new(ControlCatalog.EncryptionAtRest, 0.25, "1 of 4 items unencrypted", null);

        var result = ChecklistScoring.Evaluate(Everything(), AllImplemented(), evidence, Today);

        var encryption = Result(result, ControlCatalog.EncryptionAtRest);
        Assert.Equal(Weight(ControlCatalog.EncryptionAtRest) * 0.25, encryption.Earned, 6);
        Assert.Equal("1 of 4 items unencrypted", encryption.Explanation);
        Assert.Equal(result.Score.Possible - Weight(ControlCatalog.EncryptionAtRest) * 0.75, result.Score.Earned, 6);
    }

    [Fact]
    public void Evaluate_AutomaticControl_IgnoresAnyStoredStatus()
    {
        var statuses = AllImplemented();
        statuses[ControlCatalog.Https] = new ControlStatus { ControlId = ControlCatalog.Https, State = ControlState.NotApplicable, Reason = "forged" };
        var evidence = AllEvidence();
        evidence[ControlCatalog.Https] = new(ControlCatalog.Https, 0, "expired", null);

        var https = Result(ChecklistScoring.Evaluate(Everything(), statuses, evidence, Today), ControlCatalog.Https);

        Assert.True(https.Counts);
        Assert.Equal(0, https.Earned);
        Assert.Equal(ControlState.NotStarted, https.State);
    }

    [Fact]
    public void Evaluate_AttestedControl_HalfFromEvidenceHalfFromThePerson()
    {
        var statuses = AllImplemented();
        statuses.Remove(ControlCatalog.DefaultPasswords);
        var weight = Weight(ControlCatalog.DefaultPasswords);

        var seenOnly = Result(ChecklistScoring.Evaluate(Everything(), statuses, AllEvidence(), Today), ControlCatalog.DefaultPasswords);
        var both = Result(ChecklistScoring.Evaluate(Everything(), AllImplemented(), AllEvidence(), Today), ControlCatalog.DefaultPasswords);
        var attestedOnly = Result(ChecklistScoring.Evaluate(Everything(), AllImplemented(), AllEvidence(0), Today), ControlCatalog.DefaultPasswords);

        Assert.Equal(weight / 2.0, seenOnly.Earned, 6);
        Assert.Equal(weight, both.Earned, 6);
        Assert.Equal(weight / 2.0, attestedOnly.Earned, 6);
    }

    [Fact]
    public void Evaluate_AlternativeMitigation_EarnsFullPoints()
    {
        var statuses = AllImplemented();
        statuses[ControlCatalog.PasswordManager] = new ControlStatus
        {
            ControlId = ControlCatalog.PasswordManager, State = ControlState.AlternativeMitigation, Reason = "Nobody shares a login: one account each", EvidenceDate = Today,
        };

        var manager = Result(ChecklistScoring.Evaluate(Everything(), statuses, AllEvidence(), Today), ControlCatalog.PasswordManager);

        Assert.Equal(Weight(ControlCatalog.PasswordManager), manager.Earned, 6);
        Assert.Contains("one account each", manager.Explanation, StringComparison.Ordinal);
    }

    [Fact]
    public void Evaluate_RiskAccepted_ZeroPointsUntilItEndsThenNotStartedAgain()
    {
        var clock = new FakeTimeProvider(new DateTimeOffset(2026, 11, 22, 9, 0, 0, TimeSpan.Zero));
        var statuses = AllImplemented();
        statuses[ControlCatalog.SecurityTesting] = new ControlStatus
        {
            ControlId = ControlCatalog.SecurityTesting, State = ControlState.RiskAccepted, Reason = "No budget this winter", AcceptedBy = "Olive (owner)",
            AcceptedUntil = new DateOnly(2027, 3, 31),
        };
        ControlResult Testing() => Result(ChecklistScoring.Evaluate(Everything(), statuses, AllEvidence(), BusinessDay.Today(clock, "UTC")),
            ControlCatalog.SecurityTesting);

        var accepted = Testing();
        Assert.Equal(ControlState.RiskAccepted, accepted.State);
        Assert.Equal(0, accepted.Earned);
        Assert.True(accepted.Counts);
        Assert.Contains("Olive (owner)", accepted.Explanation, StringComparison.Ordinal);
        Assert.DoesNotContain(ChecklistScoring.Evaluate(Everything(), statuses, AllEvidence(), BusinessDay.Today(clock, "UTC")).Score.NextActions,
            a => a.ControlId == ControlCatalog.SecurityTesting);

        clock.SetUtcNow(new DateTimeOffset(2027, 3, 31, 23, 0, 0, TimeSpan.Zero));
        Assert.Equal(ControlState.RiskAccepted, Testing().State);

        clock.Advance(TimeSpan.FromHours(2));
        var ended = Testing();
        Assert.Equal(ControlState.NotStarted, ended.State);
        Assert.Equal(0, ended.Earned);
        Assert.Contains("ended on 31 March 2027", ended.Explanation, StringComparison.Ordinal);
        Assert.Contains(ChecklistScoring.Evaluate(Everything(), statuses, AllEvidence(), BusinessDay.Today(clock, "UTC")).Score.NextActions,
            a => a.ControlId == ControlCatalog.SecurityTesting);
    }

    [Theory]
    [InlineData(11, 1.0, "Evidence from")]
    [InlineData(12, 0.5, "earns half its points")]
    [InlineData(23, 0.5, "earns half its points")]
    [InlineData(24, 0.0, "no longer counts")]
    public void Evaluate_EvidenceAge_CreditHalvesAfterTwelveMonthsAndGoesAfterTwentyFour(int monthsOld, double share, string explained)
    {
        var statuses = AllImplemented();
        statuses[ControlCatalog.BreachPlan].EvidenceDate = Today.AddMonths(-monthsOld);

        var plan = Result(ChecklistScoring.Evaluate(Everything(), statuses, AllEvidence(), Today), ControlCatalog.BreachPlan);

        Assert.Equal(Weight(ControlCatalog.BreachPlan) * share, plan.Earned, 6);
        Assert.Contains(explained, plan.Explanation, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(100, 'A')]
    [InlineData(90, 'A')]
    [InlineData(89, 'B')]
    [InlineData(80, 'B')]
    [InlineData(79, 'C')]
    [InlineData(70, 'C')]
    [InlineData(69, 'D')]
    [InlineData(60, 'D')]
    [InlineData(59, 'F')]
    [InlineData(0, 'F')]
    public void Grade_Percent_IsTheLetter(int percent, char grade) => Assert.Equal(grade, ChecklistScoring.Grade(percent));

    [Fact]
    public void Evaluate_PlannedControls_CountInThePlannedScoreOnly()
    {
        var statuses = AllImplemented();
        statuses[ControlCatalog.Training] = new ControlStatus { ControlId = ControlCatalog.Training, State = ControlState.Planned, TargetDate = Today.AddMonths(1) };
        statuses[ControlCatalog.BreachPlan] = new ControlStatus { ControlId = ControlCatalog.BreachPlan, State = ControlState.InProgress };
        statuses[ControlCatalog.PasswordManager] = new ControlStatus { ControlId = ControlCatalog.PasswordManager, State = ControlState.NotStarted };

        var score = ChecklistScoring.Evaluate(Everything(), statuses, AllEvidence(), Today).Score;

        var possible = ControlCatalog.All.Sum(c => c.Weight);
        var planned = Weight(ControlCatalog.Training) + Weight(ControlCatalog.BreachPlan);
        var missing = planned + Weight(ControlCatalog.PasswordManager);
        Assert.Equal(possible - missing, score.Earned, 6);
        Assert.Equal(possible - Weight(ControlCatalog.PasswordManager), score.PlannedEarned, 6);
        Assert.True(score.PlannedPercent > score.Percent);
    }

    [Fact]
    public void Evaluate_CategoryScores_AddUpToTheTotal()
    {
        var evidence = AllEvidence(0.5);

        var score = ChecklistScoring.Evaluate(Everything(), new Dictionary<string, ControlStatus>(), evidence, Today).Score;

        Assert.Equal(score.Earned, score.Categories.Sum(c => c.Earned), 6);
        Assert.Equal(score.Possible, score.Categories.Sum(c => c.Possible), 6);
        var website = score.Categories.Single(c => c.Category == ControlCategory.Website);
        Assert.Equal(Weight(ControlCatalog.Https) + Weight(ControlCatalog.WebsiteProtection), website.Possible);
        Assert.Equal((int)Math.Round(100 * website.Earned / website.Possible, MidpointRounding.AwayFromZero), website.Percent);
    }

    [Fact]
    public void NextActions_RankedByPointsPerEffortThenPoints()
    {
        var statuses = AllImplemented();
        // Missing: card processor (10 points, medium: 5 per effort), team 2FA 5 of 8 points (low: 5 per effort, fewer points),
        // password manager (4 points, low), extra layers (4 points, high).
        statuses.Remove(ControlCatalog.ExtraLayers);
        statuses.Remove(ControlCatalog.PasswordManager);
        var evidence = AllEvidence();
        evidence[ControlCatalog.CardProcessor] = new(ControlCatalog.CardProcessor, 0, "Card numbers are kept in the till notebook.", null);
        evidence[ControlCatalog.TeamTwoFactor] = new(ControlCatalog.TeamTwoFactor, 0.375, "3 of 8 people use two-factor sign-in.", null);

        var actions = ChecklistScoring.Evaluate(Everything(), statuses, evidence, Today).Score.NextActions;

        Assert.Equal([ControlCatalog.CardProcessor, ControlCatalog.TeamTwoFactor, ControlCatalog.PasswordManager, ControlCatalog.ExtraLayers],
            actions.Select(a => a.ControlId));
        Assert.Equal([10, 5, 4, 4], actions.Select(a => a.PointsGained));
        Assert.Equal("Card numbers are kept in the till notebook.", actions[0].Why);
        Assert.Equal("3 of 8 people use two-factor sign-in.", actions[1].Why);
        Assert.Equal(ControlCatalog.Find(ControlCatalog.PasswordManager)!.Why, actions[2].Why);
    }
}
