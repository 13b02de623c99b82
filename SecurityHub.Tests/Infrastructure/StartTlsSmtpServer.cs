using System.Diagnostics;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// A real SMTP server with STARTTLS: Debian's python3-aiosmtpd (test.sh installs it), on a loopback port,
/// with a certificate made by the test. It requires STARTTLS before MAIL FROM (aiosmtpd's default), and
/// keeps every message it accepts in a Maildir.
/// </summary>
public sealed class StartTlsSmtpServer : IAsyncDisposable
{
    // Debian's interpreter: the package installs the module for it, not for a pyenv or venv python.
    private const string Python = "/usr/bin/python3";

    private readonly Process _process;
    private readonly string _directory;

    private StartTlsSmtpServer(Process process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public static string Host => "localhost";

    public int Port { get; }

    private string Maildir => Path.Combine(_directory, "maildir");

    public static async Task<StartTlsSmtpServer> StartAsync(X509Certificate2 certificate)
    {
        var directory = Path.Combine(Path.GetTempPath(), "securityhub-tests", "aiosmtpd-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(directory);
        var (cert, key) = TestCertificates.WritePemWithKey(directory, "server", certificate);
        var port = MaildevServer.FreePort();
        var start = new ProcessStartInfo(Python)
        {
            RedirectStandardError = true,
            RedirectStandardOutput = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { "-m", "aiosmtpd", "-n", "-l", $"127.0.0.1:{port}", "--tlscert", cert, "--tlskey", key,
            "-c", "aiosmtpd.handlers.Mailbox", Path.Combine(directory, "maildir") })
        {
            start.ArgumentList.Add(argument);
        }
        if (!File.Exists(Python))
        {
            throw new InvalidOperationException($"{Python} is missing; test.sh installs python3-aiosmtpd with it.");
        }
        var process = Process.Start(start) ?? throw new InvalidOperationException("aiosmtpd did not start.");
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new StartTlsSmtpServer(process, directory, port);
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            if (process.HasExited)
            {
                throw new InvalidOperationException($"aiosmtpd exited with {process.ExitCode} (is python3-aiosmtpd installed? test.sh installs it).");
            }
            try
            {
                using var probe = new TcpClient();
                await probe.ConnectAsync("127.0.0.1", port);
                return server;
            }
            catch (SocketException) when (DateTime.UtcNow < deadline)
            {
                await Task.Delay(100);
            }
        }
    }

    /// <summary>Every message the server accepted, as raw text.</summary>
    public IReadOnlyList<string> Messages()
    {
        var delivered = Path.Combine(Maildir, "new");
        return Directory.Exists(delivered) ? Directory.GetFiles(delivered).Select(File.ReadAllText).ToList() : [];
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
            // Cleaned up by the OS later.
        }
    }
}
