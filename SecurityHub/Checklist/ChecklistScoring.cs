using System.Globalization;
using SecurityHub.Organization;

namespace SecurityHub.Checklist;

/// <summary>One control as the checklist shows it: whether it applies, its status now, its points and why.</summary>
public sealed record ControlResult(
    Control Control,
    bool Applies,
    ControlState State,
    ControlStatus? Status,
    EvidenceReading? Evidence,
    double Earned,
    double Possible,
    double PlannedEarned,
    string Explanation)
{
    /// <summary>Counts towards the score: applies to this business and not marked not applicable.</summary>
    public bool Counts => Applies && Possible > 0;
}

public sealed record CategoryScore(ControlCategory Category, string Label, double Earned, double Possible, int Percent);

/// <summary>
/// Something to do next: the points it would add, in plain words why, and how. <see cref="ControlId"/> is what the tasks
/// feature will turn into a task.
/// </summary>
public sealed record NextAction(string ControlId, int Number, string Title, double PointsGained, Effort Effort, string Why, string HowTo);

public sealed record ChecklistScore(
    int CatalogVersion,
    double Earned,
    double Possible,
    int Percent,
    char Grade,
    double PlannedEarned,
    int PlannedPercent,
    IReadOnlyList<CategoryScore> Categories,
    IReadOnlyList<NextAction> NextActions);

public sealed record ChecklistResult(IReadOnlyList<ControlResult> Controls, ChecklistScore Score);

/// <summary>
/// The score as a pure function of the profile, the statuses, the evidence and the business's day: points earned over points
/// that apply, with partial credit, so tests can pin every rule without a database.
/// </summary>
public static class ChecklistScoring
{
    /// <summary>Evidence this old earns half its credit.</summary>
    public const int StaleMonths = 12;

    /// <summary>Evidence this old earns nothing.</summary>
    public const int ExpiredMonths = 24;

    public static ChecklistResult Evaluate(OrganizationProfile profile, IReadOnlyDictionary<string, ControlStatus> statuses,
        IReadOnlyDictionary<string, EvidenceReading> evidence, DateOnly today, IReadOnlyList<Control>? catalog = null)
    {
        var results = (catalog ?? ControlCatalog.All)
            .Select(c => EvaluateControl(c, profile, statuses.GetValueOrDefault(c.Id), evidence.GetValueOrDefault(c.Id), today)).ToList();
        return new ChecklistResult(results, Score(results));
    }

    public static ControlResult EvaluateControl(Control control, OrganizationProfile profile, ControlStatus? status, EvidenceReading? evidence, DateOnly today)
    {
        if (!control.AppliesTo(profile))
        {
            return new(control, false, status?.State ?? ControlState.NotStarted, status, evidence, 0, 0, 0, "Does not apply here. " + control.ApplicabilityNote);
        }
        var (state, stateNote) = EffectiveState(control.TakesStatus ? status : null, today);
        if (state == ControlState.NotApplicable)
        {
            return new(control, true, state, status, evidence, 0, 0, 0, $"Marked not applicable: {status!.Reason}");
        }
        var weight = (double)control.Weight;
        var coverage = Math.Clamp(evidence?.Coverage ?? 0, 0, 1);
        var seen = evidence?.Explanation ?? "SecurityHub has no evidence for this yet.";
        var (manual, manualNote) = ManualCredit(state, status, today);
        var planned = state is ControlState.Planned or ControlState.InProgress ? 1 : manual;
        return control.Evidence switch
        {
            EvidenceKind.Automatic => new(control, true, state, status, evidence, weight * coverage, weight, weight * coverage, seen),
            EvidenceKind.Manual => new(control, true, state, status, evidence, weight * manual, weight, weight * planned,
                Join(stateNote, manualNote) is { Length: > 0 } said ? said : Label(state) + "."),
            _ => new(control, true, state, status, evidence, weight / 2 * coverage + weight / 2 * manual, weight,
                weight / 2 * coverage + weight / 2 * planned, Join(seen, stateNote, manualNote)),
        };
    }

    /// <summary>A risk acceptance holds through its end date; the day after, the control is Not started again.</summary>
    public static (ControlState State, string Note) EffectiveState(ControlStatus? status, DateOnly today)
    {
        if (status is null)
        {
            return (ControlState.NotStarted, "");
        }
        if (status.State == ControlState.RiskAccepted && (status.AcceptedUntil is not { } until || until < today))
        {
            return (ControlState.NotStarted, status.AcceptedUntil is { } ended
                ? $"The accepted risk ended on {Day(ended)}, so this control is Not started again."
                : "The accepted risk has no end date, so it no longer holds.");
        }
        return (status.State, status.State == ControlState.RiskAccepted
            ? $"Risk accepted by {status.AcceptedBy} until {Day(status.AcceptedUntil!.Value)}: {status.Reason}. It earns no points." : "");
    }

