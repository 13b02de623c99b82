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
    public Task<CertificateCheck> CheckAsync(CheckTarget target, CancellationToken cancellationToken = default) =>
        CheckAsync(target, allowInternalHosts: false, cancellationToken);

    /// <summary>
    /// Checks one endpoint; <paramref name="allowInternalHosts"/> (the Owner's in-app setting) is ORed with
    /// the configuration's AllowInternalHosts. The result is not attached to a context and has no EndpointId.
    /// </summary>
    public async Task<CertificateCheck> CheckAsync(CheckTarget target, bool allowInternalHosts, CancellationToken cancellationToken = default)
    {
        var settings = options.CurrentValue;
        var started = clock.GetTimestamp();
        var check = new CertificateCheck { CheckedUtc = clock.GetUtcNow().UtcDateTime };
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        try
        {
            await CheckCoreAsync(target, settings, settings.AllowInternalHosts || allowInternalHosts, check, timeout.Token, cancellationToken);
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

    /// <summary>Whether the negotiated protocol is too old (below TLS 1.2) and makes the endpoint Invalid.</summary>
    public static bool IsWeakProtocol(SslProtocols protocol) => protocol is not (SslProtocols.Tls12 or SslProtocols.Tls13);

    private async Task CheckCoreAsync(CheckTarget target, CertificatesOptions settings, bool allowInternalHosts, CertificateCheck check,
        CancellationToken cancellationToken, CancellationToken callerToken)
    {
        var host = target.Host.Trim().TrimEnd('.');
        IPAddress[] addresses;
        try
        {
            addresses = await AddressGuard.ResolveAsync(host, cancellationToken);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.NoData)
        {
            Unreachable(check, $"The name {host} has no address in DNS. Check that the domain points to your server.");
            return;
        }
        catch (SocketException)
        {
            Unreachable(check, $"The name {host} could not be found in DNS. Check the spelling, and that the domain is still registered and points to your server.");
            return;
        }

        // Checked here for the message, and again by every connection the check makes (AddressGuard.ConnectAsync).
        if (!allowInternalHosts && AddressGuard.FirstInternal(addresses) is { } refused)
        {
            Unreachable(check, Refusal(host, refused.Address, refused.Kind));
            return;
        }

        var now = clock.GetUtcNow().UtcDateTime;
        Session session;
        try
        {
            session = await HandshakeAsync(addresses, target, host, now, legacy: false, allowInternalHosts, cancellationToken);
        }
        catch (Exception first) when (first is AuthenticationException or IOException && !cancellationToken.IsCancellationRequested)
        {
            // The system's TLS settings refuse TLS 1.0 and 1.1. A second handshake that offers only the old
            // RSA key-exchange suites finds such a server, so it is reported as weak rather than unreachable.
            Session? legacy = null;
            try
            {
                legacy = await HandshakeAsync(addresses, target, host, now, legacy: true, allowInternalHosts, cancellationToken);
            }
            catch (Exception probe) when (probe is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
            {
                logger.LogDebug(probe, "Legacy TLS probe of {Host}:{Port} failed", target.Host, target.Port);
            }
            if (legacy is null)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(first).Throw();
            }
            session = legacy!;
        }
        await using (session)
        {
            if (session.Problem is { } problem)
            {
                Unreachable(check, $"{Describe(target)} {problem}");
                return;
            }
            if (session.Leaf is not { } leaf)
            {
                Unreachable(check, $"{Describe(target)} completed a handshake without presenting a certificate.");
                return;
            }
            Evaluate(check, host, session.Tls!.SslProtocol, leaf, session.Presented, session.Chain, settings);

            if (target.StartTls == StartTlsMode.None && settings.WebsitePorts.Contains(target.Port) && IsPlainHostName(host))
            {
                await WebsiteChecksAsync(session.Tls, host, addresses, target, settings, allowInternalHosts, check, callerToken);
            }
        }
    }

    /// <summary>Connects, runs STARTTLS if asked, and handshakes; the chain is built once, inside the validation callback.</summary>
    private static async Task<Session> HandshakeAsync(IPAddress[] addresses, CheckTarget target, string host, DateTime now, bool legacy, bool allowInternalHosts,
        CancellationToken cancellationToken)
    {
        var session = new Session();
        try
        {
            session.Socket = await AddressGuard.ConnectAsync(host, addresses, target.Port, allowInternalHosts, cancellationToken);
            session.Network = new NetworkStream(session.Socket, ownsSocket: false);
            if (target.StartTls == StartTlsMode.Smtp && await SmtpStartTlsAsync(session.Network, cancellationToken) is { } smtpProblem)
            {
                session.Problem = smtpProblem;
                return session;
            }

            var policy = NewChainPolicy(now);
#pragma warning disable CA5359 // A monitor must see bad certificates to report them; nothing is sent over this connection.
            session.Tls = new SslStream(session.Network, leaveInnerStreamOpen: true, (_, certificate, chain, _) =>
            {
                // Record, never reject: the trust decision is made from this chain and our own rules.
                if (certificate is not null)
                {
                    session.Leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                }
                if (chain is not null)
                {
                    foreach (var extra in chain.ChainPolicy.ExtraStore)
                    {
                        session.Presented.Add(X509CertificateLoader.LoadCertificate(extra.RawData));
                    }
                    if (chain.ChainElements.Count > 0)
                    {
                        session.Chain = new BuiltChain(Elements(chain), Flags(chain));
                    }
                }
                return true;
            });
#pragma warning restore CA5359
            var authentication = new SslClientAuthenticationOptions
            {
                TargetHost = IPAddress.TryParse(host.Trim('[', ']'), out _) ? "" : host,
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = policy,
                // A resumed session would skip the certificate: every check must see the one served now.
                AllowTlsResume = false,
            };
            if (legacy)
            {
#pragma warning disable SYSLIB0039, CA5397, CA5398 // Offered only to find and report a server stuck on TLS 1.0 or 1.1.
                authentication.EnabledSslProtocols = SslProtocols.Tls | SslProtocols.Tls11;
#pragma warning restore SYSLIB0039, CA5397, CA5398
                if (!OperatingSystem.IsWindows())
                {
                    // OpenSSL's security level forbids the signatures of TLS 1.0/1.1 key exchange (DHE, ECDHE);
                    // RSA key exchange needs none, so these suites reach such servers.
                    authentication.CipherSuitesPolicy = new CipherSuitesPolicy(
                    [
                        TlsCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA,
                        TlsCipherSuite.TLS_RSA_WITH_AES_256_CBC_SHA,
                        TlsCipherSuite.TLS_RSA_WITH_3DES_EDE_CBC_SHA,
                    ]);
                }
            }
            await session.Tls.AuthenticateAsClientAsync(authentication, cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    /// <summary>One connection of a check and what its handshake captured.</summary>
    private sealed class Session : IAsyncDisposable
    {
        public Socket? Socket { get; set; }
        public NetworkStream? Network { get; set; }
        public SslStream? Tls { get; set; }
        public X509Certificate2? Leaf { get; set; }
        public X509Certificate2Collection Presented { get; } = [];
        public BuiltChain? Chain { get; set; }
        public string? Problem { get; set; }

        public async ValueTask DisposeAsync()
        {
            if (Tls is not null)
            {
                await Tls.DisposeAsync();
            }
            if (Network is not null)
            {
                await Network.DisposeAsync();
            }
            Socket?.Dispose();
            Leaf?.Dispose();
            foreach (var c in Presented)
            {
                c.Dispose();
            }
            if (Chain is not null)
            {
                foreach (var c in Chain.Elements)
                {
                    c.Dispose();
                }
            }
        }
    }

    /// <summary>A chain built during the handshake: copies of its certificates (leaf first) and its status.</summary>
    private sealed record BuiltChain(List<X509Certificate2> Elements, X509ChainStatusFlags Status);

    /// <summary>
    /// For websites: does plain HTTP redirect to https:// on the same host, and does the HTTPS answer send
    /// HSTS? Both are advice, so they never change the status; they get their own timeout and never throw.
    /// </summary>
    private async Task WebsiteChecksAsync(SslStream tls, string host, IPAddress[] addresses, CheckTarget target, CertificatesOptions settings,
        bool allowInternalHosts, CertificateCheck check, CancellationToken callerToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(callerToken);
        timeout.CancelAfter(TimeSpan.FromSeconds(settings.TimeoutSeconds));
        var hsts = HstsAsync(tls, host, target.Port, settings, timeout.Token);
        var redirect = RedirectAsync(host, addresses, settings, allowInternalHosts, timeout.Token);
        await Task.WhenAll(hsts, redirect);
        callerToken.ThrowIfCancellationRequested();
        (check.SendsHsts, var hstsNote) = await hsts;
        (check.RedirectsToHttps, var redirectNote) = await redirect;
        check.HttpNote = Clip(redirectNote, 480) + "\n" + Clip(hstsNote, 480);
    }

    private async Task<(bool?, string)> HstsAsync(SslStream tls, string host, int port, CertificatesOptions settings, CancellationToken cancellationToken)
    {
        try
        {
            var head = await HttpGetAsync(tls, HostHeader(host, port, 443), cancellationToken);
            if (head is null)
            {
                return (null, "HSTS not checked: the HTTPS server did not answer an HTTP request.");
            }
            var value = head.Header("Strict-Transport-Security");
            var maxAge = MaxAge(value);
            return value is null
                ? (false, "No HSTS header: browsers may still try plain http:// first.")
                : maxAge is > 0
                    ? (true, $"HSTS is on (max-age {maxAge} seconds, about {maxAge / 86400} days).")
                    : (false, $"The HSTS header has no positive max-age (\"{Clip(value, 100)}\"), so browsers ignore it.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, $"HSTS not checked: the HTTPS server did not answer an HTTP request within {settings.TimeoutSeconds} seconds.");
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "HSTS check of {Host}:{Port} failed", host, port);
            return (null, "HSTS not checked: the HTTPS server did not answer an HTTP request.");
        }
    }

    private async Task<(bool?, string)> RedirectAsync(string host, IPAddress[] addresses, CertificatesOptions settings, bool allowInternalHosts, CancellationToken cancellationToken)
    {
        var port = settings.HttpPort;
        try
        {
            // The same addresses as the handshake, so DNS stays out of it; the guard checks them again.
            using var socket = await AddressGuard.ConnectAsync(host, addresses, port, allowInternalHosts, cancellationToken);
            await using var network = new NetworkStream(socket, ownsSocket: false);
            var head = await HttpGetAsync(network, HostHeader(host, port, 80), cancellationToken);
            if (head is null)
            {
                return (null, $"No HTTP answer on port {port}: it accepted the connection but did not speak HTTP.");
            }
            var location = head.Header("Location");
            if (head.Status is 301 or 302 or 307 or 308 && Uri.TryCreate(location, UriKind.Absolute, out var to))
            {
                if (to.Scheme == Uri.UriSchemeHttps && string.Equals(to.IdnHost, host, StringComparison.OrdinalIgnoreCase))
                {
                    return (true, $"Plain HTTP (port {port}) redirects to {Clip(location!, 200)} ({head.Status}).");
                }
                return (false, $"Plain HTTP (port {port}) redirects to {Clip(location!, 200)}, which is not https:// on {host}.");
            }
            return (false, $"Plain HTTP (port {port}) answers {head.Status} without redirecting to https://, so visitors who type the address stay unencrypted.");
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            return (null, $"No HTTP answer on port {port} within {settings.TimeoutSeconds} seconds.");
        }
        catch (InternalAddressException ex)
        {
            return (null, $"HTTP redirect not checked: {ex.Message}");
        }
        catch (Exception ex) when (ex is SocketException || ex.InnerException is SocketException)
        {
            return (null, $"No HTTP answer on port {port}: nothing is listening there, so visitors who type the address without https:// may not reach the site.");
        }
        catch (Exception ex)
        {
            logger.LogDebug(ex, "HTTP redirect check of {Host}:{Port} failed", host, port);
            return (null, $"No HTTP answer on port {port}: {Clip(ex.Message, 200)}");
        }
    }

    /// <summary>Sends GET / and reads the status line and headers (at most 16 KB); null when the answer is not HTTP.</summary>
    private static async Task<HttpHead?> HttpGetAsync(Stream stream, string hostHeader, CancellationToken cancellationToken)
    {
        var request = $"GET / HTTP/1.1\r\nHost: {hostHeader}\r\nUser-Agent: SecurityHub-certificate-check\r\nAccept: */*\r\nConnection: close\r\n\r\n";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request), cancellationToken);
        await stream.FlushAsync(cancellationToken);
        var buffer = new byte[16 * 1024];
        var length = 0;
        while (length < buffer.Length)
        {
            var read = await stream.ReadAsync(buffer.AsMemory(length), cancellationToken);
            if (read == 0)
            {
                break;
            }
            length += read;
            if (buffer.AsSpan(0, length).IndexOf("\r\n\r\n"u8) >= 0)
            {
                break;
            }
        }
        return HttpHead.Parse(Encoding.Latin1.GetString(buffer, 0, length));
    }

    private sealed record HttpHead(int Status, List<KeyValuePair<string, string>> Headers)
    {
        public string? Header(string name) => Headers.FirstOrDefault(h => string.Equals(h.Key, name, StringComparison.OrdinalIgnoreCase)).Value;

        public static HttpHead? Parse(string text)
        {
            var lines = text.Split("\r\n");
            var status = lines[0].Split(' ', 3);
            if (status.Length < 2 || !status[0].StartsWith("HTTP/", StringComparison.Ordinal)
                || !int.TryParse(status[1], System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var code))
            {
                return null;
            }
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(1).TakeWhile(l => l.Length > 0))
            {
                var colon = line.IndexOf(':', StringComparison.Ordinal);
                if (colon > 0)
                {
                    headers.Add(new(line[..colon].Trim(), line[(colon + 1)..].Trim()));
                }
            }
            return new HttpHead(code, headers);
        }
    }

    private static long? MaxAge(string? hsts)
    {
        foreach (var directive in (hsts ?? "").Split(';', StringSplitOptions.TrimEntries))
        {
            if (directive.StartsWith("max-age=", StringComparison.OrdinalIgnoreCase)
                && long.TryParse(directive[8..].Trim('"'), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var seconds))
            {
                return seconds;
            }
        }
        return null;
    }

    private static string HostHeader(string host, int port, int defaultPort)
    {
        var name = IPAddress.TryParse(host.Trim('[', ']'), out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? $"[{ip}]" : host;
        return port == defaultPort ? name : $"{name}:{port}";
    }

    // Only letters, digits and . - : [ ] go into a Host header, so a stored name can never add a header line.
    private static bool IsPlainHostName(string host) =>
        host.Length is > 0 and <= 253 && host.All(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or ':' or '[' or ']');

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

    private void Evaluate(CertificateCheck check, string host, SslProtocols protocol, X509Certificate2 leaf, X509Certificate2Collection presented, BuiltChain? built, CertificatesOptions settings)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        check.Protocol = ProtocolName(protocol);
        check.Subject = Clip(leaf.Subject, 1000);
        check.Issuer = Clip(leaf.Issuer, 1000);
        check.SerialNumber = Clip(SerialText(leaf.SerialNumber), 100);
        check.Thumbprint = leaf.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256);
        check.NotBeforeUtc = leaf.NotBefore.ToUniversalTime();
        check.NotAfterUtc = leaf.NotAfter.ToUniversalTime();
        check.SubjectAlternativeNames = Clip(string.Join(", ", DnsNames(leaf)), 4000);
        check.SignatureAlgorithm = Clip(leaf.SignatureAlgorithm.FriendlyName ?? leaf.SignatureAlgorithm.Value ?? "", 100);
        (check.KeyType, check.KeySize) = KeyOf(leaf);

        var problems = new List<string>();
        var (chain, ownsChain) = BuildChain(leaf, presented, built, settings, now, problems);
        var chainCertificates = chain.Select(c => new ChainCertificate(c.Subject, c.Issuer, c.NotBefore.ToUniversalTime(), c.NotAfter.ToUniversalTime(),
            c.GetCertHashString(System.Security.Cryptography.HashAlgorithmName.SHA256))).ToList();
        check.ChainJson = JsonSerializer.Serialize(chainCertificates);

        if (!leaf.MatchesHostname(host, allowWildcards: true, allowCommonName: false))
        {
            problems.Add($"Host-name mismatch: the certificate is for {(check.SubjectAlternativeNames is { Length: > 0 } sans ? sans : leaf.Subject)}, not {host}.");
        }
        if (IsWeakProtocol(protocol))
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
        if (ownsChain)
        {
            foreach (var c in chain)
            {
                c.Dispose();
            }
        }
    }

    /// <summary>
    /// The chain from the handshake (or built now from what the server sent), with untrusted-root, self-signed
    /// and incomplete-chain findings. Owned: the caller disposes the certificates.
    /// </summary>
    private static (List<X509Certificate2> Chain, bool Owned) BuildChain(X509Certificate2 leaf, X509Certificate2Collection presented, BuiltChain? built,
        CertificatesOptions settings, DateTime now, List<string> problems)
    {
        List<X509Certificate2> elements;
        X509ChainStatusFlags status;
        var owned = built is null;
        if (built is not null)
        {
            (elements, status) = (built.Elements, built.Status);
        }
        else
        {
            using var chain = NewChain(presented, now);
            chain.Build(leaf);
            (elements, status) = (Elements(chain), Flags(chain));
        }
        if ((status & (X509ChainStatusFlags.UntrustedRoot | X509ChainStatusFlags.PartialChain)) != 0
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
                if (owned)
                {
                    elements.ForEach(c => c.Dispose());
                }
                return (Elements(custom), true);
            }
        }
        var selfSigned = leaf.SubjectName.RawData.AsSpan().SequenceEqual(leaf.IssuerName.RawData) && elements.Count == 1;
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
            problems.Add($"Untrusted root: the chain ends at {elements[^1].Subject}, which is not a trusted certificate authority.");
        }
        else if ((status & (X509ChainStatusFlags.NotSignatureValid | X509ChainStatusFlags.ExplicitDistrust | X509ChainStatusFlags.Revoked)) != 0)
        {
            problems.Add("Untrusted: a signature in the chain is invalid or distrusted.");
        }
        return (elements, owned);
    }

    private static X509ChainPolicy NewChainPolicy(DateTime now)
    {
        var policy = new X509ChainPolicy
        {
            RevocationMode = X509RevocationMode.NoCheck,
            VerificationTime = now,
            DisableCertificateDownloads = true,
        };
        return policy;
    }

    private static X509Chain NewChain(X509Certificate2Collection presented, DateTime now)
    {
        var chain = new X509Chain { ChainPolicy = NewChainPolicy(now) };
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

    private static string Refusal(string host, IPAddress address, string kind) =>
        $"Not checked: {host} resolves to {address}, a {kind} address. Checks of internal servers are turned off (an Owner can allow internal hosts on the Certificates page, or set {CertificatesOptions.Section}:{nameof(CertificatesOptions.AllowInternalHosts)}).";

    private static string Explain(CheckTarget target, Exception ex)
    {
        if (ex is InternalAddressException refused)
        {
            return Refusal(refused.Host, refused.Address, refused.Kind);
        }
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


    /// <summary>
    /// The serial as people see it (OpenSSL, browsers): DER's leading zero byte, there only to keep a serial with
    /// its top bit set positive, is not part of it.
    /// </summary>
    internal static string SerialText(string serial)
    {
        var text = serial;
        while (text.Length > 2 && text.StartsWith("00", StringComparison.Ordinal))
        {
            text = text[2..];
        }
        return text;
    }
    private static string Clip(string value, int max = 200)
    {
        var cleaned = new string(value.Select(c => char.IsControl(c) ? ' ' : c).ToArray()).Trim();
        return cleaned.Length > max ? cleaned[..max] : cleaned;
    }
}
