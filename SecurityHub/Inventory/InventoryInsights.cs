using Microsoft.EntityFrameworkCore;
using SecurityHub.Data;

namespace SecurityHub.Inventory;

/// <summary>Counts for the "What we hold" page, the dashboard, the checklist score and the monthly summary.</summary>
public sealed record InventorySummary(
    int Systems,
    int DataItems,
    int Suggestions,
    int Vendors,
    int VendorsWithoutDpa,
    long ApproxRecords,
    IReadOnlyList<CategoryCount> ByCategory,
    IReadOnlyDictionary<Sensitivity, int> BySensitivity,
    IReadOnlyDictionary<FindingSeverity, int> FindingsBySeverity,
    int Findings,
    int SystemsWithoutFindings)
{
    public bool IsEmpty => Systems == 0 && Suggestions == 0;
}

public sealed record CategoryCount(string Category, Sensitivity Sensitivity, int Items, long ApproxRecords);

/// <summary>One data flow: what one system shares with another system or vendor.</summary>
public sealed record DataFlow(int FromId, string From, int ToId, string To, bool ToIsVendor, string ToVendor, IReadOnlyList<string> Categories, Sensitivity TopSensitivity,
    Answer ToHasDpa = Answer.Unknown);

/// <summary>The printable record of processing: what is held, why, where, for how long, and shared with whom.</summary>
public sealed record RecordOfProcessing(string BusinessName, DateOnly AsOf, IReadOnlyList<ProcessingEntry> Entries);

public sealed record ProcessingEntry(string Data, Sensitivity Sensitivity, string Purpose, string System, string Where, string Retention,
    string DeletionMethod, int? ApproxRecords, IReadOnlyList<string> SharedWith);

/// <summary>What the findings page asks for; every part is optional.</summary>
public sealed record FindingFilter(FindingSeverity? Severity = null, FindingRule? Rule = null, int? SystemId = null, string? Text = null);

/// <summary>
/// One page of findings, worst first: the rows, how many match the filter, how many there are in all, and the kinds of
/// finding and the systems present (for the filter's choices).
/// </summary>
public sealed record FindingPage(IReadOnlyList<InventoryFinding> Rows, int Matching, int Total, IReadOnlyList<FindingRule> Rules,
    IReadOnlyList<FindingSystem> Systems);

public sealed record FindingSystem(int Id, string Name);

/// <summary>
/// The findings in figures, for the dashboard, the checklist score and the monthly summary: every count by severity and by
/// rule (zero included), how many systems have at least one, and the business day they were worked out for.
/// </summary>
public sealed record FindingCounts(int Total, IReadOnlyDictionary<FindingSeverity, int> BySeverity, IReadOnlyDictionary<FindingRule, int> ByRule,
    int SystemsWithFindings, DateOnly EvaluatedFor);

/// <summary>
/// The inventory's findings and figures for every feature that needs them. No user context: the
/// dashboard, checklist score and monthly summary job call it; pages go through <see cref="InventoryService"/>.
/// The findings are read from the store (<see cref="FindingStore"/>), which every change keeps current and which is worked out
/// again when the business's day turns.
/// </summary>
public sealed class InventoryInsights(IDbContextFactory<ApplicationDbContext> factory, FindingStore store, TimeProvider clock)
{
    /// <summary>Most findings one page may ask for.</summary>
    public const int MaxPageSize = 200;

