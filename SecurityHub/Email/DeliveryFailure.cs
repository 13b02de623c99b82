using System.Net.Mail;
using System.Net.Sockets;
using System.Security.Authentication;
using SecurityHub.Certificates;

namespace SecurityHub.Email;

/// <summary>
/// Why a send failed, in words an Owner can act on. Permanent failures (SMTP 5xx replies, a message that
/// cannot be built) are not retried; everything else (4xx replies, DNS, refused or dropped connections,
/// timeouts) is. <see cref="ServerUnreachable"/> means no message can get through right now.
/// </summary>
public sealed record DeliveryFailure(bool IsPermanent, string Reason, bool ServerUnreachable = false)
{
    public const int MaxReasonLength = 1900;

    /// <summary>True for a 5xx SMTP reply; 4xx and anything that is not a reply (-1, 0) count as passing.</summary>
    public static bool IsPermanentStatus(SmtpStatusCode code) => (int)code is >= 500 and <= 599;

    public static DeliveryFailure Classify(Exception exception, string destination)
    {
        if (exception is EmailConfigurationException)
        {
            return Passing(exception.Message);
        }
        if (exception is FormatException or ArgumentException)
        {
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

        // Refused, timed out, reset or dropped: one text for all, so the error cannot be used to tell an open
        // port from a closed or filtered one.
        if (exception is TimeoutException || Find<SocketException>(exception) is not null ||
            (Find<IOException>(exception) is not null && Find<AuthenticationException>(exception) is null))
        {
            return Passing(Unreachable(destination), unreachable: true);
        }

        if (exception is SmtpException smtp)
        {
            var code = (int)smtp.StatusCode;
            if (code is >= 400 and <= 599)
            {
                var reply = $"{destination} answered {code}: {smtp.Message}";
                return IsPermanentStatus(smtp.StatusCode) ? new DeliveryFailure(true, Clean(reply)) : Passing(reply);
            }
            var detail = Innermost(smtp);
            return Passing(detail == smtp ? $"Sending through {destination} failed: {smtp.Message}" : $"Sending through {destination} failed: {smtp.Message} {detail.Message}");
        }

        if (Find<AuthenticationException>(exception) is { } tls)
        {
            return Passing($"The secure connection (STARTTLS) to {destination} failed: {tls.Message}");
        }
        return Passing($"Sending through {destination} failed: {exception.Message}");
    }

    /// <summary>The text for a server that could not be reached or did not answer.</summary>
    public static string Unreachable(string destination) =>
        $"Could not reach an SMTP server at {destination}: it refused, dropped or did not answer the connection. " +
        "Check the host and the port (usually 587), that the server is running, and that a firewall lets this server connect.";

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
