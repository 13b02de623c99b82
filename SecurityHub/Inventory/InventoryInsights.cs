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

/// <summary>
/// The inventory's findings and figures for every feature that needs them. No user context: the
/// dashboard, checklist score and monthly summary job call it; pages go through <see cref="InventoryService"/>.
/// </summary>
public sealed class InventoryInsights(IDbContextFactory<ApplicationDbContext> factory, TimeProvider clock)
{
    public async Task<IReadOnlyList<InventoryFinding>> FindingsAsync(CancellationToken cancellationToken = default)
    {
        var (systems, today) = await LoadAsync(cancellationToken);
        return InventoryFindings.Evaluate(systems, today);
    }

    public async Task<InventorySummary> SummaryAsync(CancellationToken cancellationToken = default)
    {
        var (systems, today) = await LoadAsync(cancellationToken);
        var confirmed = systems.Where(s => !s.IsSuggestion).ToList();
        var items = confirmed.SelectMany(s => s.Items).Where(i => !i.IsSuggestion).ToList();
        var findings = InventoryFindings.Evaluate(confirmed, today);
        var vendors = confirmed.Where(s => s.Operator == SystemOperator.Vendor).ToList();
        return new InventorySummary(
            confirmed.Count,
            items.Count,
            systems.Count(s => s.IsSuggestion) + confirmed.Sum(s => s.Items.Count(i => i.IsSuggestion)),
            vendors.Select(v => v.VendorName.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            vendors.Where(v => v.HasDpa != Answer.Yes).Select(v => v.VendorName.Trim()).Distinct(StringComparer.OrdinalIgnoreCase).Count(),
            items.Sum(i => (long)(i.ApproxRecords ?? 0)),
            items.GroupBy(i => DataCatalog.Label(i.Category, i.OtherCategory), StringComparer.OrdinalIgnoreCase)
                .Select(g => new CategoryCount(g.Key, g.Max(i => i.Sensitivity), g.Count(), g.Sum(i => (long)(i.ApproxRecords ?? 0))))
                .OrderByDescending(c => c.Sensitivity).ThenByDescending(c => c.Items).ThenBy(c => c.Category, StringComparer.OrdinalIgnoreCase).ToList(),
            Enum.GetValues<Sensitivity>().ToDictionary(s => s, s => items.Count(i => i.Sensitivity == s)),
            Enum.GetValues<FindingSeverity>().ToDictionary(s => s, s => findings.Count(f => f.Severity == s)),
            findings.Count,
            confirmed.Count(s => findings.All(f => f.SystemId != s.Id)));
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
        var systems = await db.InventorySystems.AsNoTracking().Where(s => !s.IsSuggestion)
            .Include(s => s.Items).ThenInclude(i => i.SharedWith).ThenInclude(s => s.System)
            .AsSplitQuery().ToListAsync(cancellationToken);
        var entries = systems
            .SelectMany(s => s.Items.Where(i => !i.IsSuggestion).Select(i => new ProcessingEntry(
                DataCatalog.Label(i.Category, i.OtherCategory),
                i.Sensitivity,
                i.Purpose,
                s.Name,
                s.Operator == SystemOperator.Vendor ? $"{DataCatalog.Label(s.Type)}, run by {s.VendorName}" : $"{DataCatalog.Label(s.Type)}, run in-house",
                i.Retention.IsSet ? Capitalize(i.Retention.ToString()) : "Not set",
                i.DeletionMethod,
                i.ApproxRecords,
                i.SharedWith.Select(x => x.System is { } t ? t.Operator == SystemOperator.Vendor && t.VendorName.Length > 0 ? $"{t.Name} ({t.VendorName})" : t.Name : "")
                    .Where(n => n.Length > 0).Order(StringComparer.OrdinalIgnoreCase).ToList())))
            .OrderBy(e => e.Data, StringComparer.OrdinalIgnoreCase).ThenBy(e => e.System, StringComparer.OrdinalIgnoreCase).ToList();
        return new RecordOfProcessing(organization?.BusinessName ?? "", BusinessDay.Today(clock, organization?.TimeZoneId), entries);
    }

    private async Task<(List<InventorySystem> Systems, DateOnly Today)> LoadAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = await BusinessDay.TodayAsync(db, clock, cancellationToken);
        var systems = await db.InventorySystems.AsNoTracking().Include(s => s.Items).AsSplitQuery().ToListAsync(cancellationToken);
        return (systems, today);
    }

    private static string Capitalize(string text) => text.Length == 0 ? text : char.ToUpperInvariant(text[0]) + text[1..];
}
