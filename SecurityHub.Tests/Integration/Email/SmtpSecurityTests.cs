using SecurityHub.Email;
using SecurityHub.Tests.Infrastructure;
using static SecurityHub.Tests.Integration.Email.EmailTestKit;

namespace SecurityHub.Tests.Integration.Email;

/// <summary>
/// The security choice against a real STARTTLS server (aiosmtpd, which requires STARTTLS) with certificates
/// made here: a test authority the app is told to trust through SecurityHub:Certificates:TrustedRootsFile,
/// and a self-signed certificate it is not. The server listens on loopback, so the apps allow internal hosts.
/// </summary>
public sealed class SmtpSecurityTests : IDisposable
{
    private static readonly DateTimeOffset NotBefore = DateTimeOffset.UtcNow.AddDays(-1);
    private static readonly DateTimeOffset NotAfter = DateTimeOffset.UtcNow.AddDays(30);

    private readonly string _directory = Directory.CreateTempSubdirectory("securityhub-smtp-tls-").FullName;

    [Fact]
    public async Task StartTls_CertificateFromTrustedTestAuthority_DeliversOverTls()
    {
        using var authority = TestCertificates.CreateAuthority("SecurityHub Test Mail CA", NotBefore, NotAfter.AddDays(1));
        using var leaf = TestCertificates.CreateLeaf(["localhost"], NotBefore, NotAfter, authority);
        await using var server = await StartTlsSmtpServer.StartAsync(leaf);
        using var app = NewApp().With("SecurityHub:Certificates:TrustedRootsFile", TestCertificates.WritePem(_directory, "roots.pem", authority));
        await UseSmtpAsync(app, StartTlsSmtpServer.Host, server.Port, s => s.Security = SmtpSecurity.StartTls);
        var to = $"tls-{Guid.NewGuid():N}@bakery.example";
        var id = await EnqueueAsync(app, to, subject: "Over STARTTLS");

        var result = await RelayAsync(app);

        var message = await GetMessageAsync(app, id);
        Assert.True(result == new RelayResult(1, 0, 0), message.LastError);
        Assert.Equal(OutboxStatus.Sent, message.Status);
        // The server takes MAIL FROM only after STARTTLS, so a delivered message went over TLS.
        var raw = Assert.Single(server.Messages());
        Assert.Contains("Subject: Over STARTTLS", raw, StringComparison.Ordinal);
        Assert.Contains(to, raw, StringComparison.Ordinal);
    }

    [Fact]
    public async Task None_ServerRequiresStartTls_FailsSayingEncryptionIsRequired()
    {
        using var authority = TestCertificates.CreateAuthority("SecurityHub Test Mail CA", NotBefore, NotAfter.AddDays(1));
        using var leaf = TestCertificates.CreateLeaf(["localhost"], NotBefore, NotAfter, authority);
        await using var server = await StartTlsSmtpServer.StartAsync(leaf);
        using var app = NewApp().With("SecurityHub:Certificates:TrustedRootsFile", TestCertificates.WritePem(_directory, "roots.pem", authority));
        await UseSmtpAsync(app, StartTlsSmtpServer.Host, server.Port, s => s.Security = SmtpSecurity.None);
        var id = await EnqueueAsync(app, "plain@bakery.example");

        Assert.Equal(new RelayResult(0, 1, 0), await RelayAsync(app));

        var message = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.Contains($"localhost:{server.Port} refused to go on without encryption (it answered 530", message.LastError, StringComparison.Ordinal);
        Assert.Contains("STARTTLS", message.LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    [Fact]
    public async Task StartTls_SelfSignedCertificate_FailsSayingItIsNotTrusted()
    {
        using var selfSigned = TestCertificates.CreateLeaf(["localhost"], NotBefore, NotAfter);
        await using var server = await StartTlsSmtpServer.StartAsync(selfSigned);
        using var app = NewApp();
        await UseSmtpAsync(app, StartTlsSmtpServer.Host, server.Port, s => s.Security = SmtpSecurity.StartTls);
        var id = await EnqueueAsync(app, "untrusted@bakery.example");

        Assert.Equal(new RelayResult(0, 1, 0), await RelayAsync(app));

        var message = await GetMessageAsync(app, id);
        Assert.Equal(OutboxStatus.Pending, message.Status);
        Assert.StartsWith($"The secure connection to localhost:{server.Port} failed: its certificate is self-signed (CN=localhost) and not trusted.",
            message.LastError, StringComparison.Ordinal);
        Assert.Empty(server.Messages());
    }

    public void Dispose() => Directory.Delete(_directory, recursive: true);
}
