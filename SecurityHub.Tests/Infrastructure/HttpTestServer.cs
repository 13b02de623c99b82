using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// A plain-HTTP server on a loopback port that answers every request with one status and headers, and
/// remembers the requests' Host headers: the stand-in for port 80 in the redirect checks.
/// </summary>
public sealed class HttpTestServer : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;
    private readonly List<string> _hosts = [];

    public HttpTestServer(int status, params (string Name, string Value)[] headers)
    {
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        var head = new StringBuilder($"HTTP/1.1 {status} Test\r\n");
        foreach (var (name, value) in headers)
        {
            head.Append(name).Append(": ").Append(value).Append("\r\n");
        }
        head.Append("Content-Length: 0\r\nConnection: close\r\n\r\n");
        _accepting = AcceptAsync(Encoding.ASCII.GetBytes(head.ToString()));
    }

    public int Port { get; }

    /// <summary>The Host header of each request received.</summary>
    public IReadOnlyList<string> Hosts
    {
        get
        {
            lock (_hosts)
            {
                return [.. _hosts];
            }
        }
    }

    /// <summary>A loopback port nothing listens on (free a moment ago).</summary>
    public static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    /// <summary>Reads a request head (up to the blank line) and returns it.</summary>
    public static async Task<string> ReadRequestAsync(Stream stream, CancellationToken cancellationToken)
    {
        var received = new List<byte>();
        var buffer = new byte[1024];
        while (received.Count < 16 * 1024)
        {
            var read = await stream.ReadAsync(buffer, cancellationToken);
            if (read == 0)
            {
                break;
            }
            received.AddRange(buffer.AsSpan(0, read));
            if (Encoding.ASCII.GetString([.. received]).Contains("\r\n\r\n", StringComparison.Ordinal))
            {
                break;
            }
        }
        return Encoding.ASCII.GetString([.. received]);
    }

    private async Task AcceptAsync(byte[] response)
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception)
            {
                return;
            }
            _ = Task.Run(async () =>
            {
                using (client)
                {
                    try
                    {
                        var stream = client.GetStream();
                        var request = await ReadRequestAsync(stream, _stop.Token);
                        var host = request.Split("\r\n").FirstOrDefault(l => l.StartsWith("Host:", StringComparison.OrdinalIgnoreCase));
                        lock (_hosts)
                        {
                            _hosts.Add(host?[5..].Trim() ?? "");
                        }
                        await stream.WriteAsync(response, _stop.Token);
                    }
                    catch (Exception)
                    {
                        // The client hung up; not this server's test.
                    }
                }
            });
        }
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
        _stop.Dispose();
    }
}