    /// <summary>The share (0, ½ or 1) a person's record earns: done or mitigated, with evidence that has not gone stale.</summary>
    public static (double Credit, string Note) ManualCredit(ControlState state, ControlStatus? status, DateOnly today)
    {
        if (state is not (ControlState.Implemented or ControlState.AlternativeMitigation) || status is null)
        {
            return (0, "");
        }
        var done = state == ControlState.AlternativeMitigation ? $"Done another way: {status.Reason}." : "Implemented.";
        if (status.EvidenceDate is not { } date)
        {
            return (1, done);
        }
        if (today >= date.AddMonths(ExpiredMonths))
        {
            return (0, $"{done} The evidence is from {Day(date)}, more than {ExpiredMonths} months ago, so it no longer counts. Check again and record today's date.");
        }
        if (today >= date.AddMonths(StaleMonths))
        {
            return (0.5, $"{done} The evidence is from {Day(date)}, more than {StaleMonths} months ago, so it earns half its points. Check again and record today's date.");
        }
        return (1, $"{done} Evidence from {Day(date)}.");
    }

    public static string Label(ControlState state) => state switch
    {
        ControlState.NotStarted => "Not started",
        ControlState.Planned => "Planned",
        ControlState.InProgress => "In progress",
        ControlState.Implemented => "Implemented",
        ControlState.AlternativeMitigation => "Alternative mitigation",
        ControlState.RiskAccepted => "Risk accepted",
        ControlState.NotApplicable => "Not applicable",
        _ => state.ToString(),
    };

    public static char Grade(int percent) => percent switch
    {
        >= 90 => 'A',
        >= 80 => 'B',
        >= 70 => 'C',
        >= 60 => 'D',
        _ => 'F',
    };

    private static ChecklistScore Score(IReadOnlyList<ControlResult> results)
    {
        var counted = results.Where(r => r.Counts).ToList();
        var earned = counted.Sum(r => r.Earned);
        var possible = counted.Sum(r => r.Possible);
        var plannedEarned = counted.Sum(r => r.PlannedEarned);
        var percent = Percent(earned, possible);
        var categories = counted.GroupBy(r => r.Control.Category).OrderBy(g => g.Key)
            .Select(g => new CategoryScore(g.Key, ControlCatalog.Label(g.Key), g.Sum(r => r.Earned), g.Sum(r => r.Possible), Percent(g.Sum(r => r.Earned), g.Sum(r => r.Possible))))
            .ToList();
        return new ChecklistScore(ControlCatalog.Version, earned, possible, percent, Grade(percent), plannedEarned, Percent(plannedEarned, possible), categories,
            NextActions(counted));
    }

    /// <summary>
    /// What to do next, best value first: points the control would still add, over its effort. An accepted risk is a decision,
    /// so its own part is not pushed again until the acceptance ends.
    /// </summary>
    public static IReadOnlyList<NextAction> NextActions(IEnumerable<ControlResult> results) => results
        .Where(r => r.Counts)
        .Select(r => (Result: r, Gain: Gain(r)))
        .Where(x => x.Gain > 0.005)
        .OrderByDescending(x => x.Gain / (int)x.Result.Control.Effort)
        .ThenByDescending(x => x.Gain)
        .ThenBy(x => x.Result.Control.Number)
        .Select(x => new NextAction(x.Result.Control.Id, x.Result.Control.Number, x.Result.Control.Title, Math.Round(x.Gain, 1), x.Result.Control.Effort,
            x.Result.Control.Evidence == EvidenceKind.Manual ? x.Result.Control.Why : x.Result.Evidence?.Explanation ?? x.Result.Control.Why,
            x.Result.Control.HowTo))
        .ToList();

    private static double Gain(ControlResult r)
    {
        var missing = r.Possible - r.Earned;
        if (r.State != ControlState.RiskAccepted)
        {
            return missing;
        }
        // Only the app-seen half of an attested control can still be gained while the risk is accepted.
        return r.Control.Evidence == EvidenceKind.AutomaticWithAttestation ? Math.Max(0, r.Possible / 2 - r.Earned) : 0;
    }

    private static int Percent(double earned, double possible) =>
        possible <= 0 ? 100 : (int)Math.Round(100 * earned / possible, MidpointRounding.AwayFromZero);

    private static string Day(DateOnly date) => date.ToString("d MMMM yyyy", CultureInfo.InvariantCulture);

    private static string Join(params string[] parts) => string.Join(" ", parts.Where(p => p.Length > 0));
}
