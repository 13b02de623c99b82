using Microsoft.EntityFrameworkCore;
using SecurityHub.Certificates;
using SecurityHub.Data;

namespace SecurityHub.Checklist;

/// <summary>
/// Control 3 from the stored certificate checks: each watched endpoint earns its share when its certificate is valid, more than
/// <see cref="MinDaysLeft"/> days from expiry and spoken over TLS 1.2 or later; a website also needs its http redirect and HSTS
/// for the last fifth.
/// </summary>
public sealed class CertificateEvidence(IDbContextFactory<ApplicationDbContext> factory, TimeProvider clock) : IControlEvidence
{
    public const int MinDaysLeft = 14;

    public async Task<IReadOnlyList<EvidenceReading>> ReadAsync(CancellationToken cancellationToken = default)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var endpoints = await db.CertificateEndpoints.AsNoTracking().Where(e => e.Enabled)
            .Select(e => new { e.Id, e.Host, e.Port, e.StartTls, e.LastStatus, e.LastCheckedUtc, e.NotAfterUtc }).ToListAsync(cancellationToken);
        if (endpoints.Count == 0)
        {
            return [new(ControlCatalog.Https, 0, "No website is watched yet. Add your site on the certificates page.", null)];
        }
        var latestIds = await db.CertificateChecks.AsNoTracking().GroupBy(c => c.EndpointId).Select(g => g.Max(c => c.Id)).ToListAsync(cancellationToken);
        var latest = await db.CertificateChecks.AsNoTracking().Where(c => latestIds.Contains(c.Id))
            .Select(c => new { c.EndpointId, c.Protocol, c.RedirectsToHttps, c.SendsHsts }).ToDictionaryAsync(c => c.EndpointId, cancellationToken);

        var problems = new List<string>();
        var total = 0.0;
        foreach (var e in endpoints)
        {
            var check = latest.GetValueOrDefault(e.Id);
            var name = e.Port == 443 ? e.Host : $"{e.Host}:{e.Port}";
            if (e.LastStatus is null || check is null)
            {
                problems.Add($"{name} has not been checked yet");
                continue;
            }
            if (e.LastStatus is not (CertificateStatus.Ok or CertificateStatus.Expiring) || e.NotAfterUtc is not { } notAfter)
            {
                problems.Add($"{name}: {CertificateAdvice.Label(e.LastStatus).ToLowerInvariant()}");
                continue;
            }
            if (notAfter <= now)
            {
                problems.Add($"{name}: the certificate has expired");
                continue;
            }
            if (notAfter - now < TimeSpan.FromDays(MinDaysLeft))
            {
                problems.Add($"{name}: the certificate expires within {MinDaysLeft} days");
                continue;
            }
            if (check.Protocol is not ("TLS 1.2" or "TLS 1.3"))
            {
                problems.Add($"{name}: uses {check.Protocol ?? "an unknown protocol"}, older than TLS 1.2");
                continue;
            }
            var website = e.StartTls == StartTlsMode.None && e.Port == 443;
            var credit = 1.0;
            if (website && check.RedirectsToHttps != true)
            {
                credit -= 0.1;
                problems.Add($"{name} does not redirect http to https");
            }
            if (website && check.SendsHsts != true)
            {
                credit -= 0.1;
                problems.Add($"{name} does not send HSTS");
            }
            total += credit;
        }
        var coverage = total / endpoints.Count;
        var explanation = problems.Count == 0
            ? $"All {endpoints.Count} watched {(endpoints.Count == 1 ? "endpoint has" : "endpoints have")} a valid certificate, TLS 1.2 or later, redirect and HSTS."
            : string.Join("; ", problems.Take(5)) + (problems.Count > 5 ? $"; and {problems.Count - 5} more" : "") + ".";
        return [new(ControlCatalog.Https, coverage, char.ToUpperInvariant(explanation[0]) + explanation[1..], endpoints.Max(e => e.LastCheckedUtc))];
    }
}
