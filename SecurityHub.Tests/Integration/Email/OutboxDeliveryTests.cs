using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Data;
using SecurityHub.Email;
using SecurityHub.Tests.Infrastructure;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>Delivery to a real SMTP server (maildev) and to the pickup folder.</summary>
public class OutboxDeliveryTests(MaildevServer maildev) : IClassFixture<MaildevServer>
{
    [Fact]
    public async Task RelayDue_SmtpServerUp_DeliversTextAndHtmlParts()
    {
        using var app = NewApp();
        await UseSmtpAsync(app, maildev.Host, maildev.SmtpPort);
        var to = $"robin-{Guid.NewGuid():N}@bakery.example";
        var id = await EnqueueAsync(app, to, subject: "Your weekly security summary");

        var result = await RelayAsync(app);

        Assert.Equal(new RelayResult(1, 0, 0), result);
        var email = await maildev.WaitForEmailToAsync(to);
        Assert.Equal("Your weekly security summary", email.Subject);
        Assert.Equal([to], email.EnvelopeRecipients);
        Assert.Equal(to, Assert.Single(email.To).Address);
        Assert.Equal("Robin Baker", email.To[0].Name);
        Assert.Equal("alerts@bakery.example", Assert.Single(email.From).Address);
        Assert.Equal("Test Bakery", email.From[0].Name);
        Assert.Contains("Two tasks are due this week.", email.Text);
        Assert.Contains("Open SecurityHub: https://securityhub.example/tasks", email.Text);
        Assert.Contains("<p style=\"font-size:15px;line-height:1.5\">Two tasks are due this week.</p>", email.Html);
        Assert.Contains("href=\"https://securityhub.example/tasks\"", email.Html);
        var source = await maildev.GetSourceAsync(email.Id);
        Assert.Contains("multipart/alternative", source, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/plain", source, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/html", source, StringComparison.OrdinalIgnoreCase);
        Assert.Contains(HeaderLines(source), l => l.StartsWith("Message-ID: <outbox-", StringComparison.OrdinalIgnoreCase));

        var message = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Sent, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, message.SentUtc);
        Assert.Null(message.LastError);

