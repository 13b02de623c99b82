using System.Text.Encodings.Web;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>An email to queue: plain text plus an HTML alternative.</summary>
public sealed record EmailMessage(string ToAddress, string ToName, string Subject, string TextBody, string HtmlBody, string Category);

/// <summary>
/// Queues email in the caller's context, so the message commits in the same transaction as the change
/// that caused it. The relay job delivers it.
/// </summary>
public sealed class Outbox(TimeProvider clock)
{
    public void Enqueue(ApplicationDbContext db, EmailMessage message)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        db.OutboxMessages.Add(new OutboxMessage
        {
            ToAddress = EmailAddresses.Require(message.ToAddress),
            ToName = EmailAddresses.SingleLine(message.ToName, 200),
            Subject = EmailAddresses.SingleLine(message.Subject, 300),
            TextBody = message.TextBody,
            HtmlBody = message.HtmlBody,
            Category = message.Category,
            Status = OutboxStatus.Pending,
            CreatedUtc = now,
            NextAttemptUtc = now,
        });
    }
}

public static class EmailAddresses
{
    /// <summary>True for one plain address (no display name, no CR/LF, no list).</summary>
    public static bool IsValid(string? address)
    {
        if (string.IsNullOrWhiteSpace(address) || address.Length > 254 || address.Any(c => char.IsControl(c) || c is ',' or ';' or '<' or '>' or '"' or ' '))
        {
            return false;
        }
        return MimeKit.MailboxAddress.TryParse(address, out var parsed) && parsed.Address == address
            && parsed.Domain.Contains('.', StringComparison.Ordinal) && !parsed.Domain.StartsWith('.') && !parsed.Domain.EndsWith('.')
            && !parsed.Domain.Contains("..", StringComparison.Ordinal) && parsed.LocalPart.Length > 0;
    }

    public static string Require(string address) =>
        IsValid(address) ? address : throw new ArgumentException($"'{SingleLine(address, 80)}' is not a valid email address.", nameof(address));

    /// <summary>Collapses CR, LF and other control characters so a value can never start a new header.</summary>
    public static string SingleLine(string? value, int max)
    {
        var cleaned = new string((value ?? "").Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return cleaned.Length > max ? cleaned[..max] : cleaned;
    }
}

/// <summary>Builds the app's emails in one calm layout, text and HTML, with every value encoded.</summary>
public static class EmailTemplates
{
    public static EmailMessage Build(string toAddress, string toName, string subject, string category,
        string greeting, IReadOnlyList<string> paragraphs, (string Text, string Url)? action = null, string? businessName = null)
    {
        var html = HtmlEncoder.Default;
        var footer = businessName is null ? "SecurityHub" : $"SecurityHub for {EmailAddresses.SingleLine(businessName, 200)}";

        var text = new System.Text.StringBuilder();
        text.AppendLine(greeting).AppendLine();
        foreach (var p in paragraphs)
        {
            text.AppendLine(p).AppendLine();
        }
        if (action is { } a)
        {
            text.AppendLine($"{a.Text}: {a.Url}").AppendLine();
        }
        text.AppendLine("-- ").AppendLine(footer);

        var body = new System.Text.StringBuilder();
        body.Append("<!DOCTYPE html><html><body style=\"font-family:Segoe UI,Helvetica,Arial,sans-serif;color:#1f2937;max-width:560px;margin:0 auto;padding:24px\">");
        body.Append("<p style=\"font-size:16px\">").Append(html.Encode(greeting)).Append("</p>");
        foreach (var p in paragraphs)
        {
            body.Append("<p style=\"font-size:15px;line-height:1.5\">").Append(html.Encode(p)).Append("</p>");
        }
        if (action is { } b)
        {
            body.Append("<p><a href=\"").Append(html.Encode(b.Url)).Append("\" style=\"display:inline-block;background:#1d4ed8;color:#fff;padding:10px 18px;border-radius:6px;text-decoration:none\">")
                .Append(html.Encode(b.Text)).Append("</a></p>");
            body.Append("<p style=\"font-size:13px;color:#6b7280\">Or paste this link into your browser: ").Append(html.Encode(b.Url)).Append("</p>");
        }
        body.Append("<hr style=\"border:none;border-top:1px solid #e5e7eb\"><p style=\"font-size:12px;color:#6b7280\">").Append(html.Encode(footer)).Append("</p></body></html>");

        return new EmailMessage(toAddress, toName, subject, text.ToString(), body.ToString(), category);
    }
}
