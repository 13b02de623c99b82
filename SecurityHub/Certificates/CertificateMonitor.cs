using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecurityHub.Account;
using SecurityHub.Data;
using SecurityHub.Email;

namespace SecurityHub.Certificates;

/// <summary>Progress of a run of checks: how many are done out of how many.</summary>
public sealed record CheckRunProgress(int Done, int Total);

/// <summary>What a run of checks did, for the job's result line.</summary>
public sealed record CheckRunSummary(int Checked, int Ok, int Attention, int AlertsSent, int HistoryPruned)
{
    public override string ToString() =>
        $"{Checked} checked, {Ok} OK, {Attention} need attention, {AlertsSent} alert email(s), {HistoryPruned} old result(s) pruned";
}

/// <summary>
/// Checks endpoints with bounded concurrency, stores each result as history, and sends alerts through
/// the outbox: once per certificate per threshold (the sent ones are rows, so a restart remembers them),
/// a notice when a certificate is replaced and a note when its issuer changes.
/// </summary>
public sealed class CertificateMonitor(
    IDbContextFactory<ApplicationDbContext> dbFactory,
    CertificateChecker checker,
    Outbox outbox,
    IOptionsMonitor<CertificatesOptions> options,
    TimeProvider clock,
    IEnumerable<ICertificateAlertHandler> alertHandlers,
    ILogger<CertificateMonitor> logger)
{
    /// <summary>Checks the given endpoints (all enabled ones when null), then prunes old history.</summary>
    public async Task<CheckRunSummary> CheckAsync(IReadOnlyCollection<int>? endpointIds = null, IProgress<CheckRunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        List<CertificateEndpoint> endpoints;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var query = db.CertificateEndpoints.AsNoTracking();
            query = endpointIds is null ? query.Where(e => e.Enabled) : query.Where(e => endpointIds.Contains(e.Id));
            endpoints = await query.OrderBy(e => e.Id).ToListAsync(cancellationToken);
        }

        var settings = options.CurrentValue;
        int done = 0, ok = 0, alerts = 0;
        progress?.Report(new CheckRunProgress(0, endpoints.Count));
        await Parallel.ForEachAsync(endpoints, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken }, async (endpoint, ct) =>
        {
            try
            {
                var check = await checker.CheckAsync(new CheckTarget(endpoint.Host, endpoint.Port, endpoint.StartTls), ct);
                var sent = await RecordAsync(endpoint.Id, check, ct);
                Interlocked.Add(ref alerts, sent);
                if (check.Status == CertificateStatus.Ok)
                {
                    Interlocked.Increment(ref ok);
                }
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // One endpoint's failure to record (e.g. a locked database) does not stop the others.
                logger.LogError(ex, "Recording the certificate check of {Host}:{Port} failed", endpoint.Host, endpoint.Port);
            }
            progress?.Report(new CheckRunProgress(Interlocked.Increment(ref done), endpoints.Count));
        });

        var pruned = endpointIds is null ? await PruneAsync(cancellationToken) : 0;
        return new CheckRunSummary(endpoints.Count, ok, endpoints.Count - ok, alerts, pruned);
    }

    /// <summary>Deletes check results older than the history window.</summary>
    public async Task<int> PruneAsync(CancellationToken cancellationToken = default)
    {
        var cutoff = clock.GetUtcNow().UtcDateTime.AddDays(-options.CurrentValue.HistoryDays);
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        return await db.CertificateChecks.Where(c => c.CheckedUtc < cutoff).ExecuteDeleteAsync(cancellationToken);
    }

    /// <summary>Stores one result, updates the endpoint's latest state and sends any alert due; returns the emails queued.</summary>
    private async Task<int> RecordAsync(int endpointId, CertificateCheck check, CancellationToken cancellationToken)
    {
        await using var db = await dbFactory.CreateDbContextAsync(cancellationToken);
        var endpoint = await db.CertificateEndpoints.FirstOrDefaultAsync(e => e.Id == endpointId, cancellationToken);
        if (endpoint is null)
        {
            return 0; // Deleted while it was being checked.
        }
        var previous = await db.CertificateChecks.AsNoTracking()
            .Where(c => c.EndpointId == endpointId && c.Thumbprint != null)
            .OrderByDescending(c => c.CheckedUtc).ThenByDescending(c => c.Id)
            .Select(c => new { c.Thumbprint, c.Issuer, c.NotAfterUtc })
            .FirstOrDefaultAsync(cancellationToken);

        check.EndpointId = endpointId;
        db.CertificateChecks.Add(check);
        endpoint.LastCheckedUtc = check.CheckedUtc;
        endpoint.LastStatus = check.Status;
        endpoint.NotAfterUtc = check.NotAfterUtc;
        endpoint.DaysLeft = check.DaysLeft;

        var raised = new List<CertificateAlertRaised>();
        if (check.Thumbprint is { } thumbprint)
        {
            if (previous is not null && previous.Thumbprint != thumbprint)
            {
                var issuerChanged = previous.Issuer != check.Issuer;
                raised.Add(new CertificateAlertRaised(endpoint, check, CertificateAlertKind.Renewed, null, issuerChanged ? previous.Issuer : null));
            }
            if (await ThresholdCrossedAsync(db, endpoint, check, thumbprint, cancellationToken) is { } threshold)
            {
                raised.Add(new CertificateAlertRaised(endpoint, check, threshold == 0 ? CertificateAlertKind.Expired : CertificateAlertKind.Expiring, threshold, null));
            }
        }

        var emails = 0;
        if (raised.Count > 0)
        {
            var recipients = await RecipientsAsync(db, cancellationToken);
            var business = await db.Organizations.Select(o => o.BusinessName).FirstOrDefaultAsync(cancellationToken);
            foreach (var alert in raised)
            {
                foreach (var (email, name) in recipients)
                {
                    outbox.Enqueue(db, Compose(alert, email, name, business));
                    emails++;
                }
                foreach (var handler in alertHandlers)
                {
                    await handler.HandleAsync(db, alert, cancellationToken);
                }
            }
        }
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException ex)
        {
            // Two runs raced on the same threshold (unique index): the other one sent the alert.
            logger.LogInformation(ex, "Certificate alert for endpoint {Endpoint} was already recorded", endpointId);
            return 0;
        }
        return emails;
    }

    /// <summary>
    /// The lowest threshold the certificate has newly crossed (0 for expired), or null. Every crossed
    /// threshold is marked as sent, so a certificate first seen at 5 days gets one email, not three.
    /// </summary>
    private async Task<int?> ThresholdCrossedAsync(ApplicationDbContext db, CertificateEndpoint endpoint, CertificateCheck check, string thumbprint, CancellationToken cancellationToken)
    {
        if (check.DaysLeft is not { } daysLeft || check.Status is not (CertificateStatus.Expiring or CertificateStatus.Expired or CertificateStatus.Invalid))
        {
            return null;
        }
        var crossed = options.CurrentValue.Thresholds.Where(t => daysLeft <= t).ToList();
        if (check.Status == CertificateStatus.Expired)
        {
            crossed.Add(0);
        }
        if (crossed.Count == 0)
        {
            return null;
        }
        var sent = await db.CertificateAlerts.Where(a => a.EndpointId == endpoint.Id && a.Thumbprint == thumbprint)
            .Select(a => a.ThresholdDays).ToListAsync(cancellationToken);
        var fresh = crossed.Except(sent).ToList();
        if (fresh.Count == 0)
        {
            return null;
        }
        foreach (var threshold in fresh)
        {
            db.CertificateAlerts.Add(new CertificateAlert { EndpointId = endpoint.Id, Thumbprint = thumbprint, ThresholdDays = threshold, SentUtc = check.CheckedUtc });
        }
        return fresh.Min();
    }

    private static async Task<List<(string Email, string Name)>> RecipientsAsync(ApplicationDbContext db, CancellationToken cancellationToken)
    {
        var people = await (from user in db.Users
                            join userRole in db.UserRoles on user.Id equals userRole.UserId
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where (role.Name == Roles.Owner || role.Name == Roles.Manager) && !user.IsDisabled && user.Email != null
                            select new { user.Email, user.DisplayName })
            .Distinct().ToListAsync(cancellationToken);
        return people.Where(p => EmailAddresses.IsValid(p.Email)).Select(p => (p.Email!, p.DisplayName)).ToList();
    }

    private static EmailMessage Compose(CertificateAlertRaised alert, string email, string name, string? business)
    {
        var site = $"{alert.Endpoint.Host}{(alert.Endpoint.Port == 443 ? "" : $":{alert.Endpoint.Port}")}";
        var greeting = $"Hello {(string.IsNullOrWhiteSpace(name) ? "there" : name)},";
        var check = alert.Check;
        return alert.Kind switch
        {
            CertificateAlertKind.Expired => EmailTemplates.Build(email, name, $"Certificate expired: {site}", "certificate-alert", greeting,
            [
                $"The TLS certificate of {site} expired on {check.NotAfterUtc:yyyy-MM-dd}. {check.Message}",
                CertificateAdvice.WhatToDo(CertificateStatus.Expired, check.TrustProblems),
            ], businessName: business),
            CertificateAlertKind.Expiring => EmailTemplates.Build(email, name, $"Certificate expires in {check.DaysLeft} day{(check.DaysLeft == 1 ? "" : "s")}: {site}", "certificate-alert", greeting,
            [
                $"The TLS certificate of {site} expires within {alert.ThresholdDays} day{(alert.ThresholdDays == 1 ? "" : "s")}. {check.Message}",
                CertificateAdvice.WhatToDo(CertificateStatus.Expiring, check.TrustProblems),
            ], businessName: business),
            _ => EmailTemplates.Build(email, name, $"Certificate renewed: {site}", "certificate-renewed", greeting,
            [
                $"{site} now presents a new certificate, valid until {check.NotAfterUtc:yyyy-MM-dd}.",
                .. alert.PreviousIssuer is { } previous
                    ? new[] { $"Note: the new certificate comes from a different issuer ({check.Issuer}; before: {previous}). If you did not change provider, ask your host why." }
                    : [],
            ], businessName: business),
        };
    }
}

public enum CertificateAlertKind
{
    Expiring,
    Expired,
    Renewed,
}

/// <summary>An alert the monitor raised for an endpoint's latest check.</summary>
/// <param name="ThresholdDays">The threshold crossed (0 when expired); null for a renewal.</param>
/// <param name="PreviousIssuer">Set on a renewal whose issuer differs from the previous certificate's.</param>
public sealed record CertificateAlertRaised(CertificateEndpoint Endpoint, CertificateCheck Check, CertificateAlertKind Kind, int? ThresholdDays, string? PreviousIssuer);

/// <summary>
/// The seam for remediation tasks: every registered handler sees each alert inside the transaction that
/// records it (and queues its emails), so a task can be opened or updated atomically with the alert.
/// </summary>
public interface ICertificateAlertHandler
{
    Task HandleAsync(ApplicationDbContext db, CertificateAlertRaised alert, CancellationToken cancellationToken);
}
