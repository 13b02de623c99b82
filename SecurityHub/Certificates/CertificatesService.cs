using System.Net;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;
using SecurityHub.Organization;

using SecurityHub.Web;

namespace SecurityHub.Certificates;

/// <summary>The add/edit form of an endpoint.</summary>
public sealed class EndpointInput
{
    public int Id { get; set; }
    public string Host { get; set; } = "";
    public int Port { get; set; } = 443;
    public StartTlsMode StartTls { get; set; }
    public string Label { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>The inventory system this endpoint serves, if any.</summary>
    public int? InventorySystemId { get; set; }

    public static EndpointInput From(CertificateEndpoint e) => new() { Id = e.Id, Host = e.Host, Port = e.Port, StartTls = e.StartTls, Label = e.Label, Enabled = e.Enabled, InventorySystemId = e.InventorySystemId };
}

/// <summary>An endpoint with its latest check, for the page.</summary>
public sealed record EndpointDetail(CertificateEndpoint Endpoint, CertificateCheck? Latest, IReadOnlyList<ChainCertificate> Chain, IReadOnlyList<string> Findings,
    string WhatToDo, IReadOnlyList<DaysLeftPoint> History);

public sealed record DaysLeftPoint(DateTime CheckedUtc, int DaysLeft);

/// <summary>Counts by status and the next expiry, for the dashboard.</summary>
public sealed record CertificateSummary(int Total, IReadOnlyDictionary<string, int> ByStatus, CertificateEndpoint? NextExpiry);

public static class CertificateAuditEvents
{
    public const string EndpointSaved = "certificates.endpoint-saved";
    public const string EndpointDeleted = "certificates.endpoint-deleted";
    public const string CheckRequested = "certificates.check-now";
    public const string InternalHostsChanged = "settings.certificates-internal-hosts";
}

/// <summary>"Allow internal hosts": the Owner's in-app switch and the configuration value; either one allows.</summary>
public sealed record InternalHostsSetting(bool InApp, bool FromConfiguration, DateTime? ChangedUtc, string? ChangedBy)
{
    public bool Allowed => InApp || FromConfiguration;
}

/// <summary>Endpoints, their results and "check now". Staff read; Owners and Managers change.</summary>
public sealed class CertificatesService(IDbContextFactory<ApplicationDbContext> factory, AccessGuard guard, AuditLog audit, CertificateCheckRunner runner, TimeProvider clock,
    IOptionsMonitor<CertificatesOptions> options)
{
    /// <summary>Every endpoint, with the business profile's website domains added first, sorted by days left.</summary>
    public async Task<IReadOnlyList<CertificateEndpoint>> ListAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await AddWebsiteDomainsAsync(cancellationToken);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var all = await db.CertificateEndpoints.AsNoTracking().Include(e => e.InventorySystem).ToListAsync(cancellationToken);
        return all.OrderBy(e => e.DaysLeft ?? int.MaxValue).ThenBy(e => e.Host, StringComparer.OrdinalIgnoreCase).ToList();
    }

