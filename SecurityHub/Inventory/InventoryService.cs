using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;
using SecurityHub.Organization;

namespace SecurityHub.Inventory;

public static class InventoryAuditEvents
{
    public const string SystemAdded = "inventory.system-added";
    public const string SystemChanged = "inventory.system-changed";
    public const string SystemDeleted = "inventory.system-deleted";
    public const string ItemAdded = "inventory.item-added";
    public const string ItemChanged = "inventory.item-changed";
    public const string ItemDeleted = "inventory.item-deleted";
    public const string Confirmed = "inventory.suggestion-confirmed";
    public const string Reviewed = "inventory.reviewed";
    public const string GuidedStarted = "inventory.guided-suggestions";
    public const string Imported = "inventory.imported";
    public const string Exported = "inventory.exported";
}

/// <summary>A page of the systems grid.</summary>
public sealed record SystemQuery(int Skip = 0, int Take = 20, string? Search = null, SystemType? Type = null, SystemOperator? Operator = null,
    string SortBy = nameof(SystemRow.Name), bool Descending = false);

public sealed record SystemRow(int Id, string Name, SystemType Type, SystemOperator Operator, string VendorName, string? OwnerName,
    int ItemCount, Sensitivity? HighestSensitivity, int FindingCount, FindingSeverity? TopSeverity, DateOnly? LastReviewed, bool IsSuggestion);

public sealed record SystemPage(IReadOnlyList<SystemRow> Rows, int Total);

/// <summary>A system with its items, the findings about it, and the choices its forms need.</summary>
public sealed record SystemDetail(InventorySystem System, string? OwnerName, IReadOnlyList<InventoryFinding> Findings,
    IReadOnlyList<SystemChoice> OtherSystems, IReadOnlyList<SystemChoice> SharedWithThis, IReadOnlyList<LinkedCertificate>? Certificates = null);

/// <summary>A watched TLS endpoint linked to a system, with its latest status.</summary>
public sealed record LinkedCertificate(int Id, string Host, int Port, Certificates.CertificateStatus? Status, int? DaysLeft);

public sealed record SystemChoice(int Id, string Name, bool IsVendor);

public sealed record PersonChoice(string Id, string Name);

