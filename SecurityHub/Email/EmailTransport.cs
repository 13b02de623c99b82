using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;
using SecurityHub.Certificates;
using SecurityHub.Data;

namespace SecurityHub.Email;

/// <summary>What became of a message handed to a transport.</summary>
public enum DeliveryKind
{
    /// <summary>An SMTP server accepted it.</summary>
    Delivered,

    /// <summary>It was written as an .eml file to the pickup folder: nobody has received it.</summary>
    SavedToPickupFolder,
}

/// <summary>Hands one composed message to whatever carries it: an SMTP server or the pickup folder.</summary>
public interface IEmailTransport
{
    /// <summary>Where this transport delivers, for error messages ("smtp.example.com:587" or the pickup folder).</summary>
    string Description { get; }

    Task<DeliveryKind> SendAsync(MimeMessage message, CancellationToken cancellationToken);
}

/// <summary>
/// SMTP through MailKit with the security the Owner chose. The host's addresses pass the SSRF rule
/// (<see cref="AddressGuard"/>) before anything connects, unless <c>allowInternalHosts</c>
/// (SecurityHub:Email:AllowInternalHosts) is set, and MailKit is handed the socket connected to a checked
/// address, so it never resolves the name itself. The server's certificate must be valid for the host name and
/// chain to a root the system trusts, or to one of the extra roots in SecurityHub:Certificates:TrustedRootsFile
/// (an internal CA); nothing else is accepted.
/// </summary>
public sealed class SmtpEmailTransport(string host, int port, SmtpSecurity security, NetworkCredential? credentials,
    X509Certificate2Collection extraRoots, TimeSpan timeout, bool allowInternalHosts = false) : IEmailTransport
{
    public string Description => $"{host}:{port}";

    public async Task<DeliveryKind> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        // One DNS lookup, checked; the socket goes to one of those addresses and MailKit does no lookup of its own.
        var addresses = await AddressGuard.ResolveAsync(host, cancellationToken);
        AddressGuard.EnsureAllowed(host, addresses, allowInternalHosts);
        using var client = new SmtpClient { Timeout = (int)timeout.TotalMilliseconds };
        var validation = new ServerCertificateCheck(extraRoots);
        client.ServerCertificateValidationCallback = validation.Validate;
        var options = security switch
        {
            SmtpSecurity.StartTls => SecureSocketOptions.StartTls,
            SmtpSecurity.ImplicitTls => SecureSocketOptions.SslOnConnect,
            _ => SecureSocketOptions.None,
        };
        // MailKit takes the connected socket over (disposing it again at the end is harmless). The host name is
        // what the certificate is checked against, and the SNI sent.
        using var socket = await ConnectSocketAsync(addresses, cancellationToken);
        try
        {
            await client.ConnectAsync(socket, TlsName(host), port, options, cancellationToken);
        }
        catch (SslHandshakeException ex)
        {
            throw new SmtpTlsException(validation.Problem, ex);
        }
        if (credentials is not null)
        {
            await client.AuthenticateAsync(credentials, cancellationToken);
        }
        await client.SendAsync(message, cancellationToken);
        await client.DisconnectAsync(quit: true, cancellationToken);
        return DeliveryKind.Delivered;
    }

    /// <summary>
    /// A TCP connection to the first checked address that answers (<see cref="AddressGuard.ConnectAsync"/> checks
    /// them again), within the timeout, as MailKit's own connect would be.
    /// </summary>
    private async Task<Socket> ConnectSocketAsync(IPAddress[] addresses, CancellationToken cancellationToken)
    {
        using var connectTimeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        connectTimeout.CancelAfter(timeout);
        try
        {
            return await AddressGuard.ConnectAsync(host, addresses, port, allowInternalHosts, connectTimeout.Token);
        }
        catch (OperationCanceledException ex) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"The connection to {host}:{port} timed out.", ex);
        }
    }

    /// <summary>An address literal without its brackets, as TLS and MailKit expect it; a name as it is.</summary>
    private static string TlsName(string host)
    {
        var bare = host.Trim('[', ']');
        return IPAddress.TryParse(bare, out _) ? bare : host;
    }

    /// <summary>Validates the server's certificate and remembers why it was refused, for the Owner's error message.</summary>
    private sealed class ServerCertificateCheck(X509Certificate2Collection extraRoots)
    {
        public string? Problem { get; private set; }

        public bool Validate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
        {
            if (errors == SslPolicyErrors.None)
            {
                return true;
            }
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNotAvailable) || certificate is null)
            {
                Problem = "the server sent no certificate";
                return false;
            }
            if (errors.HasFlag(SslPolicyErrors.RemoteCertificateNameMismatch))
            {
                Problem = $"its certificate is for another name ({certificate.Subject})";
                return false;
            }
            // Only the chain is in question: try the configured extra roots.
            if (extraRoots.Count > 0)
            {
                using var custom = new X509Chain();
                custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
                custom.ChainPolicy.CustomTrustStore.AddRange(extraRoots);
                custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
                if (chain is not null)
                {
                    custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
                }
                using var leaf = new X509Certificate2(certificate);
                if (custom.Build(leaf))
                {
                    return true;
                }
            }
            var selfSigned = certificate.Subject == certificate.Issuer;
            Problem = selfSigned
                ? $"its certificate is self-signed ({certificate.Subject}) and not trusted"
                : $"its certificate ({certificate.Subject}, issued by {certificate.Issuer}) does not chain to a trusted root";
            return false;
        }
    }
}

