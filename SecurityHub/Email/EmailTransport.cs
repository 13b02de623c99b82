using System.Net;
using System.Net.Mail;
using Microsoft.Extensions.Options;
using SecurityHub.Certificates;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>Hands one composed message to whatever carries it: an SMTP server or the pickup folder.</summary>
public interface IEmailTransport
{
    /// <summary>Where this transport delivers, for error messages ("smtp.example.com:587" or the pickup folder).</summary>
    string Description { get; }

    Task SendAsync(MailMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// SMTP through System.Net.Mail; STARTTLS when <c>startTls</c> is set (SmtpClient's EnableSsl). The host's
/// addresses pass the SSRF rule (<see cref="AddressGuard"/>) before anything connects, unless
/// <c>allowInternalHosts</c> (SecurityHub:Email:AllowInternalHosts) is set.
/// </summary>
public sealed class SmtpEmailTransport(string host, int port, bool startTls, NetworkCredential? credentials, bool allowInternalHosts = false) : IEmailTransport
{
    public string Description => $"{host}:{port}";

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        var addresses = await AddressGuard.ResolveAsync(host, cancellationToken);
        AddressGuard.EnsureAllowed(host, addresses, allowInternalHosts);
        // SmtpClient resolves the name again itself. Without STARTTLS (no certificate to tie the connection to the
        // name) it is given the checked address (the first, as the system orders them), so a second DNS answer
        // cannot point it elsewhere. With STARTTLS the certificate must match the name.
        var connectTo = startTls ? host : addresses[0].ToString();
        using var client = new SmtpClient(connectTo, port)
        {
            DeliveryMethod = SmtpDeliveryMethod.Network,
            EnableSsl = startTls,
            UseDefaultCredentials = false,
            Credentials = credentials,
        };
        await client.SendMailAsync(message, cancellationToken);
    }
}

/// <summary>
/// Writes each message as an .eml file, for installs without an SMTP server (the default). The files hold reset
/// and invitation links, so each is written into a private folder, set to 0600 and then moved into place.
/// </summary>
public sealed class PickupFolderTransport(string directory) : IEmailTransport
{
    public string Description => $"the pickup folder {directory}";

    public async Task SendAsync(MailMessage message, CancellationToken cancellationToken)
    {
        OwnerOnlyFiles.CreateDirectory(directory);
        var writing = Path.Combine(directory, $".writing-{Guid.NewGuid():N}");
        OwnerOnlyFiles.CreateDirectory(writing);
        try
        {
            using (var client = new SmtpClient
            {
                DeliveryMethod = SmtpDeliveryMethod.SpecifiedPickupDirectory,
                PickupDirectoryLocation = writing,
            })
            {
                await client.SendMailAsync(message, cancellationToken);
            }
            foreach (var file in Directory.EnumerateFiles(writing))
            {
                OwnerOnlyFiles.RestrictFile(file);
                File.Move(file, Path.Combine(directory, Path.GetFileName(file)));
            }
        }
        finally
        {
            Directory.Delete(writing, recursive: true);
        }
    }
}

/// <summary>Thrown when the settings cannot be turned into a transport (the stored password cannot be decrypted).</summary>
public sealed class EmailConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Chooses the transport for a send from the current settings: SMTP when a host is set, otherwise the pickup folder.</summary>
public sealed class EmailTransportFactory(DataPaths paths, SmtpPasswordProtector passwords, IOptionsMonitor<EmailOptions> options)
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
        return new SmtpEmailTransport(settings.SmtpHost.Trim(), settings.SmtpPort, settings.UseStartTls, credentials, options.CurrentValue.AllowInternalHosts);
    }
}
