using System.Globalization;
using Microsoft.Extensions.Options;
using MimeKit;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>
/// Turns an outbox row into a MIME message (MimeKit): text/plain with an HTML alternative. Every header value
/// is a validated address or a string flattened to one line, so a CR or LF in a business name, subject or
/// display name can never start a header of its own.
/// </summary>
public sealed class MailComposer(IOptions<SecurityHubOptions> options)
{
    private readonly string _defaultFromAddress = DefaultFromAddress(options.Value.PublicBaseUrl, System.Net.Dns.GetHostName());

    /// <summary>The sender used when no From address is set.</summary>
    public string DefaultFrom => _defaultFromAddress;

    public MimeMessage Compose(OutboxMessage message, EmailSettings settings)
    {
        var fromAddress = EmailAddresses.IsValid(settings.FromAddress) ? settings.FromAddress : _defaultFromAddress;
        var from = new MailboxAddress(EmailAddresses.SingleLine(settings.FromName, 100), fromAddress);
        var to = new MailboxAddress(EmailAddresses.SingleLine(message.ToName, 200), EmailAddresses.Require(message.ToAddress));

        var mail = new MimeMessage
        {
            Subject = EmailAddresses.SingleLine(message.Subject, 300),
            // The same Message-ID on a resend (after a crash mid-send) lets mail clients drop the duplicate.
            MessageId = $"outbox-{message.Id}.{message.CreatedUtc.Ticks.ToString(CultureInfo.InvariantCulture)}@{from.Domain}",
            Body = new BodyBuilder { TextBody = message.TextBody, HtmlBody = message.HtmlBody }.ToMessageBody(),
        };
        mail.From.Add(from);
        mail.To.Add(to);
        // RFC 3834: machine-sent, so autoresponders stay quiet.
        mail.Headers.Add("Auto-Submitted", "auto-generated");
        return mail;
    }

    /// <summary>noreply@ the public host name if one is configured, else the machine's name (always a valid address).</summary>
    internal static string DefaultFromAddress(string? publicBaseUrl, string machineName)
    {
        if (Uri.TryCreate(publicBaseUrl, UriKind.Absolute, out var uri) && uri.HostNameType == UriHostNameType.Dns
            && EmailAddresses.IsValid($"noreply@{uri.IdnHost}"))
        {
            return $"noreply@{uri.IdnHost}";
        }
        var host = new string(machineName.ToLowerInvariant().Where(c => c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-' or '.').ToArray()).Trim('.', '-');
        if (host.Length == 0)
        {
            host = "localhost";
        }
        var candidate = host.Contains('.', StringComparison.Ordinal) ? $"noreply@{host}" : $"noreply@{host}.localdomain";
        return EmailAddresses.IsValid(candidate) ? candidate : "noreply@securityhub.localdomain";
    }
}
