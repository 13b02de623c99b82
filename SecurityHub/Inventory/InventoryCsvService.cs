using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;

namespace SecurityHub.Inventory;

public sealed record ExportSummary(int Systems, int Items, int Rows);

/// <summary>
/// CSV export (every member) and import (Owners and Managers). An import is previewed first; it then saves
/// all its rows in one transaction, or only the valid ones when the person chose that, or nothing.
/// </summary>
public sealed class InventoryCsvService(IDbContextFactory<ApplicationDbContext> factory, AccessGuard guard, AuditLog audit, TimeProvider clock)
{
    /// <summary>Writes the whole inventory as CSV (one row per data item) and records the export in the audit log.</summary>
    public async Task<ExportSummary> ExportAsync(ClaimsPrincipal actor, Stream output, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var systems = await LoadAsync(db, track: false, cancellationToken);
        var emails = await db.Users.AsNoTracking().Where(u => u.Email != null).Select(u => new { u.Id, u.Email }).ToDictionaryAsync(u => u.Id, u => u.Email!, cancellationToken);
        var names = systems.ToDictionary(s => s.Id, s => s.Name);
        var summary = new ExportSummary(systems.Count, systems.Sum(s => s.Items.Count), systems.Sum(s => Math.Max(1, s.Items.Count)));
        audit.Add(db, actor, InventoryAuditEvents.Exported, "inventory", $"CSV: {summary.Systems} systems, {summary.Items} data items");
        await db.SaveChangesAsync(cancellationToken);

        await InventoryCsv.WriteAsync(output, Rows(), cancellationToken);
        return summary;

        IEnumerable<string[]> Rows()
        {
            foreach (var s in systems.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase))
            {
                var owner = s.OwnerUserId is { } id ? emails.GetValueOrDefault(id) : null;
                if (s.Items.Count == 0)
                {
                    yield return InventoryCsv.Cells(s, null, owner, []);
                    continue;
                }
                foreach (var item in s.Items.OrderBy(i => i.Category).ThenBy(i => i.OtherCategory, StringComparer.OrdinalIgnoreCase))
                {
                    yield return InventoryCsv.Cells(s, item, owner, item.SharedWith.Select(x => names.GetValueOrDefault(x.SystemId, "")).Where(n => n.Length > 0));
                }
            }
        }
    }

    /// <summary>Reads an upload (capped at 5 MB while streaming) and says, row by row, what importing it would do. Saves nothing.</summary>
    public async Task<ImportPreview> PreviewAsync(ClaimsPrincipal actor, Stream input, string fileName, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        var file = await InventoryCsv.ReadAsync(input, cancellationToken);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return (await PlanAsync(db, file, CleanName(fileName), track: false, cancellationToken)).Preview;
    }

    /// <summary>
    /// Imports a previewed file, checked again against the inventory as it is now. With problems and without
    /// <paramref name="validRowsOnly"/>, nothing is saved. Everything is saved in one transaction with its audit events.
    /// </summary>
    public async Task<ImportResult> ImportAsync(ClaimsPrincipal actor, ImportPreview preview, bool validRowsOnly, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        db.ChangeTracker.AutoDetectChangesEnabled = false;
        var (plan, fresh, planner) = await PlanAsync(db, preview.File, preview.FileName, track: true, cancellationToken);
        if (!fresh.CanImport)
        {
            return new ImportResult(false, fresh, 0, 0, 0, 0, fresh.FileProblems.Count > 0 ? fresh.FileProblems[0].Message : "The file has no rows to import.");
        }
        if (fresh.WithProblems > 0 && !validRowsOnly)
        {
            return new ImportResult(false, fresh, 0, 0, 0, 0,
                $"Nothing was imported: {fresh.WithProblems:N0} row{(fresh.WithProblems == 1 ? " has" : "s have")} problems. Fix them and upload the file again, or import the valid rows only.");
        }

        var now = clock.GetUtcNow().UtcDateTime;
        var counts = Apply(db, plan, planner, now);
        audit.Add(db, actor, InventoryAuditEvents.Imported, $"file \"{fresh.FileName}\"",
            $"{fresh.Rows.Count} rows: {fresh.ToAdd} added, {fresh.ToUpdate} updated, {fresh.Unchanged} unchanged, {fresh.WithProblems} skipped with problems" +
            $"{(validRowsOnly && fresh.WithProblems > 0 ? " (chosen: import the valid rows only)" : "")}; " +
            $"systems added {counts.SystemsAdded}, changed {counts.SystemsChanged}; data items added {counts.ItemsAdded}, changed {counts.ItemsChanged}");
        foreach (var (system, added, details) in counts.Audit)
        {
            audit.Add(db, actor, added ? InventoryAuditEvents.SystemAdded : InventoryAuditEvents.SystemChanged, $"system \"{system}\"",
                $"imported from {fresh.FileName}: {details}");
        }
        db.ChangeTracker.DetectChanges();
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // Someone added a system or item with the same name while this import ran; the transaction rolled back.
            return new ImportResult(false, fresh, 0, 0, 0, 0, "The inventory changed while importing, so nothing was imported. Upload the file again to see the new preview.");
        }
        return new ImportResult(true, fresh, fresh.ToAdd, fresh.ToUpdate, fresh.Unchanged, fresh.WithProblems,
            $"Imported {fresh.FileName}: {fresh.ToAdd:N0} row{(fresh.ToAdd == 1 ? "" : "s")} added, {fresh.ToUpdate:N0} updated, {fresh.Unchanged:N0} unchanged" +
            (fresh.WithProblems > 0 ? $", {fresh.WithProblems:N0} skipped with problems." : "."));
    }

    /// <summary>Previews and imports in one go (for scripts and tests): the same checks and the same single transaction.</summary>
    public async Task<ImportResult> ImportAsync(ClaimsPrincipal actor, Stream input, string fileName, bool validRowsOnly, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        var file = await InventoryCsv.ReadAsync(input, cancellationToken);
        return await ImportAsync(actor, new ImportPreview(CleanName(fileName), file, []), validRowsOnly, cancellationToken);
    }

    private async Task<(ImportPlan Plan, ImportPreview Preview, ImportPlanner Planner)> PlanAsync(ApplicationDbContext db, CsvFile file, string fileName, bool track, CancellationToken cancellationToken)
    {
        if (file.Problems.Count > 0)
        {
            return (new ImportPlan(), new ImportPreview(fileName, file, []), new ImportPlanner([], new Dictionary<string, string>(), new Dictionary<string, string>(), default));
        }
        var systems = await LoadAsync(db, track, cancellationToken);
        var users = await db.Users.AsNoTracking().Where(u => u.Email != null).Select(u => new { u.Id, u.Email }).ToListAsync(cancellationToken);
        var byEmail = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var user in users)
        {
            byEmail.TryAdd(user.Email!, user.Id);
        }
        var today = await BusinessDay.TodayAsync(db, clock, cancellationToken);
        var planner = new ImportPlanner(systems, byEmail, users.ToDictionary(u => u.Id, u => u.Email!), today);
        var plan = planner.Plan(file);
        return (plan, new ImportPreview(fileName, file, plan.Rows.Select(r => r.Report).ToList()), planner);
    }

    private static async Task<List<InventorySystem>> LoadAsync(ApplicationDbContext db, bool track, CancellationToken cancellationToken)
    {
        var query = db.InventorySystems.Include(s => s.Items).ThenInclude(i => i.SharedWith).AsSplitQuery();
        return await (track ? query : query.AsNoTracking()).ToListAsync(cancellationToken);
    }

    private sealed class Counts
    {
        public int SystemsAdded { get; set; }
        public int SystemsChanged { get; set; }
        public int ItemsAdded { get; set; }
        public int ItemsChanged { get; set; }
        public List<(string System, bool Added, string Details)> Audit { get; } = [];
    }

    /// <summary>Writes the valid rows of a plan to tracked entities (change detection runs once, before saving).</summary>
    private static Counts Apply(ApplicationDbContext db, ImportPlan plan, ImportPlanner planner, DateTime now)
    {
        var counts = new Counts();
        var targets = new Dictionary<string, InventorySystem>(planner.ExistingByName, StringComparer.OrdinalIgnoreCase);
        var changes = new Dictionary<SystemPlan, List<string>>();
        foreach (var group in plan.Systems.Where(g => g.Applies))
        {
            var details = changes[group] = [];
            if (group.Existing is null)
            {
                var system = new InventorySystem { CreatedUtc = now, UpdatedUtc = now };
                group.Input.ApplyTo(system);
                db.InventorySystems.Add(system);
                group.Target = system;
                counts.SystemsAdded++;
                details.Add(InventoryDescriber.Changes(new Dictionary<string, string>(), planner.DescribeSystem(system)));
            }
            else
            {
                group.Target = group.Existing;
                if (group.Changed)
                {
                    group.Input.ApplyTo(group.Existing);
                    group.Existing.IsSuggestion = false;
                    group.Existing.UpdatedUtc = now;
                    counts.SystemsChanged++;
                    details.Add(group.Changes.Length > 0 ? group.Changes : "suggestion confirmed");
                }
            }
            targets[group.Name] = group.Target;
        }

        foreach (var row in plan.Rows.Where(r => r.Item is not null && !r.Report.HasProblems && r.System!.Target is not null))
        {
            var system = row.System!.Target!;
            var item = row.ExistingItem;
            if (item is not null && !row.ItemChanged)
            {
                continue;
            }
            var adding = item is null;
            item ??= new DataItem { System = system, SystemId = system.Id, CreatedUtc = now };
            row.Item!.ApplyTo(item);
            item.IsSuggestion = false;
            item.UpdatedUtc = now;
            system.UpdatedUtc = now;
            if (row.Shares is { } shares)
            {
                var wanted = shares.Select(n => targets[n]).Distinct().ToList();
                foreach (var share in item.SharedWith.Where(s => !wanted.Any(w => w.Id != 0 && w.Id == s.SystemId)).ToList())
                {
                    item.SharedWith.Remove(share);
                    db.DataItemShares.Remove(share);
                }
                foreach (var target in wanted.Where(w => w.Id == 0 || item.SharedWith.All(s => s.SystemId != w.Id)))
                {
                    var share = new DataItemShare { DataItem = item, DataItemId = item.Id, System = target, SystemId = target.Id };
                    item.SharedWith.Add(share);
                    if (!adding)
                    {
                        db.DataItemShares.Add(share);
                    }
                }
            }
            if (adding)
            {
                db.DataItems.Add(item);
                counts.ItemsAdded++;
            }
            else
            {
                counts.ItemsChanged++;
            }
            changes[row.System!].Add(adding ? $"{row.Report.Item} added" : $"{row.Report.Item}: {(row.ItemChanges.Length > 0 ? row.ItemChanges : "suggestion confirmed")}");
        }

        foreach (var (group, details) in changes.Where(c => c.Value.Count > 0))
        {
            counts.Audit.Add((group.Name, group.Existing is null, string.Join(" | ", details)));
        }
        return counts;
    }

    private static string CleanName(string? fileName)
    {
        var name = Path.GetFileName(InventoryRules.Tidy(fileName));
        return name.Length == 0 ? "upload.csv" : InventoryCsv.Limit(name, 120);
    }
}