        // A sent message is not sent again.
        Assert.Equal(new RelayResult(0, 0, 0), await RelayAsync(app));
    }

    [Fact]
    public async Task RelayDue_SmtpServerDownThenStarted_RetriedLaterAndDelivered()
    {
        using var app = NewApp();
        var port = MaildevServer.FreePort(); // nothing listens there yet
        await UseSmtpAsync(app, "127.0.0.1", port);
        var to = $"late-{Guid.NewGuid():N}@bakery.example";
        var id = await EnqueueAsync(app, to);
        var queuedAt = app.Clock.GetUtcNow().UtcDateTime;

        var first = await RelayAsync(app);

        Assert.Equal(new RelayResult(0, 1, 0), first);
        var waiting = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Equal(1, waiting.Attempts);
        Assert.Equal(queuedAt + TimeSpan.FromMinutes(1), waiting.NextAttemptUtc);
        Assert.Contains($"127.0.0.1:{port}", waiting.LastError);
        Assert.Contains("Could not reach an SMTP server", waiting.LastError, StringComparison.Ordinal);

        // Not due yet: nothing is attempted.
        Assert.Equal(new RelayResult(0, 0, 0), await RelayAsync(app));
        Assert.Equal(1, (await GetMessageAsync(app, id)).Attempts);

        await using var server = await MaildevServer.StartAsync(port);
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        var second = await RelayAsync(app);

        Assert.Equal(new RelayResult(1, 0, 0), second);
        var email = await server.WaitForEmailToAsync(to);
        Assert.Equal("Your weekly security summary", email.Subject);
        var sent = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        Assert.Null(sent.LastError);
    }

    [Fact]
    public async Task RelayDue_CrLfInSubjectNamesAndBusiness_NoInjectedHeaderArrives()
    {
        using var app = NewApp();
        // A hostile From name written straight to the database, past the settings page's validation.
        await UseSmtpAsync(app, maildev.Host, maildev.SmtpPort, s => s.FromName = "Bakery\r\nX-Injected: from-name");
        var to = $"target-{Guid.NewGuid():N}@bakery.example";
        const string Evil = "evil@attacker.example";
        await EnqueueAsync(app, to, subject: "Invoice\r\nBcc: " + Evil, toName: "Robin\r\nX-Injected: to-name", businessName: "Bakery\r\nBcc: " + Evil);
        // And a row that bypassed Outbox.Enqueue's clean-up entirely.
        var directTo = $"direct-{Guid.NewGuid():N}@bakery.example";
        await using (var db = await app.CreateDbContextAsync())
        {
            var now = app.Clock.GetUtcNow().UtcDateTime;
            db.OutboxMessages.Add(new OutboxMessage
            {
                ToAddress = directTo,
                ToName = "Eve\nBcc: " + Evil,
                Subject = "Direct\r\nX-Injected: subject",
                TextBody = "Plain",
                HtmlBody = "<p>Plain</p>",
                Category = "test",
                CreatedUtc = now,
                NextAttemptUtc = now,
            });
            await db.SaveChangesAsync();
        }

        Assert.Equal(new RelayResult(2, 0, 0), await RelayAsync(app));

        foreach (var recipient in new[] { to, directTo })
        {
            var email = await maildev.WaitForEmailToAsync(recipient);
            var source = await maildev.GetSourceAsync(email.Id);
            var names = HeaderNames(source);
            Assert.DoesNotContain("bcc", names);
            Assert.DoesNotContain("x-injected", names);
            Assert.False(email.Headers.ContainsKey("x-injected"));
            Assert.False(email.Headers.ContainsKey("bcc"));
            Assert.Equal([recipient], email.EnvelopeRecipients);
            Assert.Single(email.To);
            Assert.DoesNotContain('\n', email.Subject);
            Assert.DoesNotContain('\n', email.From[0].Name);
            Assert.DoesNotContain('\n', email.To[0].Name);
        }
        var first = await maildev.WaitForEmailToAsync(to);
        Assert.Equal("Invoice  Bcc: " + Evil, first.Subject);
        Assert.Equal("Bakery  X-Injected: from-name", first.From[0].Name);
        Assert.DoesNotContain(await maildev.GetEmailsAsync(), e => e.EnvelopeRecipients.Contains(Evil));
    }

    [Fact]
    public async Task RelayDue_StartTlsRequiredButServerDoesNotOfferIt_WaitsAndSaysSo()
    {
        using var app = NewApp();
        // maildev never offers STARTTLS.
        await UseSmtpAsync(app, maildev.Host, maildev.SmtpPort, s => s.Security = SmtpSecurity.StartTls);
        var to = $"nostarttls-{Guid.NewGuid():N}@bakery.example";
        var id = await EnqueueAsync(app, to);

        Assert.Equal(new RelayResult(0, 1, 0), await RelayAsync(app));

        var message = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.StartsWith($"{maildev.Host}:{maildev.SmtpPort} does not offer STARTTLS, and the settings require it.", message.LastError, StringComparison.Ordinal);
        Assert.DoesNotContain(await maildev.GetEmailsAsync(), e => e.EnvelopeRecipients.Contains(to));
    }

    [Fact]
    public async Task RelayDue_NoSmtpHost_WritesEmlFileToPickupFolder()
    {
        using var app = NewApp();
        var to = $"pickup-{Guid.NewGuid():N}@bakery.example";
        var id = await EnqueueAsync(app, to, subject: "Pickup folder check");
        var pickup = app.GetService<DataPaths>().PickupDirectory;

        Assert.Equal(new RelayResult(0, 0, 0, SavedToPickupFolder: 1), await RelayAsync(app));

        var file = Assert.Single(Directory.GetFiles(pickup, "*.eml"));
        var raw = await File.ReadAllTextAsync(file);
        var headers = HeaderLines(raw);
        Assert.Contains(headers, h => h.StartsWith("To: ", StringComparison.Ordinal) && h.Contains($"<{to}>", StringComparison.Ordinal));
        Assert.Contains("Subject: Pickup folder check", headers);
        Assert.Contains(headers, h => h.StartsWith("From: ", StringComparison.Ordinal) && h.Contains('@', StringComparison.Ordinal));
        var parts = MimeParts(raw);
        Assert.Contains("Two tasks are due this week.", parts["text/plain"]);
        Assert.Contains("<p style=\"font-size:15px;line-height:1.5\">Two tasks are due this week.</p>", parts["text/html"]);
        // The outbox tells the truth: saved, not sent.
        Assert.Equal(OutboxStatus.SavedToPickupFolder, (await GetMessageAsync(app, id)).Status);
        Assert.Empty(Directory.GetFiles(pickup, "*.tmp"));
    }

    [Fact]
    public async Task RelayDue_ServerRequiresLogin_SignsInWithTheStoredPassword()
    {
        const string Password = "Mailbox-Pa55word-7f3k";
        await using var server = await MaildevServer.StartAsync(incomingUser: "bakery", incomingPassword: Password);
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        var saved = await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput
        {
            SmtpHost = server.Host, SmtpPort = server.SmtpPort, Security = SmtpSecurity.None, Username = "bakery", Password = Password,
            FromAddress = "alerts@bakery.example", FromName = "Test Bakery",
        }));
        Assert.True(saved.Succeeded, string.Join(" ", saved.Errors.Values));
        var to = $"auth-{Guid.NewGuid():N}@bakery.example";
        await EnqueueAsync(app, to);

        Assert.Equal(new RelayResult(1, 0, 0), await RelayAsync(app));
        Assert.Equal("Your weekly security summary", (await server.WaitForEmailToAsync(to)).Subject);

        // With a wrong password the server refuses the sign-in: the message waits (the settings are the problem) with the reason.
        await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput
        {
            SmtpHost = server.Host, SmtpPort = server.SmtpPort, Security = SmtpSecurity.None, Username = "bakery", Password = "not the password",
        }));
        var id = await EnqueueAsync(app, $"auth2-{Guid.NewGuid():N}@bakery.example");
        await RelayAsync(app);
        var message = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Equal(1, message.Attempts);
        Assert.Contains($"{server.Host}:{server.SmtpPort} refused the sign-in", message.LastError);
        Assert.Contains("Check the user name and password", message.LastError);
    }

    [Fact]
    public async Task QueueTestEmail_HostDoesNotExist_RecordsDnsErrorAndKeepsRetrying()
    {
        using var app = NewApp();
        var owner = await app.PrincipalForAsync(await app.SeedUserAsync("owner@bakery.example", Roles.Owner));
        var saved = await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput { SmtpHost = "no-such-host.invalid", SmtpPort = 587 }));
        Assert.True(saved.Succeeded);
        Assert.Contains("no-such-host.invalid cannot be found in DNS", saved.Warning);

        var queued = await WithServiceAsync(app, s => s.QueueTestEmailAsync(owner));
        Assert.True(queued.Succeeded);
        var result = await RelayAsync(app);

        Assert.Equal(new RelayResult(0, 1, 0), result);
        var entry = Assert.Single(await WithServiceAsync(app, s => s.ListOutboxAsync(owner)));
        Assert.Equal("owner@bakery.example", entry.ToAddress);
        Assert.Equal("SecurityHub test email", entry.Subject);
        Assert.Equal(OutboxStatus.Pending, entry.Status);
        Assert.Equal(1, entry.Attempts);
        Assert.True(entry.NextAttemptUtc > app.Clock.GetUtcNow().UtcDateTime);
        Assert.Contains("DNS lookup failed", entry.LastError);
        Assert.Contains("no-such-host.invalid:587", entry.LastError);
        Assert.Contains(app.Logs.Messages, m => m.Contains("DNS lookup failed", StringComparison.Ordinal));
        await using var db = await app.CreateDbContextAsync();
        Assert.True(await db.AuditEvents.AnyAsync(e => e.EventType == SecurityHub.Audit.AuditEvents.TestEmailQueued && e.Target == "owner@bakery.example"));
    }
}
