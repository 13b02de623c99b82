using System.Text;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Email;
using SecurityHub.Tests.Infrastructure;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>The Email settings page's service: validation, the write-only password, access and the outbox actions.</summary>
public class EmailServiceTests
{
    public static TheoryData<string, string, string> InvalidInputs => new()
    {
        { "port zero", nameof(EmailSettingsInput.SmtpPort), "0" },
        { "port too high", nameof(EmailSettingsInput.SmtpPort), "70000" },
        { "host with a space", nameof(EmailSettingsInput.SmtpHost), "smtp example.com" },
        { "host as a URL", nameof(EmailSettingsInput.SmtpHost), "https://smtp.example.com" },
        { "host with a port", nameof(EmailSettingsInput.SmtpHost), "smtp.example.com:587" },
        { "host with CR/LF", nameof(EmailSettingsInput.SmtpHost), "smtp.example.com\r\nX-Injected: 1" },
        { "host with underscore", nameof(EmailSettingsInput.SmtpHost), "smtp_relay.example.com" },
        { "host starting with a hyphen", nameof(EmailSettingsInput.SmtpHost), "-smtp.example.com" },
        { "from without @", nameof(EmailSettingsInput.FromAddress), "alerts.bakery.example" },
        { "from with a display name", nameof(EmailSettingsInput.FromAddress), "Bakery <alerts@bakery.example>" },
        { "from with two addresses", nameof(EmailSettingsInput.FromAddress), "a@bakery.example, b@bakery.example" },
        { "from with CR/LF", nameof(EmailSettingsInput.FromAddress), "alerts@bakery.example\r\nBcc: evil@attacker.example" },
        { "from name with CR/LF", nameof(EmailSettingsInput.FromName), "Bakery\r\nBcc: evil@attacker.example" },
        { "user name with CR/LF", nameof(EmailSettingsInput.Username), "bakery\r\nAUTH" },
    };

    [Theory]
    [MemberData(nameof(InvalidInputs))]
    public async Task SaveSettings_InvalidField_ReturnsErrorForThatFieldAndSavesNothing(string scenario, string field, string value)
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        var input = new EmailSettingsInput { SmtpHost = "smtp.bakery.example", SmtpPort = 587, FromAddress = "alerts@bakery.example", FromName = "Bakery", Password = "a new password" };
        switch (field)
        {
            case nameof(EmailSettingsInput.SmtpPort): input.SmtpPort = int.Parse(value, System.Globalization.CultureInfo.InvariantCulture); break;
            case nameof(EmailSettingsInput.SmtpHost): input.SmtpHost = value; break;
            case nameof(EmailSettingsInput.FromAddress): input.FromAddress = value; break;
            case nameof(EmailSettingsInput.FromName): input.FromName = value; break;
            case nameof(EmailSettingsInput.Username): input.Username = value; break;
        }

