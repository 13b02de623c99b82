using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Email;
using SecurityHub.Tests.Infrastructure;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>
/// The SSRF rule for the SMTP host: internal addresses are refused when saved and, after DNS, when sending,
/// unless SecurityHub:Email:AllowInternalHosts is on; and no error text tells an open port from a closed one.
/// </summary>
public class SmtpAddressGuardTests
{
    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("localhost", "loopback")]
    [InlineData("::1", "loopback")]
    [InlineData("[::1]", "loopback")]
    [InlineData("::1%1", "loopback")]
    [InlineData("::ffff:127.0.0.1", "loopback")]
    [InlineData("0.0.0.0", "unspecified")]
    [InlineData("10.0.0.5", "private")]
    [InlineData("192.168.1.20", "private")]
    [InlineData("169.254.169.254", "cloud metadata")]
    public async Task SaveSettings_InternalHostWhileNotAllowed_RefusedNamingTheOptionAndSavesNothing(string host, string kind)
    {
        using var app = new AppFactory();
        var owner = await OwnerAsync(app);

        var result = await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput { SmtpHost = host, SmtpPort = 25, FromAddress = "alerts@bakery.example" }));

        Assert.False(result.Succeeded);
        var error = Assert.Single(result.Errors);
        Assert.Equal(nameof(EmailSettingsInput.SmtpHost), error.Key);
        Assert.Contains($"a {kind} address, and email to internal servers is turned off", error.Value, StringComparison.Ordinal);
        Assert.Contains("SecurityHub:Email:AllowInternalHosts", error.Value, StringComparison.Ordinal);
        await using var db = await app.CreateDbContextAsync();
        Assert.False(await db.EmailSettings.AnyAsync());
    }

    [Fact]
    public async Task SaveSettings_LocalRelayWhileAllowed_IsSaved()
    {
        using var app = NewApp();
        var owner = await OwnerAsync(app);

        var result = await WithServiceAsync(app, s => s.SaveSettingsAsync(owner, new EmailSettingsInput { SmtpHost = "localhost", SmtpPort = 25, FromAddress = "alerts@bakery.example" }));

        Assert.True(result.Succeeded);
        await using var db = await app.CreateDbContextAsync();
        Assert.Equal("localhost", (await db.EmailSettings.SingleAsync()).SmtpHost);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("localhost")]
    [InlineData("::ffff:127.0.0.1")]
    public async Task RelayDue_InternalHostStoredWhileNotAllowed_ConnectsNowhereAndOpenPortReadsLikeClosed(string host)
    {
        // Settings stored before the rule existed (or written to the database directly) meet it when sending.
        using var listener = new Listener(accept: false);
        var open = await RelayOnceAsync(new AppFactory(), host, listener.Port);
        var closed = await RelayOnceAsync(new AppFactory(), host, Listener.ClosedPort());

        Assert.StartsWith($"Not sent: {host} resolves to ", open.Error, StringComparison.Ordinal);
        Assert.Contains("SecurityHub:Email:AllowInternalHosts", open.Error, StringComparison.Ordinal);
        Assert.Equal(open.Error, closed.Error);
        Assert.Equal(OutboxStatus.Pending, open.Status);
        Assert.False(listener.Pending, "the relay connected to the loopback port");
    }

    [Theory]
    [InlineData(SmtpSecurity.StartTls)]
    [InlineData(SmtpSecurity.ImplicitTls)]
    public async Task RelayDue_InternalHostWithTls_RefusedBeforeConnecting(SmtpSecurity security)
    {
        // With TLS too the name is resolved once and checked: MailKit gets a socket to a checked address, never the name to resolve.
        using var listener = new Listener(accept: false);
        var result = await RelayOnceAsync(new AppFactory(), "localhost", listener.Port, security);

        Assert.StartsWith("Not sent: localhost resolves to ", result.Error, StringComparison.Ordinal);
        Assert.Equal(OutboxStatus.Pending, result.Status);
        Assert.False(listener.Pending, "the relay connected to the loopback port");
    }

    [Fact]
    public async Task RelayDue_AllowedHostOpenButNotSmtpAndClosedPort_SameError()
    {
        using var listener = new Listener(accept: true);
        var open = await RelayOnceAsync(NewApp(), "127.0.0.1", listener.Port);
        var closedPort = Listener.ClosedPort();
        var closed = await RelayOnceAsync(NewApp(), "127.0.0.1", closedPort);

        Assert.Equal(closed.Error.Replace($":{closedPort}", ":PORT", StringComparison.Ordinal), open.Error.Replace($":{listener.Port}", ":PORT", StringComparison.Ordinal));
        Assert.StartsWith("Could not reach an SMTP server at 127.0.0.1:", open.Error, StringComparison.Ordinal);
    }

    private static async Task<(string Error, OutboxStatus Status)> RelayOnceAsync(AppFactory app, string host, int port,
        SmtpSecurity security = SmtpSecurity.None)
    {
        using (app)
        {
            await OwnerAsync(app);
            await UseSmtpAsync(app, host, port, s => s.Security = security);
            var id = await EnqueueAsync(app, "robin@bakery.example");
            await RelayAsync(app);
            var message = await GetMessageAsync(app, id);
            return (message.LastError ?? "", message.Status);
        }
    }

    private static async Task<System.Security.Claims.ClaimsPrincipal> OwnerAsync(AppFactory app)
    {
        await app.SeedUserAsync("owner@bakery.example", Roles.Owner);
        return await app.PrincipalForAsync("owner@bakery.example");
    }

    /// <summary>A loopback port that either takes connections and closes them at once (not SMTP) or only queues them.</summary>
    private sealed class Listener : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();

        public Listener(bool accept)
        {
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            if (accept)
            {
                _ = Task.Run(async () =>
                {
                    while (!_stop.IsCancellationRequested)
                    {
                        try
                        {
                            using var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                        }
                        catch (Exception) when (_stop.IsCancellationRequested)
                        {
                            return;
                        }
                    }
                });
            }
        }

        public int Port { get; }
        public bool Pending => _listener.Pending();

        public static int ClosedPort()
        {
            var probe = new TcpListener(IPAddress.Loopback, 0);
            probe.Start();
            var port = ((IPEndPoint)probe.LocalEndpoint).Port;
            probe.Stop();
            return port;
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _stop.Dispose();
        }
    }
}