    /// <summary>Every current finding, worst first (then by system name and rule).</summary>
    public async Task<IReadOnlyList<InventoryFinding>> FindingsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await store.EnsureCurrentAsync(db, cancellationToken);
        return await ReadAsync(Ordered(db.StoredFindings.AsNoTracking()), cancellationToken);
    }

    /// <summary>A page of the findings matching the filter, worst first, with the counts and the filter's choices.</summary>
    public async Task<FindingPage> QueryFindingsAsync(FindingFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await store.EnsureCurrentAsync(db, cancellationToken);
        var all = db.StoredFindings.AsNoTracking();
        var matching = all;
        if (filter.Severity is { } severity)
        {
            matching = matching.Where(f => f.Severity == severity);
        }
        if (filter.Rule is { } rule)
        {
            matching = matching.Where(f => f.Rule == rule);
        }
        if (filter.SystemId is { } systemId)
        {
            matching = matching.Where(f => f.SystemId == systemId);
        }
        if (!string.IsNullOrWhiteSpace(filter.Text))
        {
            // Lower-cased in .NET on both sides, so accented letters match whatever their case (SQLite's LIKE folds ASCII only).
            var text = filter.Text.Trim().ToLowerInvariant();
            matching = matching.Where(f => f.SearchText.Contains(text));
        }
        var total = await all.CountAsync(cancellationToken);
        var count = ReferenceEquals(matching, all) ? total : await matching.CountAsync(cancellationToken);
        var rows = await ReadAsync(Ordered(matching).Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, MaxPageSize)), cancellationToken);
        var rules = await all.Select(f => f.Rule).Distinct().ToListAsync(cancellationToken);
        var systems = await all.GroupBy(f => f.SystemId).Select(g => new FindingSystem(g.Key, g.Min(f => f.SystemName)!)).ToListAsync(cancellationToken);
        return new FindingPage(rows, count, total, rules.OrderBy(InventoryFindings.Label, StringComparer.Ordinal).ToList(),
            systems.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList());
    }

    /// <summary>The findings in figures: the one place the checklist score and the monthly summary read them from.</summary>
    public async Task<FindingCounts> FindingCountsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await store.EnsureCurrentAsync(db, cancellationToken);
        return await CountsAsync(db, cancellationToken);
    }

    public async Task<InventorySummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        await store.EnsureCurrentAsync(db, cancellationToken);
        var counts = await CountsAsync(db, cancellationToken);
        // Figures come from small projections and groups, never from loading every item.
        var systems = await db.InventorySystems.AsNoTracking()
            .Select(s => new { s.IsSuggestion, s.Operator, s.VendorName, s.HasDpa }).ToListAsync(cancellationToken);
        var suggestedItems = await db.DataItems.CountAsync(i => i.IsSuggestion && !i.System!.IsSuggestion, cancellationToken);
        var groups = await db.DataItems.AsNoTracking().Where(i => !i.IsSuggestion && !i.System!.IsSuggestion)
            .GroupBy(i => new { i.Category, i.OtherCategory, i.SensitivityOverride })
            .Select(g => new { g.Key.Category, g.Key.OtherCategory, g.Key.SensitivityOverride, Items = g.Count(), Records = g.Sum(i => (long)(i.ApproxRecords ?? 0)) })
            .ToListAsync(cancellationToken);
        var confirmed = systems.Where(s => !s.IsSuggestion).ToList();
        var vendors = confirmed.Where(s => s.Operator == SystemOperator.Vendor).ToList();
        var items = groups.Select(g => new { Label = DataCatalog.Label(g.Category, g.OtherCategory), Sensitivity = g.SensitivityOverride ?? DataCatalog.DefaultSensitivity(g.Category), g.Items, g.Records }).ToList();
        return new InventorySummary(
            confirmed.Count,
            items.Sum(i => i.Items),
            systems.Count(s => s.IsSuggestion) + suggestedItems,
            vendors.Select(v => v.VendorName.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            vendors.Where(v => v.HasDpa != Answer.Yes).Select(v => v.VendorName.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            items.Sum(i => i.Records),
            items.GroupBy(i => i.Label, StringComparer.OrdinalIgnoreCase)
                .Select(g => new CategoryCount(g.Key, g.Max(i => i.Sensitivity), g.Sum(i => i.Items), g.Sum(i => i.Records)))
                .OrderByDescending(c => c.Sensitivity).ThenByDescending(c => c.Items).ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase).ToList(),
            Enum.GetValues<Sensitivity>().ToDictionary(s => s, s => items.Where(i => i.Sensitivity == s).Sum(i => i.Items)),
            counts.BySeverity,
            counts.Total,
            confirmed.Count - counts.SystemsWithFindings);
    }

    public async Task<IReadOnlyList<DataFlow>> FlowsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var shares = await db.DataItemShares.AsNoTracking()
            .Select(s => new
            {
                FromId = s.DataItem!.SystemId,
                From = s.DataItem.System!.Name,
                ToId = s.SystemId,
                To = s.System!.Name,
                ToIsVendor = s.System.Operator == SystemOperator.Vendor,
                ToVendor = s.System.VendorName,
                ToHasDpa = s.System.HasDpa,
                s.DataItem.Category,
                s.DataItem.OtherCategory,
                s.DataItem.SensitivityOverride,
            }).ToListAsync(cancellationToken);
        return shares.GroupBy(s => (s.FromId, s.ToId))
            .Select(g =>
            {
                var first = g.First();
                return new DataFlow(first.FromId, first.From, first.ToId, first.To, first.ToIsVendor, first.ToVendor,
                    g.Select(s => DataCatalog.Label(s.Category, s.OtherCategory)).Distinct().Order(StringComparer.OrdinalIgnoreCase).ToList(),
                    g.Max(s => s.SensitivityOverride ?? DataCatalog.DefaultSensitivity(s.Category)), first.ToHasDpa);
            })
            .OrderBy(f => f.From, StringComparer.OrdinalIgnoreCase).ThenBy(f => f.To, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<RecordOfProcessing> RecordOfProcessingAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var organization = await db.Organizations.AsNoTracking().Select(o => new { o.BusinessName, o.TimeZoneId }).FirstOrDefaultAsync(cancellationToken);
        // Projections rather than the entity graph: a record of 10,000 entries would otherwise materialise every system once per
        // share as well.
        var items = await db.DataItems.AsNoTracking().Where(i => !i.IsSuggestion && !i.System!.IsSuggestion)
            .Select(i => new
            {
                i.Id, i.Category, i.OtherCategory, i.SensitivityOverride, i.Purpose, i.RetentionTrigger, i.RetentionAmount, i.RetentionUnit,
                i.DeletionMethod, i.ApproxRecords, System = i.System!.Name, i.System.Type, i.System.Operator, i.System.VendorName,
            }).ToListAsync(cancellationToken);
        var shares = (await db.DataItemShares.AsNoTracking().Where(s => !s.DataItem!.IsSuggestion && !s.DataItem.System!.IsSuggestion)
                .Select(s => new { s.DataItemId, s.System!.Name, s.System.Operator, s.System.VendorName }).ToListAsync(cancellationToken))
            .ToLookup(s => s.DataItemId, s => s.Operator == SystemOperator.Vendor && s.VendorName.Length > 0 ? $"{s.Name} ({s.VendorName})" : s.Name);
        var entries = items
            .Select(i =>
            {
                var retention = new RetentionRule(i.RetentionTrigger, i.RetentionAmount, i.RetentionUnit);
                return new ProcessingEntry(
                    DataCatalog.Label(i.Category, i.OtherCategory),
                    i.SensitivityOverride ?? DataCatalog.DefaultSensitivity(i.Category),
                    i.Purpose,
                    i.System,
                    i.Operator == SystemOperator.Vendor ? $"{DataCatalog.Label(i.Type)}, run by {i.VendorName}" : $"{DataCatalog.Label(i.Type)}, run in-house",
                    retention.IsSet ? Capitalize(retention.ToString()) : "Not set",
                    i.DeletionMethod,
                    i.ApproxRecords,
                    shares[i.Id].Where(n => n.Length > 0).Order(StringComparer.OrdinalIgnoreCase).ToList());
            })
            .OrderBy(e => e.Data, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.System, StringComparer.OrdinalIgnoreCase).ToList();
        return new RecordOfProcessing(organization?.BusinessName ?? "", BusinessDay.Today(clock, organization?.TimeZoneId), entries);
    }

    /// <summary>The findings page's order: worst first, then by system name and rule, then as the rules listed them.</summary>
    internal static IQueryable<StoredFinding> Ordered(IQueryable<StoredFinding> findings) =>
        findings.OrderByDescending(f => f.Severity).ThenBy(f => f.SystemName).ThenBy(f => f.Rule).ThenBy(f => f.SystemId).ThenBy(f => f.Position);

    internal static async Task<IReadOnlyList<InventoryFinding>> ReadAsync(IQueryable<StoredFinding> findings, CancellationToken cancellationToken) =>
        (await findings.ToListAsync(cancellationToken)).Select(f => f.ToFinding()).ToList();

    private static async Task<FindingCounts> CountsAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var groups = await db.StoredFindings.GroupBy(f => new { f.Severity, f.Rule }).Select(g => new { g.Key.Severity, g.Key.Rule, Count = g.Count() })
            .ToListAsync(cancellationToken);
        var systems = await db.StoredFindings.Select(f => f.SystemId).Distinct().CountAsync(cancellationToken);
        var evaluatedFor = await db.FindingsEvaluations.Select(e => e.EvaluatedFor).FirstAsync(cancellationToken);
        return new FindingCounts(groups.Sum(g => g.Count),
            Enum.GetValues<FindingSeverity>().ToDictionary(s => s, s => groups.Where(g => g.Severity == s).Sum(g => g.Count)),
            Enum.GetValues<FindingRule>().ToDictionary(r => r, r => groups.Where(g => g.Rule == r).Sum(g => g.Count)),
            systems, evaluatedFor);
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