        var result = await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, input));

        Assert.False(result.Succeeded, scenario);
        var error = Assert.Single(result.Errors);
        Assert.Equal(field, error.Key);
        Assert.False(string.IsNullOrWhiteSpace(error.Value));
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.EmailSettings.AnyAsync());
        Assert.False(await db.AuditEvents.AnyAsync(e => e.EventType == AuditEvents.EmailSettingsChanged));
    }

    [Fact]
    public async Task SaveSettings_SeveralBadFields_ReportsEachAndKeepsPreviousSettings()
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        Assert.True((await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput { SmtpHost = "127.0.0.1", SmtpPort = 2525, FromAddress = "alerts@bakery.example" }))).Succeeded);

        var result = await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput { SmtpHost = "bad host", SmtpPort = 0, FromAddress = "nope" }));

        Assert.False(result.Succeeded);
        Assert.Equal(["FromAddress", "SmtpHost", "SmtpPort"], result.Errors.Keys.Order());
        var stored = await WithServiceAsync(app, s => s.GetSettingsAsync(owner));
        Assert.Equal("127.0.0.1", stored.SmtpHost);
        Assert.Equal(2525, stored.SmtpPort);
        Assert.Equal("alerts@bakery.example", stored.FromAddress);
    }

    [Fact]
    public async Task SaveSettings_Password_StoredEncryptedNeverShownLoggedOrAudited()
    {
        const string Password = "Sm7p-Secret-Q9xW-2046";
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));

        var result = await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput
        {
            SmtpHost = "127.0.0.1", SmtpPort = 2525, Security = SmtpSecurity.None, Username = "bakery", Password = Password, FromAddress = "alerts@bakery.example",
        }));
        Assert.True(result.Succeeded);

        await using (var db = await app.CreateDbContextAsync())
        {
            var stored = await db.EmailSettings.AsNoTracking().SingleAsync();
            Assert.NotNull(stored.ProtectedPassword);
            Assert.DoesNotContain(Password, stored.ProtectedPassword);
            // It is Data Protection ciphertext under the documented purpose.
            Assert.Equal(Password, app.GetService<IDataProtectionProvider>().CreateProtector("SecurityHub.Email.SmtpPassword").Unprotect(stored.ProtectedPassword));

            var audit = await db.AuditEvents.AsNoTracking().SingleAsync(e => e.EventType == AuditEvents.EmailSettingsChanged);
            Assert.Equal("owner@bakery.example", audit.ActorEmail);
            Assert.Contains("password changed", audit.Details);
            Assert.Contains("host=127.0.0.1", audit.Details);
            Assert.DoesNotContain(await db.AuditEvents.AsNoTracking().ToListAsync(), e => $"{e.Target} {e.Details}".Contains(Password, StringComparison.Ordinal));
        }

        // The page never gets the password back.
        var shown = await WithServiceAsync(app, s => s.GetSettingsAsync(owner));
        Assert.Null(shown.Password);
        Assert.True(shown.HasStoredPassword);

        // Not in any log line, nor anywhere in the database files (main file and WAL).
        Assert.DoesNotContain(app.Logs.Messages, m => m.Contains(Password, StringComparison.Ordinal));
        SqliteConnection.ClearAllPools();
        var everything = new List<byte>();
        foreach (var file in Directory.GetFiles(app.DataDirectory, "securityhub.db*"))
        {
            everything.AddRange(await ReadSharedAsync(file));
        }
        var bytes = everything.ToArray();
        Assert.True(Contains(bytes, Encoding.UTF8.GetBytes("alerts@bakery.example")), "The scan should see the plain From address saved with it");
        Assert.False(Contains(bytes, Encoding.UTF8.GetBytes(Password)), "The database files hold the password in UTF-8");
        Assert.False(Contains(bytes, Encoding.Unicode.GetBytes(Password)), "The database files hold the password in UTF-16");
    }

    [Fact]
    public async Task SaveSettings_BlankPassword_KeepsStoredOneAndClearRemovesIt()
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput { SmtpHost = "127.0.0.1", Username = "bakery", Password = "first password" }));
        var protectedBefore = await StoredProtectedPasswordAsync(app);

        var edit = await WithServiceAsync(app, s => s.GetSettingsAsync(owner));
        edit.SmtpPort = 2587;
        Assert.True((await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, edit))).Succeeded);
        Assert.Equal(protectedBefore, await StoredProtectedPasswordAsync(app));
        Assert.Equal(2587, (await WithServiceAsync(app, s => s.GetSettingsAsync(owner))).SmtpPort);

        var clear = await WithServiceAsync(app, s => s.GetSettingsAsync(owner));
        clear.ClearPassword = true;
        Assert.True((await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, clear))).Succeeded);
        Assert.Null(await StoredProtectedPasswordAsync(app));
        Assert.False((await WithServiceAsync(app, s => s.GetSettingsAsync(owner))).HasStoredPassword);
        await using var db = await app.CreateDbContextAsync();
        Assert.Contains(await db.AuditEvents.Where(e => e.EventType == AuditEvents.EmailSettingsChanged).Select(e => e.Details).ToListAsync(),
            d => d!.Contains("password cleared", StringComparison.Ordinal));
    }

    [Fact]
    public async Task EmailService_Manager_AccessDeniedForEveryAction()
    {
        using var app = NewApp();
        var manager = await app.PrincipalForAsync(await app.SeedUserAsync("manager@bakery.example", Roles.Manager));
        var id = await EnqueueAsync(app, "robin@bakery.example");

        await Assert.ThrowsAsync<AccessDeniedException>(() => WithServiceAsync(app, s => s.GetSettingsAsync(manager)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => WithServiceAsync(app, s => s.SaveSettingsAsync(manager, new EmailSettingsInput { SmtpHost = "attacker.example" })));
        await Assert.ThrowsAsync<AccessDeniedException>(() => WithServiceAsync(app, s => s.ListOutboxAsync(manager)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => WithServiceAsync(app, s => s.QueueTestEmailAsync(manager)));
        await Assert.ThrowsAsync<AccessDeniedException>(() => WithServiceAsync(app, s => s.RetryNowAsync(manager, id)));

        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.EmailSettings.AnyAsync());
        Assert.Equal(1, await db.OutboxMessages.CountAsync());
    }

    [Fact]
    public async Task QueueTestEmail_Owner_QueuesToOwnAddressAndAudits()
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner, name: "Olive Owner"));

        var result = await WithServiceAsync(app, s => s.QueueTestEmailAsync(owner));

        Assert.True(result.Succeeded);
        await using var db = await app.CreateDbContextAsync();
        var message = await db.OutboxMessages.SingleAsync();
        Assert.Equal("owner@bakery.example", message.ToAddress);
        Assert.Equal("Olive Owner", message.ToName);
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Contains("pickup folder", message.TextBody);
        var audit = await db.AuditEvents.SingleAsync(e => e.EventType == AuditEvents.TestEmailQueued);
        Assert.Equal("owner@bakery.example", audit.ActorEmail);
    }

    [Fact]
    public async Task RetryNow_FailedMessage_QueuedForTheNextRunAndSentMessageRefused()
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        var failed = await EnqueueAsync(app, "failed@bakery.example");
        var sent = await EnqueueAsync(app, "sent@bakery.example");
        await using (var db = await app.CreateDbContextAsync())
        {
            var later = app.Clock.GetUtcNow().UtcDateTime.AddHours(3);
            await db.OutboxMessages.Where(m => m.Id == failed).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Failed).SetProperty(m => m.NextAttemptUtc, later).SetProperty(m => m.LastError, "550 No such user"));
            await db.OutboxMessages.Where(m => m.Id == sent).ExecuteUpdateAsync(s => s.SetProperty(m => m.Status, OutboxStatus.Sent));
        }

        Assert.True((await WithServiceAsync(app, s => s.RetryNowAsync(owner, failed))).Succeeded);
        Assert.False((await WithServiceAsync(app, s => s.RetryNowAsync(owner, sent))).Succeeded);

        var retried = await GetMessageAsync(app, failed);
        Assert.Equal(OutboxStatus.Pending, retried.Status);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, retried.NextAttemptUtc);
        Assert.Equal(OutboxStatus.Sent, (await GetMessageAsync(app, sent)).Status);

        // The next relay run takes it (no SMTP host: it is saved to the pickup folder, which the outbox says).
        Assert.Equal(new RelayResult(0, 0, 0, SavedToPickupFolder: 1), await RelayAsync(app));
        var rows = await WithServiceAsync(app, s => s.ListOutboxAsync(owner));
        Assert.Equal(OutboxStatus.SavedToPickupFolder, rows.Single(r => r.Id == failed).Status);
        Assert.Equal(OutboxStatus.Sent, rows.Single(r => r.Id == sent).Status);
    }

    private static async Task<string?> StoredProtectedPasswordAsync(AppFactory app)
    {
        await using var db = await app.CreateDbContextAsync();
        return await db.EmailSettings.Select(s => s.ProtectedPassword).SingleAsync();
    }

    private static async Task<byte[]> ReadSharedAsync(string path)
    {
        await using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        using var memory = new MemoryStream();
        await stream.CopyToAsync(memory);
        return memory.ToArray();
    }

    private static bool Contains(byte[] haystack, byte[] needle) => haystack.AsSpan().IndexOf(needle) >= 0;
}
