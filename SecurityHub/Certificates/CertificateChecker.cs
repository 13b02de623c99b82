using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Options;

namespace SecurityHub.Certificates;

/// <summary>What to check: a host name or address, a port and how TLS starts.</summary>
public sealed record CheckTarget(string Host, int Port, StartTlsMode StartTls = StartTlsMode.None);

/// <summary>
/// Connects to an endpoint, handshakes with SNI and records what the server presented. Never throws:
/// a DNS failure, a refusal, a timeout or a server that does not speak TLS is a result with a message.
/// </summary>
public sealed class CertificateChecker(IOptionsMonitor<CertificatesOptions> options, TimeProvider clock, ILogger<CertificateChecker> logger)
{
    private const string Sha1Rsa = "1.2.840.113549.1.1.5";
    private const string Sha1Ecdsa = "1.2.840.10045.4.1";
    private const string Sha1Dsa = "1.2.840.10040.4.3";

    /// <summary>Checks one endpoint. The result is not attached to a context and has no EndpointId.</summary>
    public async Task<CertificateCheck> CheckAsync(CheckTarget target, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var started = clock.GetTimestamp();
        var check = new CertificateCheck { CheckedUtc = clock.GetUtcNow().UtcDateTime };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            await CheckCoreAsync(target, settings, check, timeout.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            Unreachable(check, $"{Describe(target)} did not answer within {settings.TimeoutSeconds} seconds. The server may be down, or a firewall may be dropping the connection.");
        }
        catch (OperationCanceledException)
        {
            throw;
        }
        catch (Exception ex)
        {
            // A check never throws: whatever went wrong becomes the result's message.
            logger.LogDebug(ex, "Certificate check of {Host}:{Port} failed", target.Host, target.Port);
            Unreachable(check, Explain(target, ex));
        }
        check.DurationMs = (long)clock.GetElapsedTime(started).TotalMilliseconds;
        return check;
    }

    private async Task CheckCoreAsync(CheckTarget target, CertificatesOptions settings, CertificateCheck check, CancellationToken cancellationToken)
    {
        var host = target.Host.Trim().TrimEnd('.');
        IPAddress[] addresses;
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            addresses = [literal];
        }
        else
        {
            try
            {
                addresses = await Dns.GetHostAddressesAsync(host, cancellationToken);
            }
            catch (SocketException)
            {
                Unreachable(check, $"The name {host} could not be found in DNS. Check the spelling, and that the domain is still registered and points to your server.");
                return;
            }
            if (addresses.Length == 0)
            {
                Unreachable(check, $"The name {host} has no address in DNS. Check that the domain points to your server.");
                return;
            }
        }

        if (!settings.AllowInternalHosts)
        {
            foreach (var address in addresses)
            {
                if (AddressGuard.InternalKind(address) is { } kind)
                {
                    Unreachable(check, $"Not checked: {host} resolves to {address}, a {kind} address. Checks of internal servers are turned off (setting {CertificatesOptions.Section}:{nameof(CertificatesOptions.AllowInternalHosts)}).");
                    return;
                }
            }
        }

        using var socket = await ConnectAsync(addresses, target.Port, cancellationToken);
        await using var network = new NetworkStream(socket, ownsSocket: false);
        if (target.StartTls == StartTlsMode.Smtp && await SmtpStartTlsAsync(network, cancellationToken) is { } smtpProblem)
        {
            Unreachable(check, $"{Describe(target)} {smtpProblem}");
            return;
        }

