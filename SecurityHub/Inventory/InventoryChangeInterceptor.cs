using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.ChangeTracking;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Storage;
using SecurityHub.Data;
using SecurityHub.Organization;

namespace SecurityHub.Inventory;

/// <summary>
/// Every SaveChanges that touches an input of the finding rules (systems, data items, their sharing, the business's time
/// zone) also rewrites the findings of the systems it touched, in the same transaction. Hooking SaveChanges rather than each
/// service means no writer can forget: the pages, the CSV import, the guided inventory, the demo seed and the tests' own
/// seeding all go through it. (Bulk <c>ExecuteUpdate</c>/<c>ExecuteDelete</c> on inventory tables would bypass it; the app
/// uses none, and a system deleted that way still takes its findings with it through the foreign key.)
/// </summary>
public sealed class InventoryChangeInterceptor(FindingStore store) : SaveChangesInterceptor
{
    private readonly ConditionalWeakTable<DbContext, PendingChange> _pending = new();

    public override async ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ApplicationDbContext db && PendingChange.Collect(db) is { } change)
        {
            // SQLite transactions begin IMMEDIATE: from here until the findings are written, no other writer can interleave.
            change.Transaction = db.Database.CurrentTransaction is null ? await db.Database.BeginTransactionAsync(cancellationToken) : null;
            _pending.AddOrUpdate(db, change);
            await change.AddNeighboursAsync(db, cancellationToken);
        }
        return result;
    }

    public override async ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        if (eventData.Context is ApplicationDbContext db && _pending.TryGetValue(db, out var change))
        {
            _pending.Remove(db);
            try
            {
                await store.RefreshAsync(db, change.SystemIds(), cancellationToken);
                if (change.Transaction is not null)
                {
                    await change.Transaction.CommitAsync(cancellationToken);
                }
            }
            finally
            {
                // Not committed means rolled back: the change and its findings land together or not at all.
                if (change.Transaction is not null)
                {
                    await change.Transaction.DisposeAsync();
                }
            }
        }
        return result;
    }

    public override async Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default) =>
        await AbandonAsync(eventData.Context);

    public override async Task SaveChangesCanceledAsync(DbContextEventData eventData, CancellationToken cancellationToken = default) =>
        await AbandonAsync(eventData.Context);

    // Microsoft.Data.Sqlite runs its async methods synchronously, so the synchronous SaveChanges can wait on the same code.
    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result) =>
        SavingChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result) =>
        SavedChangesAsync(eventData, result).AsTask().GetAwaiter().GetResult();

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => AbandonAsync(eventData.Context).GetAwaiter().GetResult();

    public override void SaveChangesCanceled(DbContextEventData eventData) => AbandonAsync(eventData.Context).GetAwaiter().GetResult();

    private async Task AbandonAsync(DbContext? context)
    {
        if (context is not null && _pending.TryGetValue(context, out var change))
        {
            _pending.Remove(context);
            if (change.Transaction is not null)
            {
                await change.Transaction.DisposeAsync();
            }
        }
    }

    /// <summary>The systems one SaveChanges touches, read from the change tracker before the save.</summary>
    private sealed class PendingChange
    {
        private readonly HashSet<int> _ids = [];
        private readonly List<InventorySystem> _addedSystems = [];
        private readonly List<DataItem> _addedItems = [];
        private readonly List<int> _sharedItemIds = [];

        public IDbContextTransaction? Transaction { get; set; }

        public static PendingChange? Collect(ApplicationDbContext db)
        {
            PendingChange? change = null;
            PendingChange Change() => change ??= new PendingChange();
            // Entries() detects changes first unless the caller turned that off (the CSV import detects them itself).
            foreach (var entry in db.ChangeTracker.Entries())
            {
                if (entry.State is not (EntityState.Added or EntityState.Modified or EntityState.Deleted))
                {
                    continue;
                }
                switch (entry.Entity)
                {
                    case InventorySystem system when entry.State == EntityState.Added:
                        Change()._addedSystems.Add(system);
                        break;
                    case InventorySystem system:
                        Change()._ids.Add(system.Id);
                        break;
                    case DataItem item when entry.State == EntityState.Added:
                        Change()._addedItems.Add(item);
                        break;
                    case DataItem item:
                        Change()._ids.Add(item.SystemId);
                        Change().AddOriginal(entry, nameof(DataItem.SystemId));
                        break;
                    case DataItemShare share:
                        // The item's system holds the data; the system it goes to is where a flow rule would look.
                        // (An added item or system has a temporary id until the save; it is listed as added itself.)
                        Change()._sharedItemIds.Add(share.DataItemId);
                        Change()._ids.Add(share.SystemId);
                        Change().AddOriginal(entry, nameof(DataItemShare.SystemId));
                        break;
                    case OrganizationProfile when entry.State != EntityState.Modified || entry.Property(nameof(OrganizationProfile.TimeZoneId)).IsModified:
                        // The time zone decides which day "today" is; the store compares that with the day it evaluated for.
                        Change();
                        break;
                }
            }
            return change;
        }

        private void AddOriginal(EntityEntry entry, string property)
        {
            if (entry.State != EntityState.Added && entry.Property(property).OriginalValue is int id and > 0)
            {
                _ids.Add(id);
            }
        }

        /// <summary>
        /// The systems that share data with a touched system, and those a touched system shares with, looked up before the
        /// save (a deleted system's incoming flows vanish with it). The rules read one system at a time today, but a flow rule
        /// looks across systems, so its neighbours are worked out again too; that costs a few systems per edit.
        /// </summary>
        public async Task AddNeighboursAsync(ApplicationDbContext db, CancellationToken cancellationToken)
        {
            _ids.RemoveWhere(id => id <= 0);
            var ids = _ids.ToList();
            var itemIds = _sharedItemIds.Where(id => id > 0).Distinct().ToList();
            if (ids.Count + itemIds.Count == 0 || ids.Count > PartialLimit)
            {
                return;
            }
            var flows = await db.DataItemShares.AsNoTracking()
                .Where(s => ids.Contains(s.SystemId) || ids.Contains(s.DataItem!.SystemId) || itemIds.Contains(s.DataItemId))
                .Select(s => new { From = s.DataItem!.SystemId, To = s.SystemId })
                .ToListAsync(cancellationToken);
            foreach (var flow in flows)
            {
                _ids.Add(flow.From);
                _ids.Add(flow.To);
            }
            if (itemIds.Count > 0)
            {
                _ids.UnionWith(await db.DataItems.AsNoTracking().Where(i => itemIds.Contains(i.Id)).Select(i => i.SystemId).ToListAsync(cancellationToken));
            }
        }

        /// <summary>After the save, when added systems and items have their ids.</summary>
        public HashSet<int> SystemIds()
        {
            _ids.UnionWith(_addedSystems.Select(s => s.Id));
            _ids.UnionWith(_addedItems.Select(i => i.SystemId));
            _ids.RemoveWhere(id => id <= 0);
            return _ids;
        }

        private const int PartialLimit = FindingStore.PartialLimit;
    }
}
