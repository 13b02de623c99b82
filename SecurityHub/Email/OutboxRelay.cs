using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Query;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>What one relay run did.</summary>
/// <param name="Sent">Accepted by an SMTP server.</param>
/// <param name="SavedToPickupFolder">Written to the pickup folder because no SMTP server is set: not delivered.</param>
public sealed record RelayResult(int Sent, int Retried, int Failed, int SavedToPickupFolder = 0)
{
    public override string ToString() => SavedToPickupFolder > 0
        ? $"Sent {Sent}, saved {SavedToPickupFolder} to the pickup folder (not delivered), will retry {Retried}, failed {Failed}."
        : $"Sent {Sent}, will retry {Retried}, failed {Failed}.";
}

/// <summary>
/// Delivers due outbox messages. Each message is claimed (Status=Sending, LastAttemptUtc, Attempts+1) in a
/// committed update before it is handed to the transport, and marked Sent after; a crash in between leaves
/// it in Sending, and after <see cref="StuckAfter"/> it is queued once more. So a crash costs at most one
/// duplicate, never a lost message.
/// </summary>
public sealed class OutboxRelay(
    IDbContextFactory<ApplicationDbContext> factory,
    EmailTransportFactory transports,
    MailComposer composer,
    TimeProvider clock,
    ILogger<OutboxRelay> logger)
{
    public static readonly TimeSpan StuckAfter = TimeSpan.FromMinutes(10);
    public static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);
    public const int BatchSize = 100;

    /// <summary>Sends every message that is due, oldest first, and records each outcome.</summary>
    public async Task<RelayResult> RelayDueAsync(CancellationToken cancellationToken)
    {
        int sent = 0, retried = 0, failed = 0, saved = 0;
        await RequeueStuckAsync(cancellationToken);

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var settings = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new EmailSettings();
        var now = Now();
        var due = await db.OutboxMessages.AsNoTracking()
            .Where(m => m.Status == OutboxStatus.Pending && m.NextAttemptUtc <= now)
            .OrderBy(m => m.NextAttemptUtc).ThenBy(m => m.Id)
            .Select(m => m.Id)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);

        foreach (var id in due)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var message = await ClaimAsync(db, id, cancellationToken);
            if (message is null)
            {
                continue; // another relay took it, or it changed since the query
            }

            var (kind, outcome) = await SendAsync(message, settings, cancellationToken);
            switch (outcome)
            {
                case null when kind == DeliveryKind.SavedToPickupFolder:
                    saved++;
                    break;
                case null:
                    sent++;
                    break;
                case { IsPermanent: true }:
                    failed++;
                    break;
                default:
                    if (await ScheduleRetryAsync(message, outcome))
                    {
                        retried++;
                    }
                    else
                    {
                        failed++;
                    }
                    break;
            }
            if (outcome is { ServerUnreachable: true })
            {
                // Nothing gets through right now; the rest stay due for the next run instead of each waiting on the same failure.
                break;
            }
        }
        if (sent + saved + retried + failed > 0)
        {
            logger.LogInformation("Outbox relay: {Sent} sent, {Saved} saved to the pickup folder (not delivered), {Retried} to retry, {Failed} failed", sent, saved, retried, failed);
        }
        return new RelayResult(sent, retried, failed, saved);
    }

    private async Task RequeueStuckAsync(CancellationToken cancellationToken)
    {
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = Now();
        var cutoff = now - StuckAfter;
        var requeued = await db.OutboxMessages
            .Where(m => m.Status == OutboxStatus.Sending && (m.LastAttemptUtc == null || m.LastAttemptUtc < cutoff))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptUtc, now)
                .SetProperty(m => m.LastError, "Sending was interrupted (the app stopped mid-send), so the message is sent again."), cancellationToken);
        if (requeued > 0)
        {
            logger.LogWarning("Outbox relay: {Count} message(s) were stuck in Sending for over {Minutes} minutes and are queued again", requeued, StuckAfter.TotalMinutes);
        }
    }

    /// <summary>Marks the message as being sent and commits that before anything leaves the app.</summary>
    private async Task<OutboxMessage?> ClaimAsync(ApplicationDbContext db, long id, CancellationToken cancellationToken)
    {
        var now = Now();
        var claimed = await db.OutboxMessages
            .Where(m => m.Id == id && m.Status == OutboxStatus.Pending && m.NextAttemptUtc <= now)
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending)
                .SetProperty(m => m.LastAttemptUtc, now)
                .SetProperty(m => m.Attempts, m => m.Attempts + 1), cancellationToken);
        return claimed == 1 ? await db.OutboxMessages.AsNoTracking().FirstAsync(m => m.Id == id, cancellationToken) : null;
    }

    /// <summary>Sends one claimed message and records the result; the failure is null when it was handed over.</summary>
    private async Task<(DeliveryKind Kind, DeliveryFailure? Failure)> SendAsync(OutboxMessage message, EmailSettings settings, CancellationToken cancellationToken)
    {
        var kind = DeliveryKind.Delivered;
        var destination = string.IsNullOrWhiteSpace(settings.SmtpHost) ? "the pickup folder" : $"{settings.SmtpHost}:{settings.SmtpPort}";
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(SendTimeout);
        try
        {
            var transport = transports.Create(settings, SendTimeout);
            destination = transport.Description;
            using var mail = composer.Compose(message, settings);
            kind = await transport.SendAsync(mail, timeout.Token);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The app is stopping. The message may or may not have gone out: queue it again (at most one duplicate).
            await UpdateAsync(message.Id, s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptUtc, Now())
                .SetProperty(m => m.LastError, "Sending was interrupted because the app stopped; the message is sent again."));
            throw;
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            var failure = ex is OperationCanceledException
                ? DeliveryFailure.Classify(new TimeoutException(), destination)
                : DeliveryFailure.Classify(ex, destination);
            if (failure.IsPermanent)
            {
                logger.LogWarning("Outbox message {Id} failed permanently: {Reason}", message.Id, failure.Reason);
                await UpdateAsync(message.Id, s => s
                    .SetProperty(m => m.Status, OutboxStatus.Failed)
                    .SetProperty(m => m.LastError, failure.Reason));
            }
            return (kind, failure);
        }

        // The truth for the Owner: a message in the pickup folder has reached nobody yet.
        var status = kind == DeliveryKind.SavedToPickupFolder ? OutboxStatus.SavedToPickupFolder : OutboxStatus.Sent;
        await UpdateAsync(message.Id, s => s
            .SetProperty(m => m.Status, status)
            .SetProperty(m => m.SentUtc, Now())
            .SetProperty(m => m.LastError, (string?)null));
        if (kind == DeliveryKind.SavedToPickupFolder)
        {
            logger.LogInformation("Outbox message {Id} saved to {Destination}, not delivered (no SMTP server is set)", message.Id, destination);
        }
        else
        {
            logger.LogInformation("Outbox message {Id} sent through {Destination}", message.Id, destination);
        }
        return (kind, null);
    }

    /// <summary>Queues a passing failure for later, or fails it once four days have gone by. True if it will be retried.</summary>
    private async Task<bool> ScheduleRetryAsync(OutboxMessage message, DeliveryFailure failure)
    {
        var attempts = message.Attempts;
        var next = RetrySchedule.NextAttempt(message.CreatedUtc, attempts, Now());
        if (next is null)
        {
            var reason = EmailAddresses.SingleLine($"Gave up after 4 days and {attempts} attempts. Last error: {failure.Reason}", 2000);
            logger.LogWarning("Outbox message {Id} gave up after 4 days: {Reason}", message.Id, failure.Reason);
            await UpdateAsync(message.Id, s => s
                .SetProperty(m => m.Status, OutboxStatus.Failed)
                .SetProperty(m => m.LastError, reason));
            return false;
        }
        logger.LogWarning("Outbox message {Id} will be retried at {Next:u}: {Reason}", message.Id, next.Value, failure.Reason);
        await UpdateAsync(message.Id, s => s
            .SetProperty(m => m.Status, OutboxStatus.Pending)
            .SetProperty(m => m.NextAttemptUtc, next.Value)
            .SetProperty(m => m.LastError, failure.Reason));
        return true;
    }

    /// <summary>
    /// Records an outcome in its own context and without the caller's token: once a message has been handed
    /// over, what happened must be written even while the app is stopping.
    /// </summary>
    private async Task UpdateAsync(long id, Action<UpdateSettersBuilder<OutboxMessage>> setters)
    {
        await using var db = await factory.CreateDbContextAsync(CancellationToken.None);
        await db.OutboxMessages.Where(m => m.Id == id).ExecuteUpdateAsync(setters, CancellationToken.None);
    }

    private DateTime Now() => clock.GetUtcNow().UtcDateTime;
}
