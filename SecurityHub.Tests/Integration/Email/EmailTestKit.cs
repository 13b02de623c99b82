using System.Text;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Email;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>Helpers shared by the email tests: settings, queued messages, principals and raw MIME.</summary>
internal static class EmailTestKit
{
    /// <summary>
    /// The app with SecurityHub:Email:AllowInternalHosts on, as for a relay on this machine: the test SMTP
    /// servers (maildev, the scripted one) listen on loopback, which is refused otherwise.
    /// </summary>
    public static AppFactory NewApp() => new AppFactory().With(SecurityHub.Email.EmailOptions.Section + ":AllowInternalHosts", "true");

    /// <summary>Points the app at an SMTP server (null host: the pickup folder), without STARTTLS.</summary>
    public static async Task UseSmtpAsync(AppFactory app, string? host, int port, Action<EmailSettings>? configure = null)
    {
        await using var db = await app.CreateDbContextAsync();
        var settings = await db.EmailSettings.FirstOrDefaultAsync();
        if (settings is null)
        {
            settings = new EmailSettings();
            db.EmailSettings.Add(settings);
        }
        settings.SmtpHost = host;
        settings.SmtpPort = port;
        settings.Security = SmtpSecurity.None;
        settings.FromAddress = "alerts@bakery.example";
        settings.FromName = "Test Bakery";
        configure?.Invoke(settings);
        await db.SaveChangesAsync();
    }

    /// <summary>Queues a message the way features do (Outbox.Enqueue in the caller's transaction) and returns its id.</summary>
    public static async Task<long> EnqueueAsync(AppFactory app, string to, string subject = "Your weekly security summary",
        string toName = "Robin Baker", string? businessName = "Test Bakery")
    {
        await using var db = await app.CreateDbContextAsync();
        app.GetService<Outbox>().Enqueue(db, EmailTemplates.Build(to, toName, subject, "test", $"Hello {toName},",
            ["Two tasks are due this week.", "Nothing is overdue."], ("Open SecurityHub", "https://securityhub.example/tasks"), businessName));
        await db.SaveChangesAsync();
        return await db.OutboxMessages.MaxAsync(m => m.Id);
    }

    public static async Task<OutboxMessage> GetMessageAsync(AppFactory app, long id)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.OutboxMessages.AsNoTracking().SingleAsync(m => m.Id == id);
    }

    public static Task<RelayResult> RelayAsync(AppFactory app) => app.GetService<OutboxRelay>().RelayDueAsync(CancellationToken.None);

    /// <summary>Runs a call against the scoped EmailService.</summary>
    public static async Task<T> WithServiceAsync<T>(AppFactory app, Func<EmailService, Task<T>> call)
    {
        await using var scope = app.Services.CreateAsyncScope();
        return await call(scope.ServiceProvider.GetRequiredService<EmailService>());
    }

    /// <summary>The unfolded header lines of a raw message (everything before the first empty line).</summary>
    public static IReadOnlyList<string> HeaderLines(string raw)
    {
        var lines = new List<string>();
        foreach (var line in raw.Replace("\r\n", "\n", StringComparison.Ordinal).Split('\n'))
        {
            if (line.Length == 0)
            {
                break;
            }
            if (line[0] is ' ' or '\t' && lines.Count > 0)
            {
                lines[^1] += " " + line.Trim();
            }
            else
            {
                lines.Add(line);
            }
        }
        return lines;
    }

    /// <summary>Names of the headers that start a line, lower case.</summary>
    public static IReadOnlyList<string> HeaderNames(string raw) =>
        HeaderLines(raw).Select(l => l.Split(':', 2)[0].Trim().ToLowerInvariant()).ToList();

    /// <summary>The decoded leaf parts of a multipart message, by content type (text/plain, text/html).</summary>
    public static IReadOnlyDictionary<string, string> MimeParts(string raw)
    {
        var normalized = raw.Replace("\r\n", "\n", StringComparison.Ordinal);
        var contentType = HeaderLines(normalized).First(l => l.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase));
        var boundary = contentType.Split("boundary=", 2)[1].Trim().Trim('"');
        var parts = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var chunk in normalized.Split("--" + boundary).Skip(1))
        {
            if (chunk.StartsWith("--", StringComparison.Ordinal))
            {
                break;
            }
            var part = chunk.TrimStart('\n');
            var split = part.IndexOf("\n\n", StringComparison.Ordinal);
            var headers = HeaderLines(part[..split]);
            var body = part[(split + 2)..];
            var type = headers.First(h => h.StartsWith("Content-Type:", StringComparison.OrdinalIgnoreCase)).Split(':', 2)[1].Split(';')[0].Trim();
            var encoding = headers.FirstOrDefault(h => h.StartsWith("Content-Transfer-Encoding:", StringComparison.OrdinalIgnoreCase))?.Split(':', 2)[1].Trim().ToLowerInvariant();
            parts[type] = encoding switch
            {
                "base64" => Encoding.UTF8.GetString(Convert.FromBase64String(string.Concat(body.Where(c => !char.IsWhiteSpace(c))))),
                "quoted-printable" => DecodeQuotedPrintable(body),
                _ => body,
            };
        }
        return parts;
    }

    private static string DecodeQuotedPrintable(string body)
    {
        var bytes = new List<byte>();
        var text = body.Replace("=\n", "", StringComparison.Ordinal);
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '=' && i + 2 < text.Length)
            {
                bytes.Add(Convert.ToByte(text.Substring(i + 1, 2), 16));
                i += 2;
            }
            else
            {
                bytes.AddRange(Encoding.UTF8.GetBytes(text[i].ToString()));
            }
        }
        return Encoding.UTF8.GetString(bytes.ToArray());
    }
}
