using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using SecurityHub.Account;
using SecurityHub.Certificates;
using SecurityHub.Audit;
using SecurityHub.Data;
using SecurityHub.Organization;

namespace SecurityHub.Email;

/// <summary>The result of saving the email settings: field errors, or success with an optional warning.</summary>
public sealed record EmailSettingsResult(bool Succeeded, IReadOnlyDictionary<string, string> Errors, string? Warning = null);

/// <summary>One row of the outbox view. Bodies are left out: they can hold sign-in and invitation links.</summary>
public sealed record OutboxEntry(
    long Id, string ToAddress, string Subject, string Category, OutboxStatus Status, int Attempts,
    DateTime CreatedUtc, DateTime NextAttemptUtc, DateTime? LastAttemptUtc, DateTime? SentUtc, string? LastError);

/// <summary>The Email settings page: SMTP settings, the outbox, test emails and retries. Owners only.</summary>
public sealed class EmailService(
    IDbContextFactory<ApplicationDbContext> factory,
    AccessGuard guard,
    AuditLog audit,
    Outbox outbox,
    SmtpPasswordProtector passwords,
    DataPaths paths,
    IOptionsMonitor<EmailOptions> options,
    TimeProvider clock)
{
    private static readonly TimeSpan DnsCheckTimeout = TimeSpan.FromSeconds(5);

    /// <summary>Where emails go while no SMTP host is set.</summary>
    public string PickupDirectory => paths.PickupDirectory;

    public async Task<EmailSettingsInput> GetSettingsAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var settings = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new EmailSettings();
        return EmailSettingsInput.From(settings);
    }

    /// <summary>
    /// Validates and saves the settings. Invalid input changes nothing. A blank password keeps the stored one;
    /// a new one is stored encrypted and never logged or audited. A host that DNS cannot resolve right now is
    /// saved with a warning (mail waits in the outbox until it resolves).
    /// </summary>
    public async Task<EmailSettingsResult> SaveSettingsAsync(ClaimsPrincipal actor, EmailSettingsInput input, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        var errors = EmailSettingsRules.Validate(input);
        if (errors.Count > 0)
        {
            return new EmailSettingsResult(false, errors);
        }
        var (refusal, dnsWarning) = await CheckHostAsync(input.SmtpHost?.Trim(), cancellationToken);
        if (refusal is not null)
        {
            return new EmailSettingsResult(false, new Dictionary<string, string> { [nameof(input.SmtpHost)] = refusal });
        }

        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var settings = await db.EmailSettings.FirstOrDefaultAsync(cancellationToken);
        if (settings is null)
        {
            settings = new EmailSettings();
            db.EmailSettings.Add(settings);
        }
        var before = Describe(settings);

        var host = input.SmtpHost?.Trim();
        settings.SmtpHost = string.IsNullOrEmpty(host) ? null : host;
        settings.SmtpPort = input.SmtpPort;
        settings.Security = input.Security;
        settings.Username = string.IsNullOrWhiteSpace(input.Username) ? null : input.Username.Trim();
        settings.FromAddress = input.FromAddress?.Trim() ?? "";
        settings.FromName = input.FromName?.Trim() ?? "";
        settings.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        var passwordChange = "password unchanged";
        if (!string.IsNullOrEmpty(input.Password))
        {
            settings.ProtectedPassword = passwords.Protect(input.Password);
            passwordChange = "password changed";
        }
        else if (input.ClearPassword)
        {
            settings.ProtectedPassword = null;
            passwordChange = "password cleared";
        }

        audit.Add(db, actor, AuditEvents.EmailSettingsChanged, "Email settings", $"Before: {before}. After: {Describe(settings)}; {passwordChange}");
        await db.SaveChangesAsync(cancellationToken);

        return new EmailSettingsResult(true, new Dictionary<string, string>(), Warn(settings, dnsWarning));
    }

    /// <summary>The most recent outbox messages, newest first.</summary>
    public async Task<IReadOnlyList<OutboxEntry>> ListOutboxAsync(ClaimsPrincipal actor, int take = 100, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        return await db.OutboxMessages.AsNoTracking()
            .OrderByDescending(m => m.CreatedUtc).ThenByDescending(m => m.Id)
            .Take(Math.Clamp(take, 1, 500))
            .Select(m => new OutboxEntry(m.Id, m.ToAddress, m.Subject, m.Category, m.Status, m.Attempts,
                m.CreatedUtc, m.NextAttemptUtc, m.LastAttemptUtc, m.SentUtc, m.LastError))
            .ToListAsync(cancellationToken);
    }

    /// <summary>Queues a test email to the signed-in Owner's own address.</summary>
    public async Task<SaveResult> QueueTestEmailAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        var userId = await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var user = await db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.Id == userId, cancellationToken);
        if (user?.Email is not { } email || !EmailAddresses.IsValid(email))
        {
            return SaveResult.Invalid("TestEmail", "Your account has no valid email address to send the test to.");
        }
        var settings = await db.EmailSettings.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new EmailSettings();
        var business = await db.Organizations.Select(o => o.BusinessName).FirstOrDefaultAsync(cancellationToken);
        var route = string.IsNullOrWhiteSpace(settings.SmtpHost)
            ? "It was saved to the pickup folder, not delivered, because no SMTP server is set."
            : $"It was sent through {settings.SmtpHost}:{settings.SmtpPort}.";
        var name = string.IsNullOrWhiteSpace(user.DisplayName) ? "there" : user.DisplayName;
        outbox.Enqueue(db, EmailTemplates.Build(email, user.DisplayName, "SecurityHub test email", "test",
            $"Hello {name},",
            ["This is a test email from SecurityHub. If you are reading it, email delivery works.", route],
            null, business));
        audit.Add(db, actor, AuditEvents.TestEmailQueued, email);
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    /// <summary>
    /// Sends a pending or failed message at the next relay run. A message that already gave up after four
    /// days gets this one attempt; if that fails for a passing reason too, it is marked Failed again. A message
    /// saved to the pickup folder is refused: it is never sent a second time.
    /// </summary>
    public async Task<SaveResult> RetryNowAsync(ClaimsPrincipal actor, long messageId, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Owner);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var updated = await db.OutboxMessages
            .Where(m => m.Id == messageId && (m.Status == OutboxStatus.Pending || m.Status == OutboxStatus.Failed))
            .ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Pending)
                .SetProperty(m => m.NextAttemptUtc, now), cancellationToken);
        if (updated == 1)
        {
            return SaveResult.Ok;
        }
        // Say what really happened to it: a message in the pickup folder was never sent, and is not sent again.
        var status = await db.OutboxMessages.Where(m => m.Id == messageId).Select(m => (OutboxStatus?)m.Status).FirstOrDefaultAsync(cancellationToken);
        return SaveResult.Invalid("Message", status switch
        {
            OutboxStatus.SavedToPickupFolder => "That message was saved to the pickup folder, not delivered, and is not sent again from here. Once an SMTP server is set, new emails are delivered.",
            OutboxStatus.Sent => "That message is already sent.",
            OutboxStatus.Sending => "That message is being sent right now.",
            _ => "That message no longer exists.",
        });
    }

    /// <summary>
    /// Resolves the host as the relay will: an internal address is refused (unless SecurityHub:Email:AllowInternalHosts),
    /// a name DNS cannot resolve right now is a warning. The refusal does not depend on the port or on what listens there.
    /// </summary>
    private async Task<(string? Refusal, string? DnsWarning)> CheckHostAsync(string? host, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(host))
        {
            return (null, null);
        }
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(DnsCheckTimeout);
        IPAddress[] addresses;
        try
        {
            addresses = await AddressGuard.ResolveAsync(host, timeout.Token);
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return (null, $"{host} cannot be found in DNS right now ({(ex is SocketException s ? s.Message : "no answer")}). " +
                "The settings are saved, but email will wait in the outbox until the host can be reached.");
        }
        if (!options.CurrentValue.AllowInternalHosts && AddressGuard.FirstInternal(addresses) is { } found)
        {
            return ($"{host} is {(found.Address.ToString() == host.Trim('[', ']') ? "" : $"{found.Address}, ")}a {found.Kind} address, and email to internal servers is turned off. " +
                $"For a relay on this machine or your network, set {EmailOptions.Section}:{nameof(EmailOptions.AllowInternalHosts)} to true in the app's settings.", null);
        }
        return (null, null);
    }

    private static string? Warn(EmailSettings settings, string? dnsWarning)
    {
        if (settings.SmtpHost is not { } host)
        {
            return null;
        }
        var warnings = new List<string>();
        if (dnsWarning is not null)
        {
            warnings.Add(dnsWarning);
        }
        if (settings.SmtpPort == 465 && settings.Security != SmtpSecurity.ImplicitTls)
        {
            warnings.Add("Port 465 expects TLS from the first byte: choose \"TLS from the start\" for it.");
        }
        else if (settings.SmtpPort == 587 && settings.Security == SmtpSecurity.ImplicitTls)
        {
            warnings.Add("Port 587 usually expects STARTTLS: choose \"STARTTLS required\" for it.");
        }
        if (settings.Security == SmtpSecurity.None && !EmailSettingsRules.IsAddressOrLocalhost(host))
        {
            warnings.Add(settings.Username is null
                ? "No encryption: the emails travel in the clear. Use it only for a relay on a network you trust."
                : "No encryption: the emails and the SMTP password travel in the clear. Use it only for a relay on a network you trust.");
        }
        return warnings.Count == 0 ? null : string.Join(" ", warnings);
    }

    private static string Describe(EmailSettings s) =>
        $"host={(string.IsNullOrEmpty(s.SmtpHost) ? "(pickup folder)" : s.SmtpHost)}; port={s.SmtpPort}; security={EmailSettingsRules.Describe(s.Security)}; " +
        $"user={s.Username ?? "(none)"}; password={(string.IsNullOrEmpty(s.ProtectedPassword) ? "not set" : "set")}; " +
        $"from={(string.IsNullOrEmpty(s.FromAddress) ? "(default)" : s.FromAddress)}; from name={s.FromName}";
}