/// <summary>The TLS handshake with the SMTP server failed; <see cref="Exception.Message"/> says why in plain words.</summary>
public sealed class SmtpTlsException(string? problem, Exception inner)
    : Exception(problem is null ? $"the TLS handshake failed ({inner.InnerException?.Message ?? inner.Message})" : problem, inner);

/// <summary>
/// Writes each message as an .eml file, for installs without an SMTP server (the default). The files hold reset
/// and invitation links, so each is written into a private folder, set to 0600 and then moved into place.
/// </summary>
public sealed class PickupFolderTransport(string directory) : IEmailTransport
{
    public string Description => $"the pickup folder {directory}";

    public async Task<DeliveryKind> SendAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        OwnerOnlyFiles.CreateDirectory(directory);
        // Written in a private folder, set to 0600 and then moved in, so a reader of the pickup folder never sees
        // half a message or a file others can read.
        var writing = Path.Combine(directory, $".writing-{Guid.NewGuid():N}");
        OwnerOnlyFiles.CreateDirectory(writing);
        try
        {
            var name = Guid.NewGuid().ToString("N") + ".eml";
            var partial = Path.Combine(writing, name);
            // CRLF line ends, as on the wire (RFC 5322), whatever the server's platform.
            await message.WriteToAsync(new FormatOptions { NewLineFormat = NewLineFormat.Dos }, partial, cancellationToken);
            OwnerOnlyFiles.RestrictFile(partial);
            File.Move(partial, Path.Combine(directory, name));
        }
        finally
        {
            Directory.Delete(writing, recursive: true);
        }
        return DeliveryKind.SavedToPickupFolder;
    }
}

/// <summary>Thrown when the settings cannot be turned into a transport (the stored password cannot be decrypted).</summary>
public sealed class EmailConfigurationException(string message, Exception? inner = null) : Exception(message, inner);

/// <summary>Chooses the transport for a send from the current settings: SMTP when a host is set, otherwise the pickup folder.</summary>
public sealed class EmailTransportFactory(DataPaths paths, SmtpPasswordProtector passwords,
    IOptions<CertificatesOptions> certificates, IOptionsMonitor<EmailOptions> options)
{
    public IEmailTransport Create(EmailSettings settings, TimeSpan timeout)
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
        return new SmtpEmailTransport(settings.SmtpHost.Trim(), settings.SmtpPort, settings.Security, credentials, ExtraRoots(), timeout,
            options.CurrentValue.AllowInternalHosts);
    }

    /// <summary>The extra roots of SecurityHub:Certificates:TrustedRootsFile (validated at start-up), or none.</summary>
    private X509Certificate2Collection ExtraRoots()
    {
        var roots = new X509Certificate2Collection();
        var file = certificates.Value.TrustedRootsFile;
        if (!string.IsNullOrWhiteSpace(file) && File.Exists(file))
        {
            roots.ImportFromPemFile(file);
        }
        return roots;
    }
}
