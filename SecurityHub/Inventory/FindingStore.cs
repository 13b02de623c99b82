using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage;
using SecurityHub.Data;

namespace SecurityHub.Inventory;

/// <summary>
/// Keeps the stored findings equal to <see cref="InventoryFindings.Evaluate(IEnumerable{InventorySystem}, DateOnly)"/> on the
/// current inventory and business day. Writers call it (through <see cref="InventoryChangeInterceptor"/>) inside their own
/// transaction, for the systems they touched; readers call <see cref="EnsureCurrentAsync"/>, which works everything out again
/// when the business's calendar day has turned since the last evaluation (retention deadlines and the 12-month review depend on it).
/// </summary>
public sealed class FindingStore(TimeProvider clock)
{
    /// <summary>Past this many systems in one change, recomputing everything is simpler and no slower.</summary>
    internal const int PartialLimit = 500;

    // The rules may have changed with this version of the app, so the first read after start evaluates everything once.
    private volatile bool _evaluatedSinceStart;

    /// <summary>
    /// Makes sure the stored findings are for today in the business's time zone; recomputes them all if not (a new day, a new
    /// time zone, the first read since the app started). Cheap when they are current: one small query.
    /// </summary>
    public async Task EnsureCurrentAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        if (_evaluatedSinceStart && await IsCurrentAsync(db, cancellationToken))
        {
            return;
        }
        // SQLite transactions here begin IMMEDIATE, so this waits for any writer; then look again, since another reader may
        // have done the work meanwhile. (Inside a caller's transaction, the caller commits.)
        await using var transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
        if (!_evaluatedSinceStart || !await IsCurrentAsync(db, cancellationToken))
        {
            await RecomputeAllAsync(db, await BusinessDay.TodayAsync(db, clock, cancellationToken), cancellationToken);
        }
        if (transaction is not null)
        {
            await transaction.CommitAsync(cancellationToken);
            _evaluatedSinceStart = true;
        }
    }

    /// <summary>
    /// After a change to the inventory (or the business's time zone), inside the writing transaction: recomputes the given
    /// systems, or everything when the stored findings are for another day or the change is large.
    /// </summary>
    internal async Task RefreshAsync(ApplicationDbContext db, IReadOnlyCollection<int> systemIds, CancellationToken cancellationToken)
    {
        var today = await BusinessDay.TodayAsync(db, clock, cancellationToken);
        var evaluatedFor = await EvaluatedForAsync(db, cancellationToken);
        if (evaluatedFor != today || systemIds.Count > PartialLimit)
        {
            await RecomputeAllAsync(db, today, cancellationToken);
        }
        else if (systemIds.Count > 0)
        {
            await RecomputeAsync(db, systemIds, today, cancellationToken);
        }
    }

    /// <summary>
    /// Works out every finding again in a transaction of its own and returns how many there are. Nothing needs to call it
    /// (readers catch a new day themselves); it is there for a scheduled job or an operator.
    /// </summary>
    public async Task<int> RecomputeAllAsync(ApplicationDbContext db, CancellationToken cancellationToken = default)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var count = await RecomputeAllAsync(db, await BusinessDay.TodayAsync(db, clock, cancellationToken), cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return count;
    }

    /// <summary>Works out every finding again (inside the caller's transaction).</summary>
    private async Task<int> RecomputeAllAsync(ApplicationDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        await db.StoredFindings.ExecuteDeleteAsync(cancellationToken);
        var systems = await db.InventorySystems.AsNoTracking().Include(s => s.Items).AsSplitQuery().ToListAsync(cancellationToken);
        var count = await InsertAsync(db, systems, today, cancellationToken);
        await SaveEvaluationAsync(db, today, cancellationToken);
        return count;
    }

    private async Task RecomputeAsync(ApplicationDbContext db, IReadOnlyCollection<int> systemIds, DateOnly today, CancellationToken cancellationToken)
    {
        var ids = systemIds.ToList();
        await db.StoredFindings.Where(f => ids.Contains(f.SystemId)).ExecuteDeleteAsync(cancellationToken);
        var systems = await db.InventorySystems.AsNoTracking().Where(s => ids.Contains(s.Id)).Include(s => s.Items).AsSplitQuery().ToListAsync(cancellationToken);
        await InsertAsync(db, systems, today, cancellationToken);
        await SaveEvaluationAsync(db, today, cancellationToken);
    }

    private async Task<bool> IsCurrentAsync(ApplicationDbContext db, CancellationToken cancellationToken) =>
        await EvaluatedForAsync(db, cancellationToken) == await BusinessDay.TodayAsync(db, clock, cancellationToken);

    private static Task<DateOnly?> EvaluatedForAsync(ApplicationDbContext db, CancellationToken cancellationToken) =>
        db.FindingsEvaluations.Where(e => e.Id == FindingsEvaluation.SingletonId).Select(e => (DateOnly?)e.EvaluatedFor).FirstOrDefaultAsync(cancellationToken);

    private async Task SaveEvaluationAsync(ApplicationDbContext db, DateOnly today, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Database.ExecuteSqlAsync($"""
            INSERT INTO "InventoryFindingsEvaluation" ("Id", "EvaluatedFor", "Revision", "EvaluatedUtc") VALUES ({FindingsEvaluation.SingletonId}, {today}, 1, {now})
            ON CONFLICT ("Id") DO UPDATE SET "EvaluatedFor" = excluded."EvaluatedFor", "Revision" = "Revision" + 1, "EvaluatedUtc" = excluded."EvaluatedUtc"
            """, cancellationToken);
    }

    /// <summary>
    /// Evaluates the systems and inserts their findings with one prepared statement: a full recompute writes thousands of rows,
    /// and going through the change tracker here would also run inside the caller's SaveChanges.
    /// </summary>
    private static async Task<int> InsertAsync(ApplicationDbContext db, List<InventorySystem> systems, DateOnly today, CancellationToken cancellationToken)
    {
        var transaction = db.Database.CurrentTransaction?.GetDbTransaction()
            ?? throw new InvalidOperationException("Findings are written inside the transaction of the change that causes them.");
        await using var command = db.Database.GetDbConnection().CreateCommand();
        command.Transaction = transaction;
        command.CommandText = """
            INSERT INTO "InventoryFindings" ("SystemId", "SystemName", "Position", "DataItemId", "DataLabel", "Rule", "Severity", "Title", "Why", "Tip", "WhatToDo", "SearchText")
            VALUES ($system, $name, $position, $item, $label, $rule, $severity, $title, $why, $tip, $todo, $search)
            """;
        var p = new[] { "$system", "$name", "$position", "$item", "$label", "$rule", "$severity", "$title", "$why", "$tip", "$todo", "$search" }
            .Select(name => Parameter(command, name)).ToArray();
        var count = 0;
        var findings = new List<InventoryFinding>();
        foreach (var system in systems)
        {
            // The system page lists items by category; evaluating them in that order keeps its findings in the same order.
            system.Items = system.Items.OrderBy(i => i.Category).ThenBy(i => i.OtherCategory, StringComparer.OrdinalIgnoreCase).ToList();
            findings.Clear();
            InventoryFindings.Evaluate(system, today, findings);
            for (var position = 0; position < findings.Count; position++)
            {
                var f = findings[position];
                p[0].Value = f.SystemId;
                p[1].Value = f.SystemName;
                p[2].Value = position;
                p[3].Value = (object?)f.DataItemId ?? DBNull.Value;
                p[4].Value = (object?)f.DataLabel ?? DBNull.Value;
                p[5].Value = (int)f.Rule;
                p[6].Value = (int)f.Severity;
                p[7].Value = f.Title;
                p[8].Value = f.Why;
                p[9].Value = f.Tip;
                p[10].Value = f.WhatToDo;
                p[11].Value = StoredFinding.SearchTextOf(f);
                await command.ExecuteNonQueryAsync(cancellationToken);
                count++;
            }
        }
        return count;
    }

    private static DbParameter Parameter(DbCommand command, string name)
    {
        var parameter = command.CreateParameter();
        parameter.ParameterName = name;
        command.Parameters.Add(parameter);
        return parameter;
    }
}