        X509Certificate2? leaf = null;
        var presented = new X509Certificate2Collection();
#pragma warning disable CA5359 // A monitor must see bad certificates to report them; nothing is sent over this connection.
        await using var tls = new SslStream(network, leaveInnerStreamOpen: true, (_, certificate, chain, _) =>
        {
            // Record, never reject: the trust decision is made below with our own chain.
            if (certificate is not null)
            {
                leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
            }
            if (chain is not null)
            {
                foreach (var extra in chain.ChainPolicy.ExtraStore)
                {
                    presented.Add(X509CertificateLoader.LoadCertificate(extra.RawData));
                }
            }
            return true;
        });
#pragma warning restore CA5359
        await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
        {
            TargetHost = IPAddress.TryParse(host.Trim('[', ']'), out _) ? "" : host,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        }, cancellationToken);

        if (leaf is null)
        {
            Unreachable(check, $"{Describe(target)} completed a handshake without presenting a certificate.");
            return;
        }
        using (leaf)
        {
            Evaluate(check, host, tls.SslProtocol, leaf, presented, settings);
        }
        foreach (var c in presented)
        {
            c.Dispose();
        }
    }

    private static async Task<Socket> ConnectAsync(IPAddress[] addresses, int port, CancellationToken cancellationToken)
    {
        SocketException? last = null;
        foreach (var address in addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                await socket.ConnectAsync(new IPEndPoint(address, port), cancellationToken);
                return socket;
            }
            catch (SocketException ex)
            {
                socket.Dispose();
                last = ex;
            }
            catch
            {
                socket.Dispose();
                throw;
            }
        }
        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }

    /// <summary>Greeting, EHLO, STARTTLS; null when the server is ready for the handshake, else what went wrong.</summary>
    private static async Task<string?> SmtpStartTlsAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var greeting = await ReadSmtpReplyAsync(stream, cancellationToken);
        if (!greeting.StartsWith("220", StringComparison.Ordinal))
        {
            return $"did not greet as an SMTP server (it said \"{Clip(greeting)}\").";
        }
        await stream.WriteAsync("EHLO securityhub.local\r\n"u8.ToArray(), cancellationToken);
        var ehlo = await ReadSmtpReplyAsync(stream, cancellationToken);
        if (!ehlo.StartsWith("250", StringComparison.Ordinal))
        {
            return $"refused EHLO (it said \"{Clip(ehlo)}\").";
        }
        if (!ehlo.Contains("STARTTLS", StringComparison.OrdinalIgnoreCase))
        {
            return "does not offer STARTTLS, so mail to it travels unencrypted. Turn on STARTTLS in the mail server.";
        }
        await stream.WriteAsync("STARTTLS\r\n"u8.ToArray(), cancellationToken);
        var ready = await ReadSmtpReplyAsync(stream, cancellationToken);
        return ready.StartsWith("220", StringComparison.Ordinal) ? null : $"refused STARTTLS (it said \"{Clip(ready)}\").";
    }

    /// <summary>Reads one (possibly multi-line) reply byte by byte, so nothing of the TLS handshake is consumed.</summary>
    private static async Task<string> ReadSmtpReplyAsync(NetworkStream stream, CancellationToken cancellationToken)
    {
        var reply = new StringBuilder();
        var line = new StringBuilder();
        var one = new byte[1];
        while (reply.Length < 8192)
        {
            if (await stream.ReadAsync(one, cancellationToken) == 0)
            {
                break;
            }
            if (one[0] == '\n')
            {
                var text = line.ToString().TrimEnd('\r');
                reply.AppendLine(text);
                line.Clear();
                if (text.Length < 4 || text[3] != '-')
                {
                    break;
                }
                continue;
            }
            line.Append((char)one[0]);
        }
        return reply.ToString();
    }

    private void Evaluate(CertificateCheck check, string host, SslProtocols protocol, X509Certificate2 leaf, X509Certificate2Collection presented, CertificatesOptions settings)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        check.Protocol = ProtocolName(protocol);
        check.Subject = Clip(leaf.Subject, 1000);
        check.Issuer = Clip(leaf.Issuer, 1000);
        check.SerialNumber = Clip(leaf.SerialNumber, 100);
        check.Thumbprint = leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        check.NotBeforeUtc = leaf.NotBefore.ToUniversalTime();
        check.NotAfterUtc = leaf.NotAfter.ToUniversalTime();
        check.SubjectAlternativeNames = Clip(string.Join(", ", DnsNames(leaf)), 4000);
        check.SignatureAlgorithm = Clip(leaf.SignatureAlgorithm.FriendlyName ?? leaf.SignatureAlgorithm.Value ?? "", 100);
        (check.KeyType, check.KeySize) = KeyOf(leaf);

        var problems = new List<string>();
        var chain = BuildChain(leaf, presented, settings, now, problems);
        var chainCertificates = chain.Select(c => new ChainCertificate(c.Subject, c.Issuer, c.NotBefore.ToUniversalTime(), c.NotAfter.ToUniversalTime(),
            c.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256))).ToList();
        check.ChainJson = JsonSerializer.Serialize(chainCertificates);

        if (!leaf.MatchesHostname(host, allowWildcards: true, allowCommonName: false))
        {
            problems.Add($"Host-name mismatch: the certificate is for {(check.SubjectAlternativeNames is { Length: > 0 } sans ? sans : leaf.Subject)}, not {host}.");
        }
        if (protocol is not (SslProtocols.Tls12 or SslProtocols.Tls13))
        {
            problems.Add($"Weak protocol: the server uses {check.Protocol}; TLS 1.2 or newer is required.");
        }
        if (check.KeyType == "RSA" && check.KeySize < 2048)
        {
            problems.Add($"Weak key: RSA {check.KeySize} bits; 2048 or more is required.");
        }
        // The root's own signature does not matter (it is trusted by being in the store), every other one does.
        foreach (var c in chain.Count > 1 ? chain.Take(chain.Count - 1) : chain)
        {
            if (c.SignatureAlgorithm.Value is Sha1Rsa or Sha1Ecdsa or Sha1Dsa)
            {
                problems.Add($"Weak signature: {c.Subject} is signed with SHA-1.");
            }
        }
        if (now < check.NotBeforeUtc)
        {
            problems.Add($"Not yet valid: the certificate starts on {check.NotBeforeUtc:yyyy-MM-dd HH:mm} UTC.");
        }

        // The site stops working when the first certificate of its chain expires.
        var firstExpiry = chainCertificates.Where(c => c.Subject != c.Issuer || chainCertificates.Count == 1).Select(c => c.NotAfterUtc).DefaultIfEmpty(check.NotAfterUtc.Value).Min();
        firstExpiry = firstExpiry < check.NotAfterUtc.Value ? firstExpiry : check.NotAfterUtc.Value;
        var firstToExpire = chainCertificates.FirstOrDefault(c => c.NotAfterUtc == firstExpiry && c.Thumbprint != check.Thumbprint);
        if (firstToExpire is not null)
        {
            problems.Add($"Intermediate expires first: {firstToExpire.Subject} expires on {firstToExpire.NotAfterUtc:yyyy-MM-dd}, before the site's certificate ({check.NotAfterUtc:yyyy-MM-dd}).");
        }
        check.DaysLeft = (int)Math.Floor((firstExpiry - now).TotalDays);
        check.TrustProblems = problems.Count == 0 ? null : Clip(string.Join("\n", problems), 4000);

        if (now >= firstExpiry)
        {
            check.Status = CertificateStatus.Expired;
            check.Message = firstToExpire is null
                ? $"The certificate expired on {check.NotAfterUtc:yyyy-MM-dd}."
                : $"An intermediate certificate ({firstToExpire.Subject}) expired on {firstToExpire.NotAfterUtc:yyyy-MM-dd}.";
        }
        else if (problems.Count > 0 && !(problems.Count == 1 && firstToExpire is not null))
        {
            check.Status = CertificateStatus.Invalid;
            check.Message = problems.First(p => firstToExpire is null || !p.StartsWith("Intermediate", StringComparison.Ordinal));
        }
        else if (check.DaysLeft <= settings.Thresholds[0])
        {
            check.Status = CertificateStatus.Expiring;
            check.Message = $"The certificate{(firstToExpire is null ? "" : " chain")} expires in {check.DaysLeft} day{(check.DaysLeft == 1 ? "" : "s")}, on {firstExpiry:yyyy-MM-dd}.";
        }
        else
        {
            check.Status = CertificateStatus.Ok;
            check.Message = $"Valid until {firstExpiry:yyyy-MM-dd} ({check.DaysLeft} days left).";
        }
        foreach (var c in chain)
        {
            if (!ReferenceEquals(c, leaf))
            {
                c.Dispose();
            }
        }
    }

    /// <summary>Builds the chain from what the server sent; adds untrusted-root, self-signed and incomplete-chain findings.</summary>
    private static List<X509Certificate2> BuildChain(X509Certificate2 leaf, X509Certificate2Collection presented, CertificatesOptions settings, DateTime now, List<string> problems)
    {
        using var chain = NewChain(presented, now);
        var trusted = chain.Build(leaf);
        var status = Flags(chain);
        if (!trusted && (status & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0
            && !string.IsNullOrWhiteSpace(settings.TrustedRootsFile) && File.Exists(settings.TrustedRootsFile))
        {
            // Not trusted by the system: try the extra roots the owner configured.
            using var custom = NewChain(presented, now);
            custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
            custom.ChainPolicy.CustomTrustStore.ImportFromPemFile(settings.TrustedRootsFile);
            custom.Build(leaf);
            var customStatus = Flags(custom);
            if ((customStatus & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) == 0)
            {
                status = customStatus;
                return Elements(custom);
            }
        }
        var selfSigned = leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData) && chain.ChainElements.Count == 1;
        if (selfSigned && (status & X509ChainStatusFlags.UntrustedRoot) != 0)
        {
            problems.Add("Self-signed: the certificate was made by the server itself, so browsers do not trust it.");
        }
        else if ((status & X509ChainStatusFlags.PartialChain) != 0)
        {
            problems.Add("Incomplete chain: the server does not send the intermediate certificate, or it leads to no known authority.");
        }
        else if ((status & X509ChainStatusFlags.UntrustedRoot) != 0)
        {
            problems.Add($"Untrusted root: the chain ends at {chain.ChainElements[^1].Certificate.Subject}, which is not a trusted certificate authority.");
        }
        else if ((status & (X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.ExplicitDistrust | X509ChainStatusFlags.Revoked)) != 0)
        {
            problems.Add("Untrusted: a signature in the chain is invalid or distrusted.");
        }
        return Elements(chain);
    }

    private static X509Chain NewChain(X509Certificate2Collection presented, DateTime now)
    {
        var chain = new X509Chain();
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.VerificationTime = now;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.ExtraStore.AddRange(presented);
        return chain;
    }

    private static X509ChainStatusFlags Flags(X509Chain chain) =>
        chain.ChainStatus.Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);

    private static List<X509Certificate2> Elements(X509Chain chain) =>
        chain.ChainElements.Select(e => X509CertificateLoader.LoadCertificate(e.Certificate.RawData)).ToList();

    private static IEnumerable<string> DnsNames(X509Certificate2 certificate)
    {
        foreach (var extension in certificate.Extensions)
        {
            if (extension is X509SubjectAlternativeNameExtension san)
            {
                foreach (var name in san.EnumerateDnsNames())
                {
                    yield return name;
                }
                foreach (var ip in san.EnumerateIPAddresses())
                {
                    yield return ip.ToString();
                }
            }
        }
    }

    private static (string? Type, int? Size) KeyOf(X509Certificate2 certificate)
    {
        using (var rsa = certificate.GetRSAPublicKey())
        {
            if (rsa is not null)
            {
                return ("RSA", rsa.KeySize);
            }
        }
        using (var ecdsa = certificate.GetECDsaPublicKey())
        {
            if (ecdsa is not null)
            {
                return ("ECDSA", ecdsa.KeySize);
            }
        }
        return (Clip(certificate.PublicKey.Oid.FriendlyName ?? certificate.PublicKey.Oid.Value ?? "unknown", 20), null);
    }

    private static string ProtocolName(SslProtocols protocol) => protocol switch
    {
        SslProtocols.Tls13 => "TLS 1.3",
        SslProtocols.Tls12 => "TLS 1.2",
#pragma warning disable SYSLIB0039, CA5397 // Named only to report a weak server.
        SslProtocols.Tls11 => "TLS 1.1",
        SslProtocols.Tls => "TLS 1.0",
#pragma warning restore SYSLIB0039, CA5397
        _ => protocol.ToString(),
    };

    private static string Explain(CheckTarget target, Exception ex)
    {
        var socket = ex as SocketException ?? ex.InnerException as SocketException;
        return socket?.SocketErrorCode switch
        {
            SocketError.ConnectionRefused => $"{Describe(target)} refused the connection: nothing is listening on port {target.Port}. Check the port, and that the web or mail server is running.",
            SocketError.HostUnreachable or SocketError.NetworkUnreachable => $"{Describe(target)} cannot be reached from this server (no route). Check the address and the firewall.",
            SocketError.TimedOut => $"{Describe(target)} did not answer in time. The server may be down, or a firewall may be dropping the connection.",
            SocketError.ConnectionReset => $"{Describe(target)} closed the connection during the TLS handshake. The port may not speak TLS{(target.Port is 25 or 587 ? "; for mail on port 25 or 587 choose STARTTLS" : "")}.",
            null when ex is AuthenticationException or IOException => $"{Describe(target)} answered, but not with a TLS handshake. The port may serve something else (plain HTTP, another protocol){(target.Port is 25 or 587 ? "; for mail on port 25 or 587 choose STARTTLS" : "")}.",
            _ => $"{Describe(target)} could not be checked: {Clip(ex.Message, 300)}",
        };
    }

    private static string Describe(CheckTarget target) => $"{target.Host}:{target.Port}";

    private static void Unreachable(CertificateCheck check, string message)
    {
        check.Status = CertificateStatus.Unreachable;
        check.Message = Clip(message, 2000);
    }

    private static string Clip(string value, int max = 200)
    {
        var cleaned = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return cleaned.Length > max ? cleaned[..max] : cleaned;
    }
}
