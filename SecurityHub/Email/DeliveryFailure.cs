using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;
using SecurityHub.Certificates;

namespace SecurityHub.Email;

/// <summary>
/// Why a send failed, in words an Owner can act on. Permanent failures (SMTP 5xx replies about the message or
/// its recipient, a message that cannot be built) are not retried; everything else (4xx replies, DNS, refused
/// or dropped connections, timeouts, TLS and sign-in problems, a host refused by the SSRF rule) is.
/// <see cref="ServerUnreachable"/> means no message can get through right now (the server, or the settings, is
/// the problem), so the relay stops there. Every connection-level failure (refused, reset, dropped, timed out)
/// reads the same (<see cref="Unreachable"/>), so the error cannot tell an open port from a closed one.
/// </summary>
public sealed record DeliveryFailure(bool IsPermanent, string Reason, bool ServerUnreachable = false)
{
    public const int MaxReasonLength = 1900;

    /// <summary>True for a 5xx SMTP reply; 4xx and anything that is not a reply count as passing.</summary>
    public static bool IsPermanentStatus(int code) => code is >= 500 and <= 599;

    public static DeliveryFailure Classify(Exception exception, string destination)
    {
        // The order matters: the kinds MailKit names (TLS, STARTTLS, sign-in, replies) come before the
        // connection rule, since a failed TLS handshake can carry the IOException of the dropped connection.
        switch (exception)
        {
            case EmailConfigurationException:
                return Passing(exception.Message, unreachable: true);
            case FormatException or ArgumentException or ParseException:
                return new DeliveryFailure(true, Clean($"The message cannot be sent: {exception.Message}"));
        }
        if (Find<InternalAddressException>(exception) is { } refused)
        {
            // Refused before connecting, so the text is the same whether anything listens on that port.
            return Passing($"Not sent: {refused.Message} Email to internal servers is turned off; for a relay on this machine or your " +
                $"network, set {EmailOptions.Section}:{nameof(EmailOptions.AllowInternalHosts)} to true.", unreachable: true);
        }
        if (Find<SocketException>(exception) is { SocketErrorCode: SocketError.HostNotFound or SocketError.NoData or SocketError.TryAgain } dns)
        {
            return Passing($"DNS lookup failed: the host of {destination} could not be resolved ({dns.Message}).", unreachable: true);
        }

        switch (exception)
        {
            case SmtpTlsException tls:
                return Passing($"The secure connection to {destination} failed: {tls.Message}. Install a certificate from a trusted authority on the " +
                    "server, or add its root to SecurityHub:Certificates:TrustedRootsFile if it is your own.", unreachable: true);
            case SslHandshakeException handshake:
                return Passing($"The secure connection to {destination} failed: the TLS handshake did not complete ({Innermost(handshake).Message}).", unreachable: true);
            case NotSupportedException when exception.Message.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase):
                return Passing($"{destination} does not offer STARTTLS, and the settings require it. Use the server's STARTTLS port (usually 587) or " +
                    "TLS from the start (465); choose no encryption only for a relay on this machine or a network you trust.", unreachable: true);
            case MailKit.Security.AuthenticationException auth:
                return Passing($"{destination} refused the sign-in: {auth.Message} Check the user name and password in the email settings.", unreachable: true);
            case SmtpCommandException command:
                return FromReply(command, destination);
            case ServiceNotAuthenticatedException notAuthenticated:
                // MailKit's form of a 530 reply to MAIL FROM.
                return RequiresMore(destination, $"530 {notAuthenticated.Message}");
        }

        // Refused, timed out, reset or dropped (before or during the conversation): one text for all, so the
        // error cannot be used to tell an open port from a closed or filtered one.
        if (exception is TimeoutException || Find<SocketException>(exception) is not null || Find<IOException>(exception) is not null ||
            exception is SmtpProtocolException && exception.Message.Contains("unexpectedly disconnected", StringComparison.OrdinalIgnoreCase))
        {
            return Passing(Unreachable(destination), unreachable: true);
        }
        if (exception is SmtpProtocolException protocol)
        {
            return Passing($"{destination} broke off the SMTP conversation: {protocol.Message}", unreachable: true);
        }
        return Passing($"Sending through {destination} failed: {exception.Message}");
    }

    /// <summary>The text for a server that could not be reached, dropped the connection or did not answer.</summary>
    public static string Unreachable(string destination) =>
        $"Could not reach an SMTP server at {destination}: it refused, dropped or did not answer the connection. " +
        "Check the host and the port (usually 587), that the server is running, and that a firewall lets this server connect.";

    private static DeliveryFailure FromReply(SmtpCommandException command, string destination)
    {
        var code = (int)command.StatusCode;
        var reply = $"{code} {command.Message}";
        if (code == 530)
        {
            return RequiresMore(destination, reply);
        }
        var what = command.ErrorCode switch
        {
            SmtpErrorCode.RecipientNotAccepted => $"{destination} refused the recipient {command.Mailbox?.Address}: {reply}",
            SmtpErrorCode.SenderNotAccepted => $"{destination} refused the sender {command.Mailbox?.Address}: {reply}",
            _ => $"{destination} answered {reply}",
        };
        return IsPermanentStatus(code) ? new DeliveryFailure(true, Clean(what)) : Passing(what);
    }

    /// <summary>A 530 reply ("Must issue a STARTTLS command first", "Authentication required"): the settings, not the message.</summary>
    private static DeliveryFailure RequiresMore(string destination, string reply) =>
        Passing($"{destination} refused to go on without {(reply.Contains("TLS", StringComparison.OrdinalIgnoreCase) ? "encryption" : "a sign-in")} " +
            $"(it answered {reply}). Check the security choice and the sign-in in the email settings.", unreachable: true);

    private static DeliveryFailure Passing(string reason, bool unreachable = false) => new(false, Clean(reason), unreachable);

    private static string Clean(string reason) => EmailAddresses.SingleLine(reason, MaxReasonLength);

    private static T? Find<T>(Exception exception) where T : Exception
    {
        for (Exception? e = exception; e is not null; e = e.InnerException)
        {
            if (e is T match)
            {
                return match;
            }
        }
        return null;
    }

    private static Exception Innermost(Exception exception)
    {
        var e = exception;
        while (e.InnerException is not null)
        {
            e = e.InnerException;
        }
        return e;
    }
}
