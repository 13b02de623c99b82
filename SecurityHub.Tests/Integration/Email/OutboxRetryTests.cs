using Microsoft.EntityFrameworkCore;
using SecurityHub.Email;
using SecurityHub.Tests.Infrastructure;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>Retries, permanent failures and crash recovery against a scripted SMTP server on a real socket.</summary>
public class OutboxRetryTests
{
    [Theory]
    [InlineData("rcpt")]
    [InlineData("data")]
    public async Task RelayDue_Transient451_RetriedThenDelivered(string stage)
    {
        await using var server = new ScriptedSmtpServer();
        Script(server, stage, "451 4.3.0 Mailbox temporarily unavailable, try again later");
        using var app = NewApp();
        await UseSmtpAsync(app, server.Host, server.Port);
        var id = await EnqueueAsync(app, "robin@bakery.example");
        var queuedAt = app.Clock.GetUtcNow().UtcDateTime;

        Assert.Equal(new RelayResult(0, 1, 0), await RelayAsync(app));

        var waiting = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Pending, waiting.Status);
        Assert.Equal(queuedAt.AddMinutes(1), waiting.NextAttemptUtc);
        Assert.Contains("451", waiting.LastError);
        Assert.Contains("try again later", waiting.LastError);
        Assert.Empty(server.Messages);

        server.RcptReply = null;
        server.DataReply = null;
        app.Clock.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(new RelayResult(1, 0, 0), await RelayAsync(app));

