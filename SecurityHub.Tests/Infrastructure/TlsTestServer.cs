using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>How a <see cref="TlsTestServer"/> treats a connection.</summary>
public enum TlsServerMode
{
    /// <summary>TLS handshake with the certificate and chain.</summary>
    Tls,

    /// <summary>SMTP greeting and EHLO offering STARTTLS, then the TLS handshake.</summary>
    SmtpStartTls,

    /// <summary>Accepts TCP and never says a word.</summary>
    Silent,

    /// <summary>Writes bytes that are not TLS and closes.</summary>
    Garbage,

    /// <summary>TLS handshake, then answers one HTTP request with 200 (and <see cref="TlsTestServer.Hsts"/> when set).</summary>
    Https,
}

/// <summary>A real server on a loopback port, for certificate checks against real handshakes.</summary>
public sealed class TlsTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<TcpClient> _held = [];
    private int _connections;

    public TlsTestServer(TlsServerMode mode, X509Certificate2? certificate = null, params X509Certificate2[] intermediates)
        : this(mode, certificate, 0, intermediates)
    {
    }

    /// <summary>A server on a chosen port (0: any free port), e.g. to replace another one's certificate.</summary>
    public TlsTestServer(TlsServerMode mode, X509Certificate2? certificate, int port, params X509Certificate2[] intermediates)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var context = certificate is null ? null : SslStreamCertificateContext.Create(certificate, new X509Certificate2Collection(intermediates), offline: true);
        _accepting = AcceptAsync(mode, context);
    }

    public int Port { get; }

    /// <summary>In <see cref="TlsServerMode.Https"/>: the Strict-Transport-Security header value to send, or none.</summary>
    public string? Hsts { get; init; }

    /// <summary>TCP connections accepted so far.</summary>
    public int Connections => Volatile.Read(ref _connections);

    private async Task AcceptAsync(TlsServerMode mode, SslStreamCertificateContext? context)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception) when (_stop.IsCancellationRequested)
            {
                return;
            }
            catch (SocketException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = ServeAsync(client, mode, context);
        }
    }

    private async Task ServeAsync(TcpClient client, TlsServerMode mode, SslStreamCertificateContext? context)
    {
        try
        {
            var stream = client.GetStream();
            switch (mode)
            {
                case TlsServerMode.Silent:
                    lock (_held)
                    {
                        _held.Add(client);
                    }
                    return;
                case TlsServerMode.Garbage:
                    await stream.WriteAsync("HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nthis is not TLS\r\n"u8.ToArray(), _stop.Token);
                    client.Dispose();
                    return;
                case TlsServerMode.SmtpStartTls:
                    await SmtpPreludeAsync(stream);
                    break;
            }
            await using var tls = new SslStream(stream, leaveInnerStreamOpen: false);
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions { ServerCertificateContext = context }, _stop.Token);
            if (mode == TlsServerMode.Https)
            {
                await HttpTestServer.ReadRequestAsync(tls, _stop.Token);
                var hsts = Hsts is null ? "" : $"Strict-Transport-Security: {Hsts}\r\n";
                await tls.WriteAsync(Encoding.ASCII.GetBytes($"HTTP/1.1 200 OK\r\n{hsts}Content-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"), _stop.Token);
                return;
            }
            // Wait for the client to hang up.
            _ = await tls.ReadAsync(new byte[1], _stop.Token);
        }
        catch (Exception)
        {
            // The client may hang up at any point; that is not the server's test.
        }
        finally
        {
            if (mode != TlsServerMode.Silent)
            {
                client.Dispose();
            }
        }
    }

    private async Task SmtpPreludeAsync(NetworkStream stream)
    {
        async Task WriteAsync(string line) => await stream.WriteAsync(Encoding.ASCII.GetBytes(line + "\r\n"), _stop.Token);
        async Task<string> ReadLineAsync()
        {
            var line = new StringBuilder();
            var one = new byte[1];
            while (await stream.ReadAsync(one, _stop.Token) == 1 && one[0] != '\n')
            {
                line.Append((char)one[0]);
            }
            return line.ToString().TrimEnd('\r');
        }

        await WriteAsync("220 mail.test ESMTP ready");
        await ReadLineAsync();
        await WriteAsync("250-mail.test greets you");
        await WriteAsync("250-SIZE 10240000");
        await WriteAsync("250 STARTTLS");
        await ReadLineAsync();
        await WriteAsync("220 Go ahead");
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (Exception)
        {
            // Stopping.
        }
        lock (_held)
        {
            foreach (var client in _held)
            {
                client.Dispose();
            }
        }
        _stop.Dispose();
    }
}
