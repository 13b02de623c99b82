using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SecurityHub.Email;

namespace SecurityHub.Tests.Unit.Email;

public class DeliveryFailureTests
{
    [Theory]
    [InlineData(SmtpStatusCode.ServiceNotAvailable)]          // 421
    [InlineData(SmtpStatusCode.MailboxBusy)]                  // 450
    [InlineData(SmtpStatusCode.ErrorInProcessing)]            // 451
    [InlineData(SmtpStatusCode.InsufficientStorage)]          // 452
    public void Classify_4xxReply_Transient(SmtpStatusCode code)
    {
        var failure = DeliveryFailure.Classify(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, code, "Try again later"), "smtp.example.com:587");

        Assert.False(failure.IsPermanent);
        Assert.Contains($"{(int)code}", failure.Reason);
        Assert.Contains("smtp.example.com:587", failure.Reason);
    }

    [Theory]
    [InlineData(SmtpStatusCode.CommandUnrecognized)]          // 500
    [InlineData(SmtpStatusCode.MailboxUnavailable)]           // 550
    [InlineData(SmtpStatusCode.UserNotLocalTryAlternatePath)] // 551
    [InlineData(SmtpStatusCode.ExceededStorageAllocation)]    // 552
    [InlineData(SmtpStatusCode.MailboxNameNotAllowed)]        // 553
    [InlineData(SmtpStatusCode.TransactionFailed)]            // 554
    public void Classify_5xxReply_Permanent(SmtpStatusCode code)
    {
        var failure = DeliveryFailure.Classify(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, code, "5.1.1 No such user"), "smtp.example.com:587");

        Assert.True(failure.IsPermanent);
        Assert.Contains("No such user", failure.Reason);
    }

    [Fact]
    public void Classify_RecipientRefused550_PermanentAndNamesTheRecipient()
    {
        var refused = new SmtpCommandException(SmtpErrorCode.RecipientNotAccepted, SmtpStatusCode.MailboxUnavailable,
            new MailboxAddress("", "robin@bakery.example"), "User unknown");

        var failure = DeliveryFailure.Classify(refused, "smtp.example.com:25");

        Assert.True(failure.IsPermanent);
        Assert.Equal("smtp.example.com:25 refused the recipient robin@bakery.example: 550 User unknown", failure.Reason);
    }

    [Theory]
    [InlineData("5.7.0 Must issue a STARTTLS command first", "encryption")]
    [InlineData("Authentication required", "a sign-in")]
    public void Classify_530_SettingsProblemRetriedAndStopsTheRun(string reply, string needed)
    {
        var failure = DeliveryFailure.Classify(new SmtpCommandException(SmtpErrorCode.SenderNotAccepted, SmtpStatusCode.AuthenticationRequired, reply), "mail.example.com:25");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.StartsWith($"mail.example.com:25 refused to go on without {needed} (it answered 530 {reply})", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_NotAuthenticated530FromMailKit_SaysEncryptionIsRequired()
    {
        var failure = DeliveryFailure.Classify(new ServiceNotAuthenticatedException("Must issue a STARTTLS command first"), "mail.example.com:25");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.StartsWith("mail.example.com:25 refused to go on without encryption (it answered 530 Must issue a STARTTLS command first)", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_NoStartTlsOffered_SaysSoAndStopsTheRun()
    {
        var failure = DeliveryFailure.Classify(new NotSupportedException("The SMTP server does not support the STARTTLS extension."), "mail.example.com:587");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.StartsWith("mail.example.com:587 does not offer STARTTLS, and the settings require it.", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_SignInRefused_SaysSoAndStopsTheRun()
    {
        var failure = DeliveryFailure.Classify(new AuthenticationException("535: 5.7.8 Authentication credentials invalid"), "mail.example.com:587");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.Contains("mail.example.com:587 refused the sign-in", failure.Reason);
        Assert.Contains("Check the user name and password", failure.Reason);
    }

    [Fact]
    public void Classify_UntrustedCertificate_SaysWhyAndHowToFixIt()
    {
        var tls = new SmtpTlsException("its certificate is self-signed (CN=mail.example.com) and not trusted", new SslHandshakeException("handshake failed"));

        var failure = DeliveryFailure.Classify(tls, "mail.example.com:587");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.StartsWith("The secure connection to mail.example.com:587 failed: its certificate is self-signed (CN=mail.example.com) and not trusted.", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("TrustedRootsFile", failure.Reason);
    }

    [Fact]
    public void Classify_DnsFailure_TransientWithHostInReason()
    {
        var failure = DeliveryFailure.Classify(new SocketException((int)SocketError.HostNotFound), "no-such-host.invalid:587");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.Contains("DNS lookup failed", failure.Reason);
        Assert.Contains("no-such-host.invalid:587", failure.Reason);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.TimedOut)]
    [InlineData(SocketError.ConnectionReset)]
    [InlineData(SocketError.HostUnreachable)]
    [InlineData(SocketError.NetworkUnreachable)]
    public void Classify_ConnectionError_TransientWithOneTextForEveryCause(SocketError error)
    {
        var failure = DeliveryFailure.Classify(new SocketException((int)error), "127.0.0.1:2525");

        // Refused (closed port), timed out (filtered) and reset (open, not SMTP) read the same: no port scanning by error text.
        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.Equal(DeliveryFailure.Unreachable("127.0.0.1:2525"), failure.Reason);
    }

    [Fact]
    public void Classify_TimeoutOrDroppedConnection_SameTextAsRefused()
    {
        var refused = DeliveryFailure.Classify(new SocketException((int)SocketError.ConnectionRefused), "127.0.0.1:2525").Reason;

        foreach (var dropped in new Exception[]
        {
            new TimeoutException(),
            new IOException("Unable to read data from the transport connection.", new SocketException((int)SocketError.ConnectionReset)),
            new SmtpProtocolException("The SMTP server has unexpectedly disconnected."),
        })
        {
            var failure = DeliveryFailure.Classify(dropped, "127.0.0.1:2525");
            Assert.False(failure.IsPermanent);
            Assert.True(failure.ServerUnreachable);
            Assert.Equal(refused, failure.Reason);
        }
    }

    [Fact]
    public void Classify_HandshakeDroppedMidway_StillReadsAsTls()
    {
        // The connection rule must not swallow a TLS failure that carries the dropped connection's IOException.
        var handshake = new SslHandshakeException("handshake failed", new IOException("Received an unexpected EOF or 0 bytes from the transport stream."));

        var failure = DeliveryFailure.Classify(new SmtpTlsException(null, handshake), "mail.example.com:465");

        Assert.True(failure.ServerUnreachable);
        Assert.StartsWith("The secure connection to mail.example.com:465 failed: the TLS handshake failed", failure.Reason, StringComparison.Ordinal);
        Assert.NotEqual(DeliveryFailure.Unreachable("mail.example.com:465"), failure.Reason);
    }

    [Fact]
    public void Classify_ProtocolError_SaysWhatTheServerDid()
    {
        var failure = DeliveryFailure.Classify(new SmtpProtocolException("Syntax error in the greeting."), "smtp.example.com:587");

        Assert.False(failure.IsPermanent);
        Assert.Equal("smtp.example.com:587 broke off the SMTP conversation: Syntax error in the greeting.", failure.Reason);
    }

    [Fact]
    public void Classify_InternalAddressRefused_NamesTheOptionAndNotThePortState()
    {
        var failure = DeliveryFailure.Classify(new SecurityHub.Certificates.InternalAddressException("localhost", System.Net.IPAddress.Loopback, "loopback"), "localhost:25");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.StartsWith("Not sent: localhost resolves to 127.0.0.1, a loopback address.", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("SecurityHub:Email:AllowInternalHosts", failure.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Classify_ReplyWithLineBreaks_ReasonIsOneLine()
    {
        var failure = DeliveryFailure.Classify(new SmtpCommandException(SmtpErrorCode.MessageNotAccepted, SmtpStatusCode.MailboxUnavailable, "No such user\r\nX-Forged: 1"), "smtp.example.com:25");

        Assert.DoesNotContain('\n', failure.Reason);
        Assert.DoesNotContain('\r', failure.Reason);
    }

    [Fact]
    public void Classify_MessageCannotBeBuilt_Permanent()
    {
        Assert.True(DeliveryFailure.Classify(new FormatException("The specified string is not in the form required for an e-mail address."), "smtp.example.com:25").IsPermanent);
        Assert.True(DeliveryFailure.Classify(new ArgumentException("'x' is not a valid email address."), "smtp.example.com:25").IsPermanent);
    }
}
