using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>One address of a received email, as maildev parsed it.</summary>
public sealed record MailParty(string Address, string Name);

/// <summary>An email that maildev received, parsed by maildev (mailparser).</summary>
public sealed record ReceivedEmail(
    string Id, string Subject, string? Text, string? Html, IReadOnlyList<MailParty> From, IReadOnlyList<MailParty> To,
    IReadOnlyList<string> EnvelopeRecipients, IReadOnlyDictionary<string, string> Headers);

/// <summary>
/// A real SMTP server for tests: maildev 2.2.1 from npm (SecurityHub.Tests/Infrastructure/smtp), started as a
/// node process on free loopback ports, read back through its REST API, and killed with its process tree on
/// dispose. Use as a class fixture, or <see cref="StartAsync"/> for a server on a chosen port.
/// </summary>
public sealed class MaildevServer : IAsyncLifetime, IAsyncDisposable
{
    private readonly string _mailDirectory = Path.Combine(Path.GetTempPath(), "securityhub-maildev", Guid.NewGuid().ToString("N"));
    private readonly StringBuilder _output = new();
    private readonly string? _incomingUser;
    private readonly string? _incomingPassword;
    private Process? _process;
    private HttpClient? _http;

    public MaildevServer()
        : this(FreePort())
    {
    }

    private MaildevServer(int smtpPort, string? incomingUser = null, string? incomingPassword = null)
    {
        SmtpPort = smtpPort;
        WebPort = FreePort();
        _incomingUser = incomingUser;
        _incomingPassword = incomingPassword;
    }

    public int SmtpPort { get; }
    public int WebPort { get; }
    public string Host { get; } = "127.0.0.1";

    /// <summary>Starts a server; with <paramref name="smtpPort"/> on that port, with a user it requires SMTP AUTH.</summary>
    public static async Task<MaildevServer> StartAsync(int? smtpPort = null, string? incomingUser = null, string? incomingPassword = null)
    {
        var server = new MaildevServer(smtpPort ?? FreePort(), incomingUser, incomingPassword);
        try
        {
            await server.InitializeAsync();
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async Task InitializeAsync()
    {
        var script = Path.Combine(RepositoryRoot(), "SecurityHub.Tests", "Infrastructure", "smtp", "node_modules", "maildev", "bin", "maildev");
        if (!File.Exists(script))
        {
            throw new InvalidOperationException(
                $"maildev is not installed ({script} is missing). Run ./test.sh, which runs `npm ci` in SecurityHub.Tests/Infrastructure/smtp, " +
                "or run `npm ci --prefix SecurityHub.Tests/Infrastructure/smtp` yourself.");
        }
        Directory.CreateDirectory(_mailDirectory);
        var start = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { script, "--smtp", $"{SmtpPort}", "--web", $"{WebPort}", "--ip", Host, "--mail-directory", _mailDirectory })
        {
            start.ArgumentList.Add(argument);
        }
        if (_incomingUser is not null)
        {
            start.ArgumentList.Add("--incoming-user");
            start.ArgumentList.Add(_incomingUser);
            start.ArgumentList.Add("--incoming-pass");
            start.ArgumentList.Add(_incomingPassword ?? "");
        }
        _process = Process.Start(start) ?? throw new InvalidOperationException("node did not start.");
        _process.OutputDataReceived += (_, e) => Append(e.Data);
        _process.ErrorDataReceived += (_, e) => Append(e.Data);
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (!await AcceptsAsync(SmtpPort) || !await AcceptsAsync(WebPort))
        {
            if (_process.HasExited || DateTime.UtcNow > deadline)
            {
                throw new InvalidOperationException($"maildev did not start on ports {SmtpPort}/{WebPort}. Output: {Output}");
            }
            await Task.Delay(100);
        }
        _http = new HttpClient { BaseAddress = new Uri($"http://{Host}:{WebPort}/") };
    }

    /// <summary>What maildev printed, for failure messages.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Every email received so far (REST API GET /email).</summary>
    public async Task<IReadOnlyList<ReceivedEmail>> GetEmailsAsync()
    {
        using var document = JsonDocument.Parse(await Http.GetStringAsync("email"));
        return document.RootElement.EnumerateArray().Select(Parse).ToList();
    }

    /// <summary>The raw message as it arrived over SMTP (GET /email/:id/source).</summary>
    public Task<string> GetSourceAsync(string id) => Http.GetStringAsync($"email/{Uri.EscapeDataString(id)}/source");

    /// <summary>
    /// Waits for an email to a recipient. The SMTP server has already accepted it when the relay returns;
    /// maildev stores it a moment later, so this polls (bounded) instead of asserting on timing.
    /// </summary>
    public async Task<ReceivedEmail> WaitForEmailToAsync(string recipient)
    {
        var deadline = DateTime.UtcNow.AddSeconds(15);
        while (true)
        {
            var match = (await GetEmailsAsync()).FirstOrDefault(e => e.EnvelopeRecipients.Contains(recipient, StringComparer.OrdinalIgnoreCase));
            if (match is not null)
            {
                return match;
            }
            if (DateTime.UtcNow > deadline)
            {
                throw new Xunit.Sdk.XunitException($"No email to {recipient} reached maildev. Output: {Output}");
            }
            await Task.Delay(100);
        }
    }

    public async Task DisposeAsync()
    {
        _http?.Dispose();
        if (_process is { } process)
        {
            try
            {
                if (!process.HasExited)
                {
                    process.Kill(entireProcessTree: true);
                    await process.WaitForExitAsync();
                }
            }
            catch (InvalidOperationException)
            {
                // Already gone.
            }
            process.Dispose();
        }
        try
        {
            Directory.Delete(_mailDirectory, recursive: true);
        }
        catch (IOException)
        {
        }
        catch (UnauthorizedAccessException)
        {
        }
    }

    async ValueTask IAsyncDisposable.DisposeAsync() => await DisposeAsync();

    /// <summary>A loopback port that was free a moment ago.</summary>
    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The folder holding SecurityHub.sln, found by walking up from the test binaries.</summary>
    public static string RepositoryRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "SecurityHub.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"SecurityHub.sln was not found above {AppContext.BaseDirectory}.");
    }

    private HttpClient Http => _http ?? throw new InvalidOperationException("maildev has not started.");

    private void Append(string? line)
    {
        if (line is null)
        {
            return;
        }
        lock (_output)
        {
            _output.AppendLine(line);
        }
    }

    private static async Task<bool> AcceptsAsync(int port)
    {
        using var client = new TcpClient();
        try
        {
            await client.ConnectAsync(IPAddress.Loopback, port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static ReceivedEmail Parse(JsonElement e)
    {
        static IReadOnlyList<MailParty> Parties(JsonElement parent, string name) =>
            parent.TryGetProperty(name, out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(p => new MailParty(Str(p, "address") ?? "", Str(p, "name") ?? "")).ToList()
                : [];

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (e.TryGetProperty("headers", out var h) && h.ValueKind == JsonValueKind.Object)
        {
            foreach (var header in h.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind == JsonValueKind.String ? header.Value.GetString()! : header.Value.GetRawText();
            }
        }
        var envelope = e.TryGetProperty("envelope", out var env) ? Parties(env, "to").Select(p => p.Address).ToList() : [];
        return new ReceivedEmail(Str(e, "id")!, Str(e, "subject") ?? "", Str(e, "text"), Str(e, "html"),
            Parties(e, "from"), Parties(e, "to"), envelope, headers);
    }

    private static string? Str(JsonElement e, string name) =>
        e.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
