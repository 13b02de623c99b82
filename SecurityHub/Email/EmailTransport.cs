using System.Net;
using System.Net.Mail;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>Hands one composed message to whatever carries it: an SMTP server or the pickup folder.</summary>
public interface IEmailTransport
{
    /// <summary>Where this transport delivers, for error messages ("smtp.example.com:587" or the pickup folder).</summary>
    string Description { get; }

    Task SendAsync(MailMessage message, CancellationToken cancellationToken);
}

/// <summary>SMTP through System.Net.Mail; STARTTLS when <c>startTls</c> is set (SmtpClient's EnableSsl).</summary>
public sealed class SmtpEmailTransport(string host, int port, bool startTls, NetworkCredential? credentials) : IEmailTransport
{
    public string Description => $"{host}:{port}";

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        using var client = new SmtpClient(host, port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = startTls,
            UseDefaultCredentials = false,
            Credentials = credentials,
        };
        await client.SendMailAsync(message, cancellationToken);
    }
}

/// <summary>Writes each message as an .eml file, for installs without an SMTP server (the default).</summary>
public sealed class PickupFolderTransport(string directory) : IEmailTransport
{
    public string Description => $"the pickup folder {directory}";

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        Directory.CreateDirectory(directory);
        using var client = new SmtpClient
        {
            DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
            PickupDirectoryLocation = directory,
        };
        await client.SendMailAsync(message, cancellationToken);
    }
}

/// <summary>Thrown when the settings cannot be turned into a transport (the stored password cannot be decrypted).</summary>
public sealed class EmailConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Chooses the transport for a send from the current settings: SMTP when a host is set, otherwise the pickup folder.</summary>
public sealed class EmailTransportFactory(DataPaths paths, SmtpPasswordProtector passwords)
{
    public IEmailTransport Create(EmailSettings settings)
    {
        if (string.IsNullOrWhiteSpace(settings.SmtpHost))
        {
            return new PickupFolderTransport(paths.PickupDirectory);
        }
        NetworkCredential? credentials = null;
        if (!string.IsNullOrEmpty(settings.Username))
        {
            credentials = new NetworkCredential(settings.Username, passwords.Unprotect(settings.ProtectedPassword) ?? "");
        }
        return new SmtpEmailTransport(settings.SmtpHost.Trim(), settings.SmtpPort, settings.UseStartTls, credentials);
    }
}
