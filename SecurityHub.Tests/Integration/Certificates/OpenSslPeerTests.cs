using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using SecurityHub.Certificates;

namespace SecurityHub.Tests.Integration.Certificates;

/// <summary>A second, independent TLS peer: openssl s_server with a certificate openssl made.</summary>
public class OpenSslPeerTests
{
    [Fact]
    public async Task Check_OpenSslServer_RecordsTheDatesOpenSslReports()
    {
        using var kit = new CheckerKit(clock: TimeProvider.System);
        var cert = Path.Combine(kit.Directory, "openssl-cert.pem");
        var key = Path.Combine(kit.Directory, "openssl-key.pem");
        await RunAsync("req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "45",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost");
        var dates = await RunAsync("x509", "-in", cert, "-noout", "-dates", "-serial");

        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo("openssl", ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", cert, "-key", key, "-quiet", "-naccept", "1"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await WaitForPortAsync(port, server);

            var check = await kit.Checker.CheckAsync(new CheckTarget("127.0.0.1", port));

            Assert.Equal(ParseDate(dates, "notBefore="), check.NotBeforeUtc);
            Assert.Equal(ParseDate(dates, "notAfter="), check.NotAfterUtc);
            Assert.Equal(Line(dates, "serial="), check.SerialNumber, ignoreCase: true);
            Assert.Equal("CN=localhost", check.Subject);
            Assert.Equal(CertificateStatus.Invalid, check.Status);
            Assert.Contains("Self-signed", check.TrustProblems, StringComparison.Ordinal);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }
        }
    }

    [Fact]
    public async Task Check_OpenSslServerWithRsa1024AndSha1_IsInvalidAndSaysWeak()
    {
        using var kit = new CheckerKit(clock: TimeProvider.System);
        var cert = Path.Combine(kit.Directory, "weak-cert.pem");
        var key = Path.Combine(kit.Directory, "weak-key.pem");
        await RunAsync("req", "-x509", "-newkey", "rsa:1024", "-sha1", "-nodes", "-keyout", key, "-out", cert, "-days", "45",
            "-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost");
        var port = FreePort();
        using var server = Process.Start(new ProcessStartInfo("openssl", ["s_server", "-accept", $"127.0.0.1:{port}", "-cert", cert, "-key", key, "-quiet", "-naccept", "1",
            "-cipher", "DEFAULT@SECLEVEL=0", "-ciphersuites", "TLS_AES_128_GCM_SHA256"])
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        })!;
        try
        {
            await WaitForPortAsync(port, server);

            var check = await kit.Checker.CheckAsync(new CheckTarget("127.0.0.1", port));

            Assert.Equal(CertificateStatus.Invalid, check.Status);
            Assert.Contains("Weak key: RSA 1024 bits; 2048 or more is required.", check.TrustProblems, StringComparison.Ordinal);
            Assert.Contains("Weak signature: CN=localhost is signed with SHA-1.", check.TrustProblems, StringComparison.Ordinal);
        }
        finally
        {
            if (!server.HasExited)
            {
                server.Kill();
            }
        }
    }

    private static string Line(string output, string prefix) =>
        output.Split('\n').Select(l => l.Trim()).First(l => l.StartsWith(prefix, StringComparison.Ordinal))[prefix.Length..];

    // openssl prints e.g. "notAfter=Jan  6 09:00:00 2027 GMT".
    private static DateTime ParseDate(string output, string prefix)
    {
        var text = string.Join(' ', Line(output, prefix).Split(' ', StringSplitOptions.RemoveEmptyEntries));
        return DateTime.ParseExact(text, "MMM d HH:mm:ss yyyy 'GMT'", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal);
    }

    private static async Task<string> RunAsync(params string[] arguments)
    {
        using var process = Process.Start(new ProcessStartInfo("openssl", arguments) { RedirectStandardOutput = true, RedirectStandardError = true })!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        Assert.True(process.ExitCode == 0, $"openssl {string.Join(' ', arguments)} failed: {await error}");
        return await output;
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    // Polls until s_server listens. The probe would use up "-naccept 1", so it only looks at the socket table.
    private static async Task WaitForPortAsync(int port, Process server)
    {
        for (var i = 0; i < 200; i++)
        {
            if (server.HasExited)
            {
                Assert.Fail("openssl s_server exited: " + await server.StandardError.ReadToEndAsync());
            }
            if (System.Net.NetworkInformation.IPGlobalProperties.GetIPGlobalProperties().GetActiveTcpListeners().Any(e => e.Port == port))
            {
                return;
            }
            await Task.Delay(50);
        }
        Assert.Fail($"openssl s_server did not listen on port {port}");
    }
}