    /// <summary>Adds each website domain of the business profile as a port-443 endpoint, once.</summary>
    public async Task<int> AddWebsiteDomainsAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var domains = OrganizationRules.SplitDomains(await db.Organizations.Select(o => o.WebsiteDomains).FirstOrDefaultAsync(cancellationToken))
            .Select(d => d.ToLowerInvariant()).Where(OrganizationRules.IsDomain).Distinct().ToList();
        if (domains.Count == 0)
        {
            return 0;
        }
        var existing = await db.CertificateEndpoints.Where(e => e.Port == 443 && domains.Contains(e.Host)).Select(e => e.Host).ToListAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        foreach (var domain in domains.Except(existing))
        {
            db.CertificateEndpoints.Add(new CertificateEndpoint { Host = domain, Port = 443, Label = "Website", FromWebsite = true, Enabled = true, CreatedUtc = now });
        }
        try
        {
            return await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            return 0; // Another page added them at the same moment.
        }
    }

    /// <summary>The inventory systems an endpoint can be linked to.</summary>
    public async Task<IReadOnlyList<(int Id, string Name)>> SystemChoicesAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var systems = await db.InventorySystems.AsNoTracking().OrderBy(s => s.Name).Select(s => new { s.Id, s.Name }).ToListAsync(cancellationToken);
        return systems.Select(s => (s.Id, s.Name)).ToList();
    }

    public static Dictionary<string, string> Validate(EndpointInput input)
    {
        var errors = new Dictionary<string, string>();
        var host = (input.Host ?? "").Trim().TrimEnd('.').ToLowerInvariant();
        if (host.Length == 0)
        {
            errors[nameof(input.Host)] = "Enter a host name such as shop.example.com.";
        }
        else if (!HostNames.IsValid(host) && !IPAddress.TryParse(host, out _))
        {
            errors[nameof(input.Host)] = $"'{(host.Length > 60 ? host[..60] + "…" : host)}' is not a host name. Write it like shop.example.com, without https:// or a path.";
        }
        if (input.Port is < 1 or > 65535)
        {
            errors[nameof(input.Port)] = "The port must be between 1 and 65535 (443 for websites).";
        }
        if (!Enum.IsDefined(input.StartTls))
        {
            errors[nameof(input.StartTls)] = "Choose how TLS starts.";
        }
        else if (input.StartTls == StartTlsMode.Smtp && input.Port is not (25 or 587))
        {
            errors[nameof(input.StartTls)] = "STARTTLS is only for mail servers on port 25 or 587.";
        }
        if ((input.Label ?? "").Length > 200)
        {
            errors[nameof(input.Label)] = "Keep the label under 200 characters.";
        }
        return errors;
    }

    public async Task<SaveResult> SaveAsync(ClaimsPrincipal actor, EndpointInput input, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        var errors = Validate(input);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }
        var host = input.Host.Trim().TrimEnd('.').ToLowerInvariant();
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        if (await db.CertificateEndpoints.AnyAsync(e => e.Host == host && e.Port == input.Port && e.Id != input.Id, cancellationToken))
        {
            return SaveResult.Invalid(nameof(input.Host), $"{host}:{input.Port} is already watched.");
        }
        string? systemName = null;
        if (input.InventorySystemId is { } systemId)
        {
            systemName = await db.InventorySystems.Where(s => s.Id == systemId).Select(s => s.Name).FirstOrDefaultAsync(cancellationToken);
            if (systemName is null)
            {
                return SaveResult.Invalid(nameof(input.InventorySystemId), "That inventory system no longer exists. Choose another, or none.");
            }
        }
        CertificateEndpoint endpoint;
        if (input.Id == 0)
        {
            endpoint = new CertificateEndpoint { CreatedUtc = clock.GetUtcNow().UtcDateTime };
            db.CertificateEndpoints.Add(endpoint);
        }
        else
        {
            endpoint = await db.CertificateEndpoints.FirstOrDefaultAsync(e => e.Id == input.Id, cancellationToken)
                ?? throw new KeyNotFoundException("The endpoint no longer exists.");
        }
        endpoint.Host = host;
        endpoint.Port = input.Port;
        endpoint.StartTls = input.StartTls;
        endpoint.Label = AuditLog.Clean(input.Label?.Trim(), 200) ?? "";
        endpoint.Enabled = input.Enabled;
        endpoint.InventorySystemId = input.InventorySystemId;
        audit.Add(db, actor, CertificateAuditEvents.EndpointSaved, $"{host}:{input.Port}",
            (input.Id == 0 ? "added" : "changed") + (systemName is null ? "; no inventory system" : $"; inventory system: {systemName}"));
        await db.SaveChangesAsync(cancellationToken);
        input.Id = endpoint.Id;
        return SaveResult.Ok;
    }

    public async Task<SaveResult> DeleteAsync(ClaimsPrincipal actor, int id, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.CertificateEndpoints.FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return SaveResult.Invalid("Id", "The endpoint no longer exists.");
        }
        db.CertificateEndpoints.Remove(endpoint);
        audit.Add(db, actor, CertificateAuditEvents.EndpointDeleted, $"{endpoint.Host}:{endpoint.Port}");
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    /// <summary>Starts a background check of one endpoint, or all when id is null; false if a run is already going.</summary>
    public async Task<bool> CheckNowAsync(ClaimsPrincipal actor, int? id, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        List<int> ids = id is { } one
            ? await db.CertificateEndpoints.Where(e => e.Id == one).Select(e => e.Id).ToListAsync(cancellationToken)
            : await db.CertificateEndpoints.Where(e => e.Enabled).Select(e => e.Id).ToListAsync(cancellationToken);
        if (!runner.TryStart(ids))
        {
            return false;
        }
        audit.Add(db, actor, CertificateAuditEvents.CheckRequested, id is null ? "all endpoints" : $"endpoint {id}", $"{ids.Count} endpoint(s)");
        await db.SaveChangesAsync(cancellationToken);
        return true;
    }

    public async Task<EndpointDetail?> GetDetailAsync(ClaimsPrincipal actor, int id, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.CertificateEndpoints.AsNoTracking().Include(e => e.InventorySystem).FirstOrDefaultAsync(e => e.Id == id, cancellationToken);
        if (endpoint is null)
        {
            return null;
        }
        var latest = await db.CertificateChecks.AsNoTracking().Where(c => c.EndpointId == id)
            .OrderByDescending(c => c.CheckedUtc).ThenByDescending(c => c.Id).FirstOrDefaultAsync(cancellationToken);
        var history = await db.CertificateChecks.AsNoTracking().Where(c => c.EndpointId == id && c.DaysLeft != null)
            .OrderBy(c => c.CheckedUtc).Select(c => new DaysLeftPoint(c.CheckedUtc, c.DaysLeft!.Value)).ToListAsync(cancellationToken);
        var chain = latest?.ChainJson is { } json ? JsonSerializer.Deserialize<List<ChainCertificate>>(json) ?? [] : [];
        // Website advice (redirect, HSTS) is listed with the certificate's findings; it never changes the status.
        var findings = (latest?.TrustProblems?.Split('\n', StringSplitOptions.RemoveEmptyEntries) ?? []).Concat(CertificateAdvice.WebsiteAdvice(latest)).ToList();
        return new EndpointDetail(endpoint, latest, chain, findings, CertificateAdvice.WhatToDo(latest), history);
    }

    /// <summary>The share (0 to 1) of enabled, checked endpoints whose certificate is OK; null when none is checked. The checklist score reads it.</summary>
    public async Task<double?> OkShareAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var statuses = await db.CertificateEndpoints.Where(e => e.Enabled && e.LastStatus != null).Select(e => e.LastStatus).ToListAsync(cancellationToken);
        return statuses.Count == 0 ? null : (double)statuses.Count(s => s == CertificateStatus.Ok) / statuses.Count;
    }

    /// <summary>Counts by status and the endpoint that expires next, for the dashboard tile.</summary>
    public async Task<CertificateSummary> SummaryAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var endpoints = await db.CertificateEndpoints.AsNoTracking().Where(e => e.Enabled).ToListAsync(cancellationToken);
        var byStatus = endpoints.GroupBy(e => CertificateAdvice.Label(e.LastStatus)).ToDictionary(g => g.Key, g => g.Count());
        var next = endpoints.Where(e => e.NotAfterUtc != null).OrderBy(e => e.DaysLeft).FirstOrDefault();
        return new CertificateSummary(endpoints.Count, byStatus, next);
    }

    /// <summary>The "allow internal hosts" switch and the configuration value it is ORed with.</summary>
    public async Task<InternalHostsSetting> GetInternalHostsAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.CertificateSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken);
        return new InternalHostsSetting(row?.AllowInternalHosts ?? false, options.CurrentValue.AllowInternalHosts, row?.UpdatedUtc, row?.UpdatedBy);
    }

    /// <summary>
    /// Owners only: allows or refuses checks of loopback, private, link-local and metadata addresses. The
    /// change is audit-logged with who made it and the value before and after.
    /// </summary>
    public async Task<InternalHostsSetting> SetInternalHostsAsync(ClaimsPrincipal actor, bool allow, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var row = await db.CertificateSettings.FirstOrDefaultAsync(cancellationToken);
        if (row is null)
        {
            row = new CertificateSettings();
            db.CertificateSettings.Add(row);
        }
        var before = row.AllowInternalHosts;
        var fromConfiguration = options.CurrentValue.AllowInternalHosts;
        if (before != allow || db.Entry(row).State == EntityState.Added)
        {
            row.AllowInternalHosts = allow;
            row.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
            row.UpdatedBy = AuditLog.Clean(actor.Identity?.Name, 256);
            audit.Add(db, actor, CertificateAuditEvents.InternalHostsChanged, "Allow internal hosts",
                $"before: {OnOff(before)}, after: {OnOff(allow)} (configuration {CertificatesOptions.Section}:{nameof(CertificatesOptions.AllowInternalHosts)}: {OnOff(fromConfiguration)})");
            await db.SaveChangesAsync(cancellationToken);
        }
        return new InternalHostsSetting(row.AllowInternalHosts, fromConfiguration, row.UpdatedUtc, row.UpdatedBy);
    }

    private static string OnOff(bool value) => value ? "on" : "off";
}
