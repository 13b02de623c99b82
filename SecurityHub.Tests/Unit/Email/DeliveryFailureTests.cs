using System.Net.Mail;
using System.Net.Sockets;
using SecurityHub.Email;

namespace SecurityHub.Tests.Unit.Email;

public class DeliveryFailureTests
{
    [Theory]
    [InlineData(SmtpStatusCode.ServiceNotAvailable)]          // 421
    [InlineData(SmtpStatusCode.MailboxBusy)]                  // 450
    [InlineData(SmtpStatusCode.LocalErrorInProcessing)]       // 451
    [InlineData(SmtpStatusCode.InsufficientStorage)]          // 452
    public void Classify_4xxReply_Transient(SmtpStatusCode code)
    {
        var failure = DeliveryFailure.Classify(new SmtpException(code, "Try again later"), "smtp.example.com:587");

        Assert.False(failure.IsPermanent);
        Assert.Contains(((int)code).ToString(System.Globalization.CultureInfo.InvariantCulture), failure.Reason);
        Assert.Contains("Try again later", failure.Reason);
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
        var failure = DeliveryFailure.Classify(new SmtpException(code, "5.1.1 No such user"), "smtp.example.com:587");

        Assert.True(failure.IsPermanent);
        Assert.Contains("5.1.1 No such user", failure.Reason);
    }

    [Fact]
    public void Classify_FailedRecipient550_Permanent()
    {
        var failure = DeliveryFailure.Classify(new SmtpFailedRecipientException(SmtpStatusCode.MailboxUnavailable, "robin@bakery.example", "User unknown"), "smtp.example.com:25");

        Assert.True(failure.IsPermanent);
        Assert.Contains("550", failure.Reason);
    }

    [Fact]
    public void Classify_DnsFailure_TransientWithHostInReason()
    {
        var exception = new SmtpException("Failure sending mail.", new SocketException((int)SocketError.HostNotFound));

        var failure = DeliveryFailure.Classify(exception, "no-such-host.invalid:587");

        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.StartsWith("DNS lookup failed", failure.Reason, StringComparison.Ordinal);
        Assert.Contains("no-such-host.invalid:587", failure.Reason);
    }

    [Theory]
    [InlineData(SocketError.ConnectionRefused)]
    [InlineData(SocketError.TimedOut)]
    [InlineData(SocketError.ConnectionReset)]
    [InlineData(SocketError.HostUnreachable)]
    public void Classify_ConnectionError_TransientWithOneTextForEveryCause(SocketError error)
    {
        var failure = DeliveryFailure.Classify(new SmtpException("Failure sending mail.", new SocketException((int)error)), "127.0.0.1:2525");

        // Refused (closed port), timed out (filtered) and reset (open, not SMTP) read the same: no port scanning by error text.
        Assert.False(failure.IsPermanent);
        Assert.True(failure.ServerUnreachable);
        Assert.Equal(DeliveryFailure.Unreachable("127.0.0.1:2525"), failure.Reason);
        Assert.Equal(failure.Reason, DeliveryFailure.Classify(new TimeoutException(), "127.0.0.1:2525").Reason);
        Assert.Equal(failure.Reason, DeliveryFailure.Classify(new SmtpException("Failure sending mail.", new IOException("Unable to read data from the transport connection.")), "127.0.0.1:2525").Reason);
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
    public void Classify_TimeoutOrDroppedConnection_Transient()
    {
        Assert.False(DeliveryFailure.Classify(new TimeoutException(), "smtp.example.com:587").IsPermanent);
        Assert.False(DeliveryFailure.Classify(new SmtpException("Failure sending mail.", new IOException("Unable to read data from the transport connection.")), "smtp.example.com:587").IsPermanent);
        Assert.False(DeliveryFailure.Classify(new SmtpException(SmtpStatusCode.GeneralFailure, "Server does not support secure connections."), "smtp.example.com:587").IsPermanent);
    }

    [Fact]
    public void Classify_ReplyWithLineBreaks_ReasonIsOneLine()
    {
        var failure = DeliveryFailure.Classify(new SmtpException(SmtpStatusCode.MailboxUnavailable, "No such user\r\nX-Forged: 1"), "smtp.example.com:25");

        Assert.DoesNotContain('\n', failure.Reason);
        Assert.DoesNotContain('\r', failure.Reason);
    }

    [Fact]
    public void Classify_MessageCannotBeBuilt_Permanent()
    {
        Assert.True(DeliveryFailure.Classify(new FormatException("The specified string is not in the form required for an e-mail address."), "smtp.example.com:25").IsPermanent);
    }
}
