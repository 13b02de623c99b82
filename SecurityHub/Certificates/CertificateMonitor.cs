using System.Diagnostics;
using System.Threading.Channels;
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
    /// <summary>Results written in one transaction at most; a busy writer collects the next batch meanwhile.</summary>
    public const int BatchSize = 50;

    /// <summary>How long the writer waits for a batch to fill before it writes what it has.</summary>
    public static readonly TimeSpan FlushInterval = TimeSpan.FromMilliseconds(100);

    /// <summary>Checks the given endpoints (all enabled ones when null), then prunes old history.</summary>
    public async Task<CheckRunSummary> CheckAsync(IReadOnlyCollection<int>? endpointIds = null, IProgress<CheckRunProgress>? progress = null, CancellationToken cancellationToken = default)
    {
        List<CertificateEndpoint> endpoints;
        bool allowInternalHosts;
        await using (var db = await dbFactory.CreateDbContextAsync(cancellationToken))
        {
            var query = db.CertificateEndpoints.AsNoTracking();
            query = endpointIds is null ? query.Where(e => e.Enabled) : query.Where(e => endpointIds.Contains(e.Id));
            endpoints = await query.OrderBy(e => e.Id).ToListAsync(cancellationToken);
            allowInternalHosts = await db.CertificateSettings.Select(s => s.AllowInternalHosts).FirstOrDefaultAsync(cancellationToken);
        }

        var settings = options.CurrentValue;
        progress?.Report(new CheckRunProgress(0, endpoints.Count));

        // Checks run in parallel; their results go through a channel to one writer, which stores whatever
        // has arrived (up to BatchSize) in one transaction. One transaction per result halved the run's rate.
        var results = Channel.CreateUnbounded<(CertificateEndpoint Endpoint, CertificateCheck Check)>(new UnboundedChannelOptions { SingleReader = true });
        // The writer gets a thread of its own and uses EF Core synchronously: under a full thread pool (16
        // handshakes on 2 cores) every await of an async writer queued behind the handshakes' work items, and
        // the writer, not the checks, set the pace.
        var writer = Task.Factory.StartNew(() => Write(results.Reader, endpoints.Count, progress, cancellationToken),
            cancellationToken, TaskCreationOptions.LongRunning, TaskScheduler.Default);
        try
        {
            await Parallel.ForEachAsync(endpoints, new ParallelOptions { MaxDegreeOfParallelism = settings.MaxConcurrency, CancellationToken = cancellationToken }, async (endpoint, ct) =>
            {
                var check = await checker.CheckAsync(new CheckTarget(endpoint.Host, endpoint.Port, endpoint.StartTls), allowInternalHosts, ct);
                await results.Writer.WriteAsync((endpoint, check), ct);
            });
        }
        finally
        {
            results.Writer.TryComplete();
        }
        var (ok, alerts) = await writer;

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

    /// <summary>The single writer: drains the channel in batches; returns the OK results stored and the emails queued.</summary>
    private (int Ok, int Alerts) Write(ChannelReader<(CertificateEndpoint Endpoint, CertificateCheck Check)> reader, int total,
        IProgress<CheckRunProgress>? progress, CancellationToken cancellationToken)
    {
        int done = 0, ok = 0, alerts = 0;
        var recipients = new RecipientCache();
        var batch = new List<(CertificateEndpoint Endpoint, CertificateCheck Check)>(BatchSize);
        while (reader.WaitToReadAsync(cancellationToken).AsTask().GetAwaiter().GetResult())
        {
            Gather(reader, batch, cancellationToken);
            int sent;
            try
            {
                sent = Record(batch, recipients, cancellationToken);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // Keep the old guarantee that one endpoint's failure (e.g. a raced alert) does not lose the others.
                logger.LogInformation(ex, "Recording a batch of {Count} certificate checks failed; recording them one by one", batch.Count);
                sent = 0;
                foreach (var item in batch)
                {
                    try
                    {
                        sent += Record([item], recipients, cancellationToken);
                    }
                    catch (DbUpdateException one)
                    {
                        // Two runs raced on the same threshold (unique index): the other one sent the alert.
                        logger.LogInformation(one, "Certificate alert for endpoint {Endpoint} was already recorded", item.Endpoint.Id);
                    }
                    catch (Exception one) when (one is not OperationCanceledException)
                    {
                        logger.LogError(one, "Recording the certificate check of {Host}:{Port} failed", item.Endpoint.Host, item.Endpoint.Port);
                    }
                }
            }
            alerts += sent;
            ok += batch.Count(b => b.Check.Status == CertificateStatus.Ok);
            done += batch.Count;
            batch.Clear();
            progress?.Report(new CheckRunProgress(done, total));
        }
        return (ok, alerts);
    }

    /// <summary>
    /// Fills the batch up to BatchSize, waiting at most FlushInterval for more results, so the per-transaction
    /// cost is shared by many results. Returns at once when the run has no more (e.g. "check now" of one).
    /// </summary>
    private static void Gather(ChannelReader<(CertificateEndpoint Endpoint, CertificateCheck Check)> reader,
        List<(CertificateEndpoint Endpoint, CertificateCheck Check)> batch, CancellationToken cancellationToken)
    {
        // Real time on purpose: this paces database writes, it is not a business time.
        var deadline = Stopwatch.GetTimestamp() + (long)(FlushInterval.TotalSeconds * Stopwatch.Frequency);
        while (batch.Count < BatchSize)
        {
            if (reader.TryRead(out var item))
            {
                batch.Add(item);
                continue;
            }
            var remaining = deadline - Stopwatch.GetTimestamp();
            if (remaining <= 0)
            {
                return;
            }
            using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            wait.CancelAfter(TimeSpan.FromSeconds((double)remaining / Stopwatch.Frequency));
            try
            {
                if (!reader.WaitToReadAsync(wait.Token).AsTask().GetAwaiter().GetResult())
                {
                    return; // The run is over.
                }
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                return;
            }
        }
    }

    /// <summary>
    /// Stores results in one transaction: each check as history, the endpoint's latest state and any alert
    /// due. Previous certificates and sent alerts are loaded for the whole batch at once. Returns the emails queued.
    /// </summary>
    private int Record(IReadOnlyList<(CertificateEndpoint Endpoint, CertificateCheck Check)> batch, RecipientCache recipients, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        using var db = dbFactory.CreateDbContext();
        var ids = batch.Select(b => b.Endpoint.Id).Distinct().ToList();
        var endpoints = db.CertificateEndpoints.Where(e => ids.Contains(e.Id)).ToDictionary(e => e.Id);
        var previous = db.CertificateChecks.AsNoTracking()
                .Where(c => ids.Contains(c.EndpointId) && c.Thumbprint != null)
                .GroupBy(c => c.EndpointId)
                .Select(g => g.OrderByDescending(c => c.CheckedUtc).ThenByDescending(c => c.Id).Select(c => new { c.EndpointId, c.Thumbprint, c.Issuer }).First())
            .ToDictionary(p => p.EndpointId);
        var thumbprints = batch.Select(b => b.Check.Thumbprint).OfType<string>().Distinct().ToList();
        var sentAlerts = db.CertificateAlerts.AsNoTracking()
            .Where(a => ids.Contains(a.EndpointId) && thumbprints.Contains(a.Thumbprint))
            .Select(a => new { a.EndpointId, a.Thumbprint, a.ThresholdDays })
            .ToLookup(a => (a.EndpointId, a.Thumbprint), a => a.ThresholdDays);

        var raised = new List<CertificateAlertRaised>();
        foreach (var (snapshot, check) in batch)
        {
            if (!endpoints.TryGetValue(snapshot.Id, out var endpoint))
            {
                continue; // Deleted while it was being checked.
            }
            check.EndpointId = endpoint.Id;
            db.CertificateChecks.Add(check);
            endpoint.LastCheckedUtc = check.CheckedUtc;
            endpoint.LastStatus = check.Status;
            endpoint.NotAfterUtc = check.NotAfterUtc;
            endpoint.DaysLeft = check.DaysLeft;

            if (check.Thumbprint is not { } thumbprint)
            {
                continue;
            }
            if (previous.TryGetValue(endpoint.Id, out var before) && before.Thumbprint != thumbprint)
            {
                var issuerChanged = before.Issuer != check.Issuer;
                raised.Add(new CertificateAlertRaised(endpoint, check, CertificateAlertKind.Renewed, null, issuerChanged ? before.Issuer : null));
            }
            if (ThresholdCrossed(db, endpoint, check, thumbprint, sentAlerts[(endpoint.Id, thumbprint)]) is { } threshold)
            {
                raised.Add(new CertificateAlertRaised(endpoint, check, threshold == 0 ? CertificateAlertKind.Expired : CertificateAlertKind.Expiring, threshold, null));
            }
        }

        var emails = 0;
        if (raised.Count > 0)
        {
            var (people, business) = recipients.Get(db);
            foreach (var alert in raised)
            {
                foreach (var (email, name) in people)
                {
                    outbox.Enqueue(db, Compose(alert, email, name, business));
                    emails++;
                }
                foreach (var handler in alertHandlers)
                {
                    // On the writer's own thread, so waiting here blocks no pool thread.
                    handler.HandleAsync(db, alert, cancellationToken).GetAwaiter().GetResult();
                }
            }
        }
        db.SaveChanges();
        return emails;
    }

    /// <summary>Owners, Managers and the business name, read once per run and only when an alert goes out.</summary>
    private sealed class RecipientCache
    {
        private (List<(string Email, string Name)> People, string? Business)? _value;

        public (List<(string Email, string Name)> People, string? Business) Get(ApplicationDbContext db) =>
            _value ??= (Recipients(db), db.Organizations.Select(o => o.BusinessName).FirstOrDefault());
    }

    /// <summary>
    /// The lowest threshold the certificate has newly crossed (0 for expired), or null. Every crossed
    /// threshold is marked as sent, so a certificate first seen at 5 days gets one email, not three.
    /// </summary>
    private int? ThresholdCrossed(ApplicationDbContext db, CertificateEndpoint endpoint, CertificateCheck check, string thumbprint, IEnumerable<int> sent)
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

    private static List<(string Email, string Name)> Recipients(ApplicationDbContext db)
    {
        var people = (from user in db.Users
                            join userRole in db.UserRoles on user.Id equals userRole.UserId
                            join role in db.Roles on userRole.RoleId equals role.Id
                            where (role.Name == Roles.Owner || role.Name == Roles.Manager) && !user.IsDisabled && user.Email != null
                            select new { user.Email, user.DisplayName })
            .Distinct().ToList();
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
