using System.Globalization;
using System.Security.Claims;
using CsvHelper;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Data;

namespace SecurityHub.Audit;

public sealed record AuditFilter(string? EventType = null, string? Actor = null, DateTime? FromUtc = null, DateTime? ToUtc = null);

/// <summary>A page of events, with the names people go by for the email addresses on it (case-insensitive).</summary>
public sealed record AuditPage(IReadOnlyList<AuditEvent> Items, int TotalCount, IReadOnlyDictionary<string, string> Names);

/// <summary>The orders the audit page offers: by time (newest first by default) or by the person who acted.</summary>
public enum AuditOrder
{
    NewestFirst,
    OldestFirst,
    PersonAscending,
    PersonDescending,
}

/// <summary>Reads the audit log for Owners: filter, page, export.</summary>
public sealed class AuditService(IDbContextFactory<ApplicationDbContext> factory, AccessGuard guard, AuditLog audit)
{
    public const int MaxExportRows = 100_000;

    public async Task<AuditPage> QueryAsync(ClaimsPrincipal actor, AuditFilter filter, int skip, int take,
        AuditOrder order = AuditOrder.NewestFirst, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var query = Apply(db.AuditEvents.AsNoTracking(), filter);
        var total = await query.CountAsync(cancellationToken);
        IOrderedQueryable<AuditEvent> ordered = order switch
        {
            AuditOrder.OldestFirst => query.OrderBy(e => e.OccurredUtc).ThenBy(e => e.Id),
            AuditOrder.PersonAscending => query.OrderBy(e => e.ActorEmail).ThenByDescending(e => e.OccurredUtc).ThenByDescending(e => e.Id),
            AuditOrder.PersonDescending => query.OrderByDescending(e => e.ActorEmail).ThenByDescending(e => e.OccurredUtc).ThenByDescending(e => e.Id),
            _ => query.OrderByDescending(e => e.OccurredUtc).ThenByDescending(e => e.Id),
        };
        var items = await ordered.Skip(Math.Max(0, skip)).Take(Math.Clamp(take, 1, 500)).ToListAsync(cancellationToken);

        // The names of the people on this page (actors and targets), for sentences people read.
        var emails = items.SelectMany(e => new[] { e.ActorEmail, e.Target })
            .Where(v => v is not null && v.Contains('@', StringComparison.Ordinal))
            .Select(v => v!.ToUpperInvariant()).Distinct().ToList();
        var names = await db.Users.AsNoTracking()
            .Where(u => u.NormalizedEmail != null && emails.Contains(u.NormalizedEmail) && u.DisplayName != "")
            .Select(u => new { u.Email, u.DisplayName }).ToListAsync(cancellationToken);
        var byEmail = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var n in names.Where(n => n.Email is not null))
        {
            byEmail[n.Email!] = n.DisplayName;
        }
        return new AuditPage(items, total, byEmail);
    }

    public async Task<IReadOnlyList<string>> EventTypesAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.AuditEvents.Select(e => e.EventType).Distinct().OrderBy(t => t).ToListAsync(cancellationToken);
    }

    /// <summary>
    /// Writes the filtered events as RFC 4180 CSV. Cells that a spreadsheet would run as a formula
    /// (starting with = + - @, tab or CR) are prefixed with an apostrophe. The export itself is audited.
    /// </summary>
    public async Task ExportCsvAsync(ClaimsPrincipal actor, AuditFilter filter, Stream output, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        audit.Add(db, actor, AuditEvents.AuditExported, "Audit log", Describe(filter));
        await db.SaveChangesAsync(cancellationToken);

        await using var csv = CsvWriter.Create(output, CsvOptions, leaveOpen: true);
        await csv.WriteRecordAsync(["OccurredUtc", "Event", "Actor", "Target", "Details", "IpAddress"], cancellationToken);
        var rows = Apply(db.AuditEvents.AsNoTracking(), filter).OrderByDescending(e => e.OccurredUtc).ThenByDescending(e => e.Id).Take(MaxExportRows).AsAsyncEnumerable();
        await foreach (var e in rows.WithCancellation(cancellationToken))
        {
            await csv.WriteRecordAsync(
            [
                e.OccurredUtc.ToString("yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture),
                e.EventType,
                e.ActorEmail ?? e.ActorUserId ?? "",
                e.Target ?? "",
                e.Details ?? "",
                e.IpAddress ?? "",
            ], cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <summary>RFC 4180 output; text cells starting with = + - @, tab or CR get a leading apostrophe.</summary>
    public static readonly CsvWriterOptions CsvOptions = new() { Injection = CsvInjection.Escape };

    private static IQueryable<AuditEvent> Apply(IQueryable<AuditEvent> query, AuditFilter filter)
    {
        if (!string.IsNullOrWhiteSpace(filter.EventType))
        {
            query = query.Where(e => e.EventType == filter.EventType);
        }
        if (!string.IsNullOrWhiteSpace(filter.Actor))
        {
            // Case-insensitive, as email addresses are; the user's text is matched literally, not as a pattern.
            var pattern = "%" + filter.Actor.Trim().Replace("\\", "\\\\", StringComparison.Ordinal)
                .Replace("%", "\\%", StringComparison.Ordinal).Replace("_", "\\_", StringComparison.Ordinal) + "%";
            query = query.Where(e => e.ActorEmail != null && EF.Functions.Like(e.ActorEmail, pattern, "\\"));
        }
        if (filter.FromUtc is { } from)
        {
            query = query.Where(e => e.OccurredUtc >= from);
        }
        if (filter.ToUtc is { } to)
        {
            query = query.Where(e => e.OccurredUtc < to);
        }
        return query;
    }

    private static string Describe(AuditFilter f) =>
        $"event={f.EventType ?? "any"}; actor={f.Actor ?? "any"}; from={f.FromUtc:yyyy-MM-dd}; to={f.ToUtc:yyyy-MM-dd}";
}

public static class AuditExtensions
{
    public static void AddAudit(this IHostApplicationBuilder builder) => builder.Services.AddScoped<AuditService>();

    /// <summary>GET /audit/export.csv: the filtered audit log as CSV, for Owners.</summary>
    public static void MapAuditEndpoints(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/audit/export.csv", async (HttpContext context, AuditService service, string? eventType, string? actor, DateTime? from, DateTime? to) =>
        {
            var filter = new AuditFilter(eventType, actor,
                from is { } f ? DateTime.SpecifyKind(f, DateTimeKind.Utc) : null,
                to is { } t ? DateTime.SpecifyKind(t, DateTimeKind.Utc) : null);
            context.Response.ContentType = "text/csv; charset=utf-8";
            context.Response.Headers.ContentDisposition = "attachment; filename=\"securityhub-audit.csv\"";
            await service.ExportCsvAsync(context.User, filter, context.Response.Body, context.RequestAborted);
        }).RequireAuthorization(Policies.Owner);
    }
}