        var sent = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Sent, sent.Status);
        Assert.Equal(2, sent.Attempts);
        var raw = Assert.Single(server.Messages);
        Assert.Contains("Subject: Your weekly security summary", HeaderLines(raw));
    }

    [Theory]
    [InlineData("rcpt", "550 5.1.1 <robin@bakery.example>: No such user here")]
    [InlineData("data", "554 5.7.1 Message rejected as spam")]
    public async Task RelayDue_Permanent5xx_FailedWithServerReasonAndNotRetried(string stage, string reply)
    {
        await using var server = new ScriptedSmtpServer();
        Script(server, stage, reply);
        using var app = NewApp();
        await UseSmtpAsync(app, server.Host, server.Port);
        var id = await EnqueueAsync(app, "robin@bakery.example");

        Assert.Equal(new RelayResult(0, 0, 1), await RelayAsync(app));

        var failed = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Failed, failed.Status);
        Assert.Equal(1, failed.Attempts);
        Assert.Contains(reply[..3], failed.LastError);
        Assert.Contains(reply[4..], failed.LastError);
        var connections = server.Connections;

        // Not retried, however much time passes.
        app.Clock.Advance(TimeSpan.FromDays(1));
        Assert.Equal(new RelayResult(0, 0, 0), await RelayAsync(app));
        Assert.Equal(connections, server.Connections);
        Assert.Equal(1, (await GetMessageAsync(app, id)).Attempts);
    }

    [Fact]
    public async Task RelayDue_TransientFailuresForFourDays_GivesUpAfterFourDays()
    {
        await using var server = new ScriptedSmtpServer { RcptReply = "451 4.4.5 Server busy" };
        using var app = NewApp();
        await UseSmtpAsync(app, server.Host, server.Port);
        var id = await EnqueueAsync(app, "robin@bakery.example");
        var created = app.Clock.GetUtcNow().UtcDateTime;
        var delays = new List<TimeSpan>();

        OutboxMessage message;
        while (true)
        {
            await RelayAsync(app);
            message = await GetMessageAsync(app, id);
            if (message.Status != OutboxStatus.Pending)
            {
                break;
            }
            var now = app.Clock.GetUtcNow().UtcDateTime;
            Assert.True(now < created.AddDays(4), "Still pending after four days");
            delays.Add(message.NextAttemptUtc - now);
            app.Clock.SetUtcNow(new DateTimeOffset(message.NextAttemptUtc, TimeSpan.Zero));
        }

        Assert.Equal(OutboxStatus.Failed, message.Status);
        Assert.Contains("Gave up after 4 days", message.LastError);
        Assert.Contains("451", message.LastError);
        Assert.Equal(created.AddDays(4), message.LastAttemptUtc);
        Assert.Equal(message.Attempts, server.Connections);
        Assert.Equal(new[] { TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(5), TimeSpan.FromMinutes(15), TimeSpan.FromHours(1), TimeSpan.FromHours(4) }, delays.Take(5));
        Assert.All(delays.Skip(5).SkipLast(1), d => Assert.Equal(TimeSpan.FromHours(8), d));
        Assert.Empty(server.Messages);
    }

    [Fact]
    public async Task RelayDue_MessageStuckInSending_SentOnceMore()
    {
        await using var server = new ScriptedSmtpServer();
        using var app = NewApp();
        await UseSmtpAsync(app, server.Host, server.Port);
        var stuck = await EnqueueAsync(app, "stuck@bakery.example", subject: "Stuck since the crash");
        var recent = await EnqueueAsync(app, "recent@bakery.example", subject: "Being sent right now");
        var now = app.Clock.GetUtcNow().UtcDateTime;
        await using (var db = await app.CreateDbContextAsync())
        {
            // As a crash leaves them: claimed (Sending, attempt counted) but never marked Sent.
            await db.OutboxMessages.Where(m => m.Id == stuck).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.Attempts, 1).SetProperty(m => m.LastAttemptUtc, now.AddMinutes(-11)));
            await db.OutboxMessages.Where(m => m.Id == recent).ExecuteUpdateAsync(s => s
                .SetProperty(m => m.Status, OutboxStatus.Sending).SetProperty(m => m.Attempts, 1).SetProperty(m => m.LastAttemptUtc, now.AddMinutes(-2)));
        }

        Assert.Equal(new RelayResult(1, 0, 0), await RelayAsync(app));
        Assert.Equal(new RelayResult(0, 0, 0), await RelayAsync(app));

        var raw = Assert.Single(server.Messages);
        Assert.Contains("Subject: Stuck since the crash", HeaderLines(raw));
        var resent = await GetMessageAsync(app, stuck);
        Assert.Equal(OutboxStatus.Sent, resent.Status);
        Assert.Equal(2, resent.Attempts);
        // Two minutes in Sending may be a send in progress elsewhere: left alone.
        Assert.Equal(OutboxStatus.Sending, (await GetMessageAsync(app, recent)).Status);
    }

    [Fact]
    public async Task RelayDue_DuringSend_ClaimIsCommittedBeforeTheServerGetsTheMessage()
    {
        await using var server = new ScriptedSmtpServer();
        using var app = NewApp();
        await UseSmtpAsync(app, server.Host, server.Port);
        var id = await EnqueueAsync(app, "robin@bakery.example");
        OutboxMessage? duringSend = null;
        server.OnMessageReceived = async () => duringSend = await GetMessageAsync(app, id);

        await RelayAsync(app);

        Assert.NotNull(duringSend);
        Assert.Equal(OutboxStatus.Sending, duringSend.Status);
        Assert.Equal(1, duringSend.Attempts);
        Assert.Equal(app.Clock.GetUtcNow().UtcDateTime, duringSend.LastAttemptUtc);
        Assert.Equal(OutboxStatus.Sent, (await GetMessageAsync(app, id)).Status);
    }

    [Fact]
    public async Task RelayDue_ServerUnreachable_LeavesTheRestForTheNextRun()
    {
        using var app = NewApp();
        await UseSmtpAsync(app, "127.0.0.1", MaildevServer.FreePort());
        var first = await EnqueueAsync(app, "one@bakery.example");
        var second = await EnqueueAsync(app, "two@bakery.example");

        Assert.Equal(new RelayResult(0, 1, 0), await RelayAsync(app));

        Assert.Equal(1, (await GetMessageAsync(app, first)).Attempts);
        var untouched = await GetMessageAsync(app, second);
        Assert.Equal(OutboxStatus.Pending, untouched.Status);
        Assert.Equal(0, untouched.Attempts);
    }

    private static void Script(ScriptedSmtpServer server, string stage, string reply)
    {
        if (stage == "rcpt")
        {
            server.RcptReply = reply;
        }
        else
        {
            server.DataReply = reply;
        }
    }
}
