using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// A small real SMTP server on a loopback socket for the failure cases maildev cannot produce: it speaks
/// enough SMTP (220 greeting, EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) and answers RCPT or the end
/// of DATA with whatever reply the test sets, such as "451 4.3.0 Try again later" or "550 5.1.1 No such user".
/// Every message it accepts is recorded before the 250 reply goes out.
/// </summary>
public sealed class ScriptedSmtpServer : IAsyncDisposable
{
    private const string Ok = "250 2.0.0 OK";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<string> _commands = new();
    private readonly Task _acceptLoop;
    private int _connections;

    public ScriptedSmtpServer(int port = 0)
    {
        _listener = new TcpListener(IPAddress.Loopback, port);
        _listener.Start();
        Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        _acceptLoop = AcceptLoopAsync();
    }

    public string Host { get; } = "127.0.0.1";
    public int Port { get; }

    /// <summary>The reply to RCPT TO; null accepts the recipient.</summary>
    public string? RcptReply { get; set; }

    /// <summary>The reply after the message data; null accepts (and records) the message.</summary>
    public string? DataReply { get; set; }

    /// <summary>Runs when a whole message has arrived, before the server replies to it.</summary>
    public Func<Task>? OnMessageReceived { get; set; }

    /// <summary>How many SMTP connections were opened.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>The raw messages accepted with a 250 (headers and body, dot-stuffing removed).</summary>
    public IReadOnlyList<string> Messages => _messages.ToList();

    /// <summary>Every command line received, in order.</summary>
    public IReadOnlyList<string> Commands => _commands.ToList();

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        try
        {
            await _acceptLoop;
        }
        catch (OperationCanceledException)
        {
        }
        _stop.Dispose();
    }

    private async Task AcceptLoopAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(_stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or SocketException or ObjectDisposedException)
            {
                return;
            }
            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client));
        }
    }

    private async Task ServeAsync(TcpClient client)
    {
        using var _ = client;
        try
        {
            await using var stream = client.GetStream();
            using var reader = new StreamReader(stream, Encoding.Latin1);
            await using var writer = new StreamWriter(stream, Encoding.Latin1) { NewLine = "\r\n", AutoFlush = true };
            await writer.WriteLineAsync("220 scripted.test ESMTP ready");
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                _commands.Enqueue(line);
                var verb = line.Split(' ', 2)[0].ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                    case "HELO":
                        await writer.WriteLineAsync("250 scripted.test");
                        break;
                    case "MAIL":
                    case "RSET":
                    case "NOOP":
                        await writer.WriteLineAsync(Ok);
                        break;
                    case "RCPT":
                        await writer.WriteLineAsync(RcptReply ?? Ok);
                        break;
                    case "DATA":
                        await writer.WriteLineAsync("354 End data with <CR><LF>.<CR><LF>");
                        var message = await ReadDataAsync(reader);
                        if (OnMessageReceived is { } hook)
                        {
                            await hook();
                        }
                        if (DataReply is { } reply)
                        {
                            await writer.WriteLineAsync(reply);
                        }
                        else
                        {
                            _messages.Enqueue(message);
                            await writer.WriteLineAsync(Ok);
                        }
                        break;
                    case "QUIT":
                        await writer.WriteLineAsync("221 2.0.0 Bye");
                        return;
                    default:
                        await writer.WriteLineAsync("502 5.5.2 Command not recognized");
                        break;
                }
            }
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The client hung up or the server is stopping.
        }
    }

    private async Task<string> ReadDataAsync(StreamReader reader)
    {
        var data = new StringBuilder();
        while (await reader.ReadLineAsync(_stop.Token) is { } line && line != ".")
        {
            data.Append(line.StartsWith("..", StringComparison.Ordinal) ? line[1..] : line).Append("\r\n");
        }
        return data.ToString();
    }
}