/// <summary>Owners and Managers change the inventory; every member reads it. Every change is audited with before and after.</summary>
public sealed class InventoryService(IDbContextFactory<ApplicationDbContext> factory, AccessGuard guard, AuditLog audit, InventoryInsights insights, FindingStore store,
    TimeProvider clock)
{
    public async Task<SystemPage> QuerySystemsAsync(ClaimsPrincipal actor, SystemQuery query, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var systems = db.InventorySystems.AsNoTracking();
        if (!string.IsNullOrWhiteSpace(query.Search))
        {
            var pattern = "%" + query.Search.Trim().Replace("\\", "\\\\", StringComparison.Ordinal).Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            systems = systems.Where(s => EF.Functions.Like(s.Name, pattern, "\\") || EF.Functions.Like(s.VendorName, pattern, "\\"));
        }
        if (query.Type is { } type)
        {
            systems = systems.Where(s => s.Type == type);
        }
        if (query.Operator is { } op)
        {
            systems = systems.Where(s => s.Operator == op);
        }
        var total = await systems.CountAsync(cancellationToken);
        systems = (query.SortBy, query.Descending) switch
        {
            (nameof(SystemRow.Type), false) => systems.OrderBy(s => s.Type).ThenBy(s => s.Name),
            (nameof(SystemRow.Type), true) => systems.OrderByDescending(s => s.Type).ThenBy(s => s.Name),
            (nameof(SystemRow.Operator), false) => systems.OrderBy(s => s.Operator).ThenBy(s => s.VendorName).ThenBy(s => s.Name),
            (nameof(SystemRow.Operator), true) => systems.OrderByDescending(s => s.Operator).ThenBy(s => s.VendorName).ThenBy(s => s.Name),
            (nameof(SystemRow.VendorName), false) => systems.OrderBy(s => s.VendorName).ThenBy(s => s.Name),
            (nameof(SystemRow.VendorName), true) => systems.OrderByDescending(s => s.VendorName).ThenBy(s => s.Name),
            (nameof(SystemRow.OwnerName), false) => systems.OrderBy(s => s.Owner!.DisplayName).ThenBy(s => s.Name),
            (nameof(SystemRow.OwnerName), true) => systems.OrderByDescending(s => s.Owner!.DisplayName).ThenBy(s => s.Name),
            (nameof(SystemRow.ItemCount), false) => systems.OrderBy(s => s.Items.Count).ThenBy(s => s.Name),
            (nameof(SystemRow.ItemCount), true) => systems.OrderByDescending(s => s.Items.Count).ThenBy(s => s.Name),
            (nameof(SystemRow.LastReviewed), false) => systems.OrderBy(s => s.LastReviewed).ThenBy(s => s.Name),
            (nameof(SystemRow.LastReviewed), true) => systems.OrderByDescending(s => s.LastReviewed).ThenBy(s => s.Name),
            (_, true) => systems.OrderByDescending(s => s.Name),
            _ => systems.OrderBy(s => s.Name),
        };
        var page = await systems.Skip(Math.Max(0, query.Skip)).Take(Math.Clamp(query.Take, 1, 200))
            .Include(s => s.Items).Include(s => s.Owner).AsSplitQuery().ToListAsync(cancellationToken);
        await store.EnsureCurrentAsync(db, cancellationToken);
        var ids = page.Select(s => s.Id).ToList();
        var counts = await db.StoredFindings.Where(f => ids.Contains(f.SystemId)).GroupBy(f => f.SystemId)
            .Select(g => new { g.Key, Count = g.Count(), Top = g.Max(f => f.Severity) }).ToDictionaryAsync(g => g.Key, cancellationToken);
        var rows = page.Select(s =>
        {
            var found = counts.GetValueOrDefault(s.Id);
            return new SystemRow(s.Id, s.Name, s.Type, s.Operator, s.VendorName, OwnerName(s.Owner), s.Items.Count,
                s.Items.Count == 0 ? null : s.Items.Max(i => i.Sensitivity), found?.Count ?? 0, found?.Top, s.LastReviewed, s.IsSuggestion);
        }).ToList();
        return new SystemPage(rows, total);
    }

    public async Task<SystemDetail?> GetSystemAsync(ClaimsPrincipal actor, int id, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var system = await db.InventorySystems.AsNoTracking().Include(s => s.Owner)
            .Include(s => s.Items).ThenInclude(i => i.SharedWith).ThenInclude(s => s.System)
            .AsSplitQuery().FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (system is null)
        {
            return null;
        }
        system.Items = system.Items.OrderBy(i => i.Category).ThenBy(i => i.OtherCategory, StringComparer.OrdinalIgnoreCase).ToList();
        await store.EnsureCurrentAsync(db, cancellationToken);
        // Worst first, and within a severity in the order the rules listed them (items by category, then the system's own).
        var systemFindings = await InventoryInsights.ReadAsync(
            db.StoredFindings.AsNoTracking().Where(f => f.SystemId == id).OrderByDescending(f => f.Severity).ThenBy(f => f.Position), cancellationToken);
        var others = await db.InventorySystems.AsNoTracking().Where(s => s.Id != id).OrderBy(s => s.Name)
            .Select(s => new SystemChoice(s.Id, s.Name, s.Operator == SystemOperator.Vendor)).ToListAsync(cancellationToken);
        var inbound = await db.DataItemShares.AsNoTracking().Where(s => s.SystemId == id && s.DataItem!.SystemId != id)
            .Select(s => new SystemChoice(s.DataItem!.SystemId, s.DataItem.System!.Name, s.DataItem.System.Operator == SystemOperator.Vendor))
            .Distinct().ToListAsync(cancellationToken);
        var certificates = await db.CertificateEndpoints.AsNoTracking().Where(e => e.InventorySystemId == id)
            .OrderBy(e => e.Host).ThenBy(e => e.Port)
            .Select(e => new LinkedCertificate(e.Id, e.Host, e.Port, e.LastStatus, e.DaysLeft)).ToListAsync(cancellationToken);
        return new SystemDetail(system, OwnerName(system.Owner), systemFindings, others,
            inbound.OrderBy(s => s.Name, StringComparer.OrdinalIgnoreCase).ToList(), certificates);
    }

    /// <summary>The team members who can be named as a system's business owner.</summary>
    public async Task<IReadOnlyList<PersonChoice>> OwnerChoicesAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var people = await db.Users.AsNoTracking().Where(u => !u.IsDisabled).Select(u => new { u.Id, u.DisplayName, u.Email }).ToListAsync(cancellationToken);
        return people.Select(p => new PersonChoice(p.Id, string.IsNullOrWhiteSpace(p.DisplayName) ? p.Email ?? p.Id : $"{p.DisplayName} ({p.Email})"))
            .OrderBy(p => p.Name, StringComparer.OrdinalIgnoreCase).ToList();
    }

    public async Task<SaveResult> SaveSystemAsync(ClaimsPrincipal actor, SystemInput input, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = await TodayAsync(db, cancellationToken);
        var errors = InventoryRules.Validate(input, today);
        if (!string.IsNullOrEmpty(input.OwnerUserId) && !await db.Users.AnyAsync(u => u.Id == input.OwnerUserId, cancellationToken))
        {
            errors[nameof(input.OwnerUserId)] = "Choose a member of your team.";
        }
        if (!errors.ContainsKey(nameof(input.Name)) && await db.InventorySystems.AnyAsync(s => s.Name == input.Name && s.Id != input.Id, cancellationToken))
        {
            errors[nameof(input.Name)] = $"There is already a system called \"{input.Name}\". Use a different name, or edit that one.";
        }
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        InventorySystem system;
        InventorySystem? found = null;
        if (input.Id == 0)
        {
            system = new InventorySystem { CreatedUtc = now };
            db.InventorySystems.Add(system);
        }
        else
        {
            found = await db.InventorySystems.FirstOrDefaultAsync(s => s.Id == input.Id, cancellationToken);
            if (found is null)
            {
                return SaveResult.Invalid("Id", "This system no longer exists. Someone may have deleted it.");
            }
            system = found;
        }
        var people = await PeopleAsync(db, [system.OwnerUserId, input.OwnerUserId], cancellationToken);
        var before = found is null ? new Dictionary<string, string>() : InventoryDescriber.Describe(system, people);
        input.LastReviewed ??= input.Id == 0 ? today : null;
        input.ApplyTo(system);
        system.IsSuggestion = false;
        system.UpdatedUtc = now;
        var changes = InventoryDescriber.Changes(before, InventoryDescriber.Describe(system, people));
        if (input.Id != 0 && changes.Length == 0)
        {
            return SaveResult.Ok;
        }
        audit.Add(db, actor, input.Id == 0 ? InventoryAuditEvents.SystemAdded : InventoryAuditEvents.SystemChanged, $"system \"{system.Name}\"", changes);
        await db.SaveChangesAsync(cancellationToken);
        input.Id = system.Id;
        return SaveResult.Ok;
    }

    public async Task<SaveResult> DeleteSystemAsync(ClaimsPrincipal actor, int id, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var system = await db.InventorySystems.Include(s => s.Items).FirstOrDefaultAsync(s => s.Id == id, cancellationToken);
        if (system is null)
        {
            return SaveResult.Invalid("Id", "This system no longer exists. Someone may have deleted it.");
        }
        var people = await PeopleAsync(db, [system.OwnerUserId], cancellationToken);
        var details = InventoryDescriber.Changes(InventoryDescriber.Describe(system, people), new Dictionary<string, string>())
            + $"; data items deleted: {(system.Items.Count == 0 ? "none" : string.Join(", ", system.Items.Select(i => DataCatalog.Label(i.Category, i.OtherCategory))))}";
        db.InventorySystems.Remove(system);
        audit.Add(db, actor, InventoryAuditEvents.SystemDeleted, $"system \"{system.Name}\"", details);
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    public async Task<SaveResult> SaveItemAsync(ClaimsPrincipal actor, DataItemInput input, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = await TodayAsync(db, cancellationToken);
        var errors = InventoryRules.Validate(input, today);
        var system = await db.InventorySystems.FirstOrDefaultAsync(s => s.Id == input.SystemId, cancellationToken);
        if (system is null)
        {
            return SaveResult.Invalid("SystemId", "This system no longer exists. Someone may have deleted it.");
        }
        var shareIds = input.SharedWithSystemIds.Distinct().ToList();
        if (shareIds.Contains(input.SystemId))
        {
            errors[nameof(input.SharedWithSystemIds)] = "Data cannot be shared with the system that holds it.";
        }
        else if (shareIds.Count > 0 && await db.InventorySystems.CountAsync(s => shareIds.Contains(s.Id), cancellationToken) != shareIds.Count)
        {
            errors[nameof(input.SharedWithSystemIds)] = "One of the chosen systems no longer exists. Choose again.";
        }
        var other = input.Category == DataCategory.Other ? input.OtherCategory : "";
        if (!errors.ContainsKey(nameof(input.Category)) && !errors.ContainsKey(nameof(input.OtherCategory))
            && await db.DataItems.AnyAsync(i => i.SystemId == input.SystemId && i.Category == input.Category && i.OtherCategory == other && i.Id != input.Id, cancellationToken))
        {
            errors[input.Category == DataCategory.Other ? nameof(input.OtherCategory) : nameof(input.Category)] =
                $"{system.Name} already lists {DataCatalog.Label(input.Category, other).ToLowerInvariant()}. Edit that entry instead.";
        }
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }
        var now = clock.GetUtcNow().UtcDateTime;
        DataItem item;
        IReadOnlyDictionary<string, string> before;
        if (input.Id == 0)
        {
            item = new DataItem { SystemId = system.Id, CreatedUtc = now };
            db.DataItems.Add(item);
            before = new Dictionary<string, string>();
            input.LastReviewed ??= today;
        }
        else
        {
            var found = await db.DataItems.Include(i => i.SharedWith).ThenInclude(s => s.System)
                .FirstOrDefaultAsync(i => i.Id == input.Id && i.SystemId == input.SystemId, cancellationToken);
            if (found is null)
            {
                return SaveResult.Invalid("Id", "This data item no longer exists. Someone may have deleted it.");
            }
            item = found;
            before = InventoryDescriber.Describe(item);
        }
        input.ApplyTo(item);
        item.IsSuggestion = false;
        item.UpdatedUtc = now;
        item.SharedWith.RemoveAll(s => !shareIds.Contains(s.SystemId));
        var targets = await db.InventorySystems.Where(s => shareIds.Contains(s.Id)).ToListAsync(cancellationToken);
        foreach (var target in targets.Where(t => item.SharedWith.All(s => s.SystemId != t.Id)))
        {
            item.SharedWith.Add(new DataItemShare { DataItem = item, SystemId = target.Id, System = target });
        }
        var changes = InventoryDescriber.Changes(before, InventoryDescriber.Describe(item));
        if (input.Id != 0 && changes.Length == 0)
        {
            return SaveResult.Ok;
        }
        system.UpdatedUtc = now;
        audit.Add(db, actor, input.Id == 0 ? InventoryAuditEvents.ItemAdded : InventoryAuditEvents.ItemChanged,
            $"{DataCatalog.Label(item.Category, item.OtherCategory)} in \"{system.Name}\"", changes);
        await db.SaveChangesAsync(cancellationToken);
        input.Id = item.Id;
        return SaveResult.Ok;
    }

    public async Task<SaveResult> DeleteItemAsync(ClaimsPrincipal actor, int itemId, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var item = await db.DataItems.Include(i => i.System).Include(i => i.SharedWith).ThenInclude(s => s.System)
            .FirstOrDefaultAsync(i => i.Id == itemId, cancellationToken);
        if (item is null)
        {
            return SaveResult.Invalid("Id", "This data item no longer exists. Someone may have deleted it.");
        }
        db.DataItems.Remove(item);
        audit.Add(db, actor, InventoryAuditEvents.ItemDeleted, $"{DataCatalog.Label(item.Category, item.OtherCategory)} in \"{item.System!.Name}\"",
            InventoryDescriber.Changes(InventoryDescriber.Describe(item), new Dictionary<string, string>()));
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    /// <summary>Turns a guided-inventory suggestion (the system and its suggested items) into confirmed facts, reviewed today.</summary>
    public Task<SaveResult> ConfirmAsync(ClaimsPrincipal actor, int systemId, CancellationToken cancellationToken = default) =>
        TouchAsync(actor, systemId, confirm: true, cancellationToken);

    /// <summary>Records that a person checked the system and all its items today.</summary>
    public Task<SaveResult> MarkReviewedAsync(ClaimsPrincipal actor, int systemId, CancellationToken cancellationToken = default) =>
        TouchAsync(actor, systemId, confirm: false, cancellationToken);

    private async Task<SaveResult> TouchAsync(ClaimsPrincipal actor, int systemId, bool confirm, CancellationToken cancellationToken)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var system = await db.InventorySystems.Include(s => s.Items).FirstOrDefaultAsync(s => s.Id == systemId, cancellationToken);
        if (system is null)
        {
            return SaveResult.Invalid("Id", "This system no longer exists. Someone may have deleted it.");
        }
        var today = await TodayAsync(db, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var suggested = system.Items.Count(i => i.IsSuggestion);
        system.IsSuggestion = false;
        system.LastReviewed = today;
        system.UpdatedUtc = now;
        foreach (var item in system.Items)
        {
            item.IsSuggestion = false;
            item.LastReviewed = today;
        }
        audit.Add(db, actor, confirm ? InventoryAuditEvents.Confirmed : InventoryAuditEvents.Reviewed, $"system \"{system.Name}\"",
            confirm ? $"suggestion confirmed with {system.Items.Count} data item(s) ({suggested} suggested); last reviewed: {today:yyyy-MM-dd}"
                : $"system and {system.Items.Count} data item(s) marked reviewed on {today:yyyy-MM-dd}");
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    /// <summary>Adds the typical systems and data items for the answers, marked as suggestions; names already in use are skipped.</summary>
    public async Task<int> AddSuggestionsAsync(ClaimsPrincipal actor, GuidedAnswers answers, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var existing = (await db.InventorySystems.Select(s => s.Name).ToListAsync(cancellationToken)).ToHashSet(StringComparer.OrdinalIgnoreCase);
        var now = clock.GetUtcNow().UtcDateTime;
        var added = GuidedInventory.Suggest(answers).Where(s => existing.Add(s.Name)).ToList();
        foreach (var system in added)
        {
            system.CreatedUtc = system.UpdatedUtc = now;
            foreach (var item in system.Items)
            {
                item.CreatedUtc = item.UpdatedUtc = now;
            }
            db.InventorySystems.Add(system);
        }
        if (added.Count > 0)
        {
            audit.Add(db, actor, InventoryAuditEvents.GuidedStarted, "guided inventory",
                $"answers: {answers}; suggested: {string.Join(", ", added.Select(s => s.Name))}");
            await db.SaveChangesAsync(cancellationToken);
        }
        return added.Count;
    }

    public async Task<IReadOnlyList<InventoryFinding>> FindingsAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        return await insights.FindingsAsync(cancellationToken);
    }

    /// <summary>A page of the findings matching the filter, worst first, with how many match and how many there are.</summary>
    public async Task<FindingPage> QueryFindingsAsync(ClaimsPrincipal actor, FindingFilter filter, int skip, int take, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        return await insights.QueryFindingsAsync(filter, skip, take, cancellationToken);
    }

    /// <summary>The findings in figures (by severity and by rule).</summary>
    public async Task<FindingCounts> FindingCountsAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        return await insights.FindingCountsAsync(cancellationToken);
    }

    public async Task<InventorySummary> SummaryAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        return await insights.SummaryAsync(cancellationToken);
    }

    public async Task<IReadOnlyList<DataFlow>> FlowsAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        return await insights.FlowsAsync(cancellationToken);
    }

    public async Task<RecordOfProcessing> RecordOfProcessingAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        return await insights.RecordOfProcessingAsync(cancellationToken);
    }

    /// <summary>Emails of the given users, for audit details that name people rather than ids.</summary>
    private static async Task<Func<string, string>> PeopleAsync(ApplicationDbContext db, string?[] ids, CancellationToken cancellationToken)
    {
        var wanted = ids.Where(i => !string.IsNullOrEmpty(i)).Distinct().ToList();
        var emails = wanted.Count == 0 ? [] : await db.Users.Where(u => wanted.Contains(u.Id))
            .ToDictionaryAsync(u => u.Id, u => u.Email ?? u.Id, cancellationToken);
        return id => emails.GetValueOrDefault(id, id);
    }

    internal static string? OwnerName(ApplicationUser? owner) =>
        owner is null ? null : string.IsNullOrWhiteSpace(owner.DisplayName) ? owner.Email : owner.DisplayName;

    /// <summary>Today in the business's time zone: retention and review dates are calendar days where the business is.</summary>
    internal Task<DateOnly> TodayAsync(ApplicationDbContext db, CancellationToken cancellationToken) =>
        BusinessDay.TodayAsync(db, clock, cancellationToken);
}

public static class BusinessDay
{
    /// <summary>Today where the business is, reading its time zone from the profile.</summary>
    public static async Task<DateOnly> TodayAsync(ApplicationDbContext db, TimeProvider clock, CancellationToken cancellationToken) =>
        Today(clock, await db.Organizations.Select(o => o.TimeZoneId).FirstOrDefaultAsync(cancellationToken));

    public static DateOnly Today(TimeProvider clock, string? timeZoneId)
    {
        var utc = clock.GetUtcNow();
        var zone = timeZoneId is not null && TimeZoneInfo.TryFindSystemTimeZoneById(timeZoneId, out var found) ? found : TimeZoneInfo.Utc;
        return DateOnly.FromDateTime(TimeZoneInfo.ConvertTime(utc, zone).DateTime);
    }
}
