using System.Net;
using System.Text;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Audit;

/// <summary>GET /audit/export.csv: what an Owner downloads, and who cannot.</summary>
public class AuditExportTests
{
    private const string Owner = "owner@example.com";

    [Fact]
    public async Task Export_Owner_ReturnsRfc4180CsvWithFormulasDefused()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        var audit = app.GetService<AuditLog>();
        await audit.WriteAsync(AuditEvents.SettingsChanged, actorEmail: Owner, target: "=HYPERLINK(\"http://x\")");
        await audit.WriteAsync(AuditEvents.SettingsChanged, actorEmail: Owner, target: "+1+2");
        await audit.WriteAsync(AuditEvents.SettingsChanged, actorEmail: Owner, target: "-3");
        await audit.WriteAsync(AuditEvents.SettingsChanged, actorEmail: Owner, target: "@SUM(A1:A2)");
        await audit.WriteAsync(AuditEvents.SettingsChanged, actorEmail: Owner, target: "Smith, \"Bakery\" Ltd");
        // AuditLog flattens control characters, so a line break can only come from a row written some other way.
        await using (var db = await app.CreateDbContextAsync())
        {
            db.AuditEvents.Add(new AuditEvent { OccurredUtc = app.Clock.GetUtcNow().UtcDateTime, EventType = "import.row", Target = "line one\r\nline two" });
            await db.SaveChangesAsync();
        }
        using var client = await SignedInClientAsync(app, Owner);

        using var response = await client.GetAsync("/audit/export.csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        var csv = await response.Content.ReadAsStringAsync();
        var rows = Csv.Parse(csv);
        Assert.Equal(["OccurredUtc", "Event", "Actor", "Target", "Details", "IpAddress"], rows[0]);
        var targets = rows.Skip(1).Select(r => r[3]).ToList();

        // A spreadsheet would run these as formulas: each gets a leading apostrophe, and is quoted.
        Assert.Contains("\"'=HYPERLINK(\"\"http://x\"\")\"", csv, StringComparison.Ordinal);
        Assert.Contains("'=HYPERLINK(\"http://x\")", targets);
        Assert.Contains("\"'+1+2\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'-3\"", csv, StringComparison.Ordinal);
        Assert.Contains("\"'@SUM(A1:A2)\"", csv, StringComparison.Ordinal);
        Assert.DoesNotContain(targets, t => t.StartsWith('=') || t.StartsWith('+') || t.StartsWith('-') || t.StartsWith('@'));

        // Commas, quotes and line breaks are quoted the RFC 4180 way, and records end in CRLF.
        Assert.Contains("\"Smith, \"\"Bakery\"\" Ltd\"", csv, StringComparison.Ordinal);
        Assert.Contains("Smith, \"Bakery\" Ltd", targets);
        Assert.Contains("\"line one\r\nline two\"", csv, StringComparison.Ordinal);
        Assert.Contains("line one\r\nline two", targets);
        Assert.StartsWith("OccurredUtc,Event,Actor,Target,Details,IpAddress\r\n", csv, StringComparison.Ordinal);
        Assert.All(rows, r => Assert.Equal(6, r.Length));
    }

    [Fact]
    public async Task Export_ForgedEventInDetails_StaysOnOneLine()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        await app.GetService<AuditLog>().WriteAsync(AuditEvents.SignInFailed, actorEmail: "mallory@example.com", details: "evil\r\nsignin.succeeded");
        using var client = await SignedInClientAsync(app, Owner);

        var csv = await client.GetStringAsync("/audit/export.csv?eventType=" + AuditEvents.SignInFailed);

        var lines = csv.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(2, lines.Length);
        Assert.Contains("evil  signin.succeeded", lines[1], StringComparison.Ordinal);
        Assert.DoesNotContain('\n', lines[1]);
        Assert.DoesNotContain(lines, l => l.StartsWith("signin.succeeded", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Export_Owner_IsItselfAudited()
    {
        using var app = new AppFactory();
        await app.SeedUserAsync(Owner, Roles.Owner);
        using var client = await SignedInClientAsync(app, Owner);

        using var response = await client.GetAsync("/audit/export.csv?eventType=signin.succeeded&actor=owner&from=2026-11-01&to=2026-11-03");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var db = await app.CreateDbContextAsync();
        var exported = Assert.Single(await db.AuditEvents.Where(e => e.EventType == AuditEvents.AuditExported).ToListAsync());
        Assert.Equal(Owner, exported.ActorEmail);
        Assert.Equal("event=signin.succeeded; actor=owner; from=2026-11-01; to=2026-11-03", exported.Details);
    }

    [Theory]
    [InlineData(Roles.Manager)]
    [InlineData(Roles.Staff)]
    public async Task Export_NotOwner_IsRefused(string role)
    {
        using var app = new AppFactory();
        var email = role.ToLowerInvariant() + "@example.com";
        await app.SeedUserAsync(email, role);
        await app.GetService<AuditLog>().WriteAsync(AuditEvents.SettingsChanged, actorEmail: "owner@example.com", target: "secret business");
        using var client = await SignedInClientAsync(app, email);

        using var response = await client.GetAsync("/audit/export.csv");

        Assert.True(response.StatusCode is HttpStatusCode.Forbidden or HttpStatusCode.Redirect, $"Got {response.StatusCode}");
        if (response.StatusCode == HttpStatusCode.Redirect)
        {
            Assert.StartsWith("/Account/AccessDenied", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
        }
        Assert.DoesNotContain("secret business", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);

        // The service refuses them too, whatever calls it.
        var user = await app.PrincipalForAsync(email);
        await using var scope = app.Services.CreateAsyncScope();
        var service = scope.ServiceProvider.GetRequiredService<AuditService>();
        using var output = new MemoryStream();
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.ExportCsvAsync(user, new AuditFilter(), output));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.QueryAsync(user, new AuditFilter(), 0, 25));
        await Assert.ThrowsAsync<AccessDeniedException>(() => service.EventTypesAsync(user));
        Assert.Equal(0, output.Length);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.AuditEvents.AnyAsync(e => e.EventType == AuditEvents.AuditExported));
    }

