using System.Diagnostics;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// openssl s_server on a loopback port at security level 0, for what .NET's own server refuses to serve
/// on this system (RSA keys under 2048 bits, SHA-1 certificates, TLS 1.0 and 1.1).
/// </summary>
public sealed class OpenSslServer : IAsyncDisposable
{
    private readonly Process _process;

    private OpenSslServer(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    public static async Task<OpenSslServer> StartAsync(string certificatePem, string keyPem, params string[] extra)
    {
        var port = HttpTestServer.FreePort();
        var process = Process.Start(new ProcessStartInfo("openssl",
            ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", certificatePem, "-key", keyPem, "-quiet", "-cipher", "DEFAULT@SECLEVEL=0", .. extra])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        var server = new OpenSslServer(process, port);
        // Polls the socket table, so no probe connection is spent.
        for (var i = 0; i < 200; i++)
        {
            if (process.HasExited)
            {
                Assert.Fail("openssl s_server exited: " + await process.StandardError.ReadToEndAsync());
            }
            if (System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(e => e.Port == port))
            {
                return server;
            }
            await Task.Delay(50);
        }
        await server.DisposeAsync();
        Assert.Fail($"openssl s_server did not listen on port {port}");
        return server;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
            await _process.WaitForExitAsync();
        }
        _process.Dispose();
    }
}