    [Fact]
    public async Task Export_Anonymous_RedirectsToLogin()
    {
        using var app = new AppFactory();
        using var client = app.CreateHttpsClient();

        using var response = await client.GetAsync("/audit/export.csv");

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/Account/Login", response.Headers.Location!.PathAndQuery, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task Export_Filters_KeepOnlyMatchingEvents()
    {
        // The clock only moves forward: it starts before the first event of the test.
        using var app = new AppFactory(clockStart: new DateTimeOffset(2026, 10, 30, 9, 0, 0, TimeSpan.Zero));
        await app.SeedUserAsync(Owner, Roles.Owner);
        var audit = app.GetService<AuditLog>();
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 30, 23, 59, 0, TimeSpan.Zero));
        await audit.WriteAsync(AuditEvents.RoleChanged, actorEmail: "anna@example.com", target: "before the range");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 10, 31, 0, 0, 0, TimeSpan.Zero));
        await audit.WriteAsync(AuditEvents.RoleChanged, actorEmail: "anna@example.com", target: "first day");
        await audit.WriteAsync(AuditEvents.UserDisabled, actorEmail: "anna@example.com", target: "other event");
        await audit.WriteAsync(AuditEvents.RoleChanged, actorEmail: "bob@example.com", target: "other person");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 1, 23, 59, 59, TimeSpan.Zero));
        await audit.WriteAsync(AuditEvents.RoleChanged, actorEmail: "ANNA@example.com", target: "last second");
        app.Clock.SetUtcNow(new DateTimeOffset(2026, 11, 2, 0, 0, 0, TimeSpan.Zero));
        await audit.WriteAsync(AuditEvents.RoleChanged, actorEmail: "anna@example.com", target: "after the range");
        using var client = await SignedInClientAsync(app, Owner);

        // "to" is exclusive: the page sends the day after the last day it shows.
        var csv = await client.GetStringAsync($"/audit/export.csv?eventType={AuditEvents.RoleChanged}&actor=anna&from=2026-10-31&to=2026-11-02");

        var targets = Csv.Parse(csv).Skip(1).Select(r => r[3]).ToList();
        Assert.Equal(["last second", "first day"], targets);

        var byEvent = Csv.Parse(await client.GetStringAsync($"/audit/export.csv?eventType={AuditEvents.UserDisabled}")).Skip(1).Select(r => r[3]);
        Assert.Equal(["other event"], byEvent);
    }

    private static async Task<HttpClient> SignedInClientAsync(AppFactory app, string email)
    {
        var client = app.CreateHttpsClient();
        using var login = await app.LoginAsync(client, email);
        Assert.Equal(HttpStatusCode.Redirect, login.StatusCode);
        return client;
    }
}

/// <summary>A strict RFC 4180 reader, so the tests see the cells a spreadsheet would.</summary>
internal static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var rows = new List<string[]>();
        var row = new List<string>();
        var cell = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"')
                {
                    cell.Append('"');
                    i++;
                }
                else if (c == '"')
                {
                    quoted = false;
                }
                else
                {
                    cell.Append(c);
                }
            }
            else if (c == '"')
            {
                Assert.True(cell.Length == 0, "A quote inside an unquoted cell is not RFC 4180.");
                quoted = true;
            }
            else if (c == ',')
            {
                row.Add(cell.ToString());
                cell.Clear();
            }
            else if (c == '\r' && i + 1 < text.Length && text[i + 1] == '\n')
            {
                row.Add(cell.ToString());
                cell.Clear();
                rows.Add([.. row]);
                row.Clear();
                i++;
            }
            else
            {
                Assert.True(c != '\r' && c != '\n', "A bare line break outside quotes is not RFC 4180.");
                cell.Append(c);
            }
        }
        Assert.False(quoted, "Unterminated quoted cell.");
        if (cell.Length > 0 || row.Count > 0)
        {
            row.Add(cell.ToString());
            rows.Add([.. row]);
        }
        return rows;
    }
}
