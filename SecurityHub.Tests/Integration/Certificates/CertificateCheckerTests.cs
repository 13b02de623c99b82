using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using SecurityHub.Certificates;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

public class CertificateCheckerTests
{
    [Fact]
    public async Task Check_ValidCertificateFromTrustedCa_IsOkWithEveryDetailRecorded()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90) + TimeSpan.FromHours(1));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.Null(check.TrustProblems);
        Assert.Equal(90, check.DaysLeft);
        Assert.Contains(check.Protocol, new[] { "TLS 1.2", "TLS 1.3" });
        Assert.Equal("CN=localhost", check.Subject);
        Assert.Equal("localhost", check.SubjectAlternativeNames);
        Assert.Equal("CN=SecurityHub Test CA", check.Issuer);
        Assert.Equal(leaf.SerialNumber.TrimStart('0'), check.SerialNumber!.TrimStart('0'));
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), check.NotAfterUtc);
        Assert.Equal(leaf.NotBefore.ToUniversalTime(), check.NotBeforeUtc);
        Assert.Equal("RSA", check.KeyType);
        Assert.Equal(2048, check.KeySize);
        Assert.Equal("sha256RSA", check.SignatureAlgorithm);
        var chain = JsonSerializer.Deserialize<List<ChainCertificate>>(check.ChainJson!)!;
        Assert.Equal(["CN=localhost", "CN=SecurityHub Test CA"], chain.Select(c => c.Subject));
        Assert.Contains("Nothing to do", CertificateAdvice.WhatToDo(check.Status, check.TrustProblems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CertificateExpiringInFiveDays_IsExpiringAndSaysRenew()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(5) + TimeSpan.FromHours(1));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Expiring, check.Status);
        Assert.Equal(5, check.DaysLeft);
        Assert.Contains("expires in 5 days", check.Message, StringComparison.Ordinal);
        Assert.Contains("auto-renew", CertificateAdvice.WhatToDo(check.Status, check.TrustProblems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ExpiredCertificate_IsExpired()
    {
        using var kit = new CheckerKit();
        using var leaf = TestCertificates.CreateLeaf(["localhost"], kit.Now.AddDays(-100), kit.Now.AddDays(-2), kit.Authority);
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Expired, check.Status);
        Assert.Equal(-2, check.DaysLeft);
        Assert.Contains("expired on", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_CertificateForAnotherHost_IsInvalidWithMismatch()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90), host: "shop.example.com");
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Invalid, check.Status);
        Assert.Contains("Host-name mismatch: the certificate is for shop.example.com, not localhost.", check.TrustProblems, StringComparison.Ordinal);
        Assert.Contains("names this host", CertificateAdvice.WhatToDo(check.Status, check.TrustProblems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_SelfSignedCertificate_IsInvalidAndSaysSelfSigned()
    {
        using var kit = new CheckerKit();
        using var leaf = TestCertificates.CreateLeaf(["localhost"], kit.Now.AddDays(-1), kit.Now.AddDays(300));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Invalid, check.Status);
        Assert.StartsWith("Self-signed", check.Message, StringComparison.Ordinal);
        Assert.Contains("trusted authority", CertificateAdvice.WhatToDo(check.Status, check.TrustProblems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_IntermediateExpiringBeforeLeaf_CountsDaysToTheIntermediate()
    {
        using var kit = new CheckerKit();
        using var intermediate = TestCertificates.CreateAuthority("SecurityHub Test Intermediate", kit.Now.AddDays(-20), kit.Now.AddDays(10).AddHours(1), kit.Authority);
        using var leaf = TestCertificates.CreateLeaf(["localhost"], kit.Now.AddDays(-1), kit.Now.AddDays(200), intermediate);
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf, intermediate);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Expiring, check.Status);
        Assert.Equal(10, check.DaysLeft);
        Assert.Equal(leaf.NotAfter.ToUniversalTime(), check.NotAfterUtc);
        Assert.Contains("Intermediate expires first: CN=SecurityHub Test Intermediate", check.TrustProblems, StringComparison.Ordinal);
        var chain = JsonSerializer.Deserialize<List<ChainCertificate>>(check.ChainJson!)!;
        Assert.Equal(3, chain.Count);
        Assert.Equal(intermediate.NotAfter.ToUniversalTime(), chain[1].NotAfterUtc);
    }

    [Fact]
    public async Task Check_SmtpWithStartTls_ReadsTheCertificateAfterStartTls()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(60));
        await using var server = new TlsTestServer(TlsServerMode.SmtpStartTls, leaf);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port, StartTlsMode.Smtp));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.Equal(leaf.SerialNumber.TrimStart('0'), check.SerialNumber!.TrimStart('0'));
    }

    [Fact]
    public async Task Check_ServerThatAcceptsAndNeverAnswers_IsUnreachableAfterTheTimeout()
    {
        using var kit = new CheckerKit(timeoutSeconds: 1);
        await using var server = new TlsTestServer(TlsServerMode.Silent);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Unreachable, check.Status);
        Assert.Equal($"localhost:{server.Port} did not answer within 1 seconds. The server may be down, or a firewall may be dropping the connection.", check.Message);
    }

    [Fact]
    public async Task Check_ClosedPort_IsUnreachableAndSaysRefused()
    {
        using var kit = new CheckerKit();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();

        var check = await kit.Checker.CheckAsync(new CheckTarget("127.0.0.1", port));

        Assert.Equal(CertificateStatus.Unreachable, check.Status);
        Assert.Contains("refused the connection: nothing is listening on port", check.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ServerSendingGarbage_IsUnreachableAndSaysNotTls()
    {
        using var kit = new CheckerKit();
        await using var server = new TlsTestServer(TlsServerMode.Garbage);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Unreachable, check.Status);
        Assert.Matches("not with a TLS handshake|closed the connection during the TLS handshake", check.Message);
    }

    [Fact]
    public async Task Check_UnknownName_IsUnreachableAndSaysDns()
    {
        using var kit = new CheckerKit();

        var check = await kit.Checker.CheckAsync(new CheckTarget("no-such-host.invalid", 443));

        Assert.Equal(CertificateStatus.Unreachable, check.Status);
        Assert.Contains("could not be found in DNS", check.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1", "loopback")]
    [InlineData("localhost", "loopback")]
    [InlineData("10.1.2.3", "private")]
    [InlineData("169.254.169.254", "cloud metadata")]
    [InlineData("::1", "loopback")]
    [InlineData("[::1]", "loopback")]
    public async Task Check_InternalAddressWhileNotAllowed_IsRefusedWithoutConnecting(string host, string kind)
    {
        using var kit = new CheckerKit(allowInternalHosts: false);
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        await using var server = new TlsTestServer(TlsServerMode.Tls, leaf);

        var check = await kit.Checker.CheckAsync(new CheckTarget(host, server.Port));

        Assert.Equal(CertificateStatus.Unreachable, check.Status);
        Assert.StartsWith("Not checked: ", check.Message, StringComparison.Ordinal);
        Assert.Contains($"a {kind} address. Checks of internal servers are turned off", check.Message, StringComparison.Ordinal);
        Assert.Equal(0, server.Connections);
        Assert.Null(check.Thumbprint);
    }

    [Theory]
    [InlineData("::1%1")]
    [InlineData("[::1%1]")]
    [InlineData("::%1")]
    [InlineData("::1%lo")]
    [InlineData("[::1%lo]")]
    [InlineData("::ffff:127.0.0.1")]
    [InlineData("[::ffff:127.0.0.1%1]")]
    [InlineData("::127.0.0.1")]
    [InlineData("64:ff9b::7f00:1")]
    [InlineData("0.0.0.0")]
    [InlineData("::")]
    public async Task Check_LoopbackInDisguiseWhileNotAllowed_IsRefusedWithoutConnectingAndOpenPortLooksLikeClosed(string host)
    {
        using var kit = new CheckerKit(allowInternalHosts: false);
        // Loopback listeners on both families, on the same port: whatever the disguise reaches, it is counted.
        var v6 = new TcpListener(IPAddress.IPv6Loopback, 0);
        v6.Start();
        var port = ((IPEndPoint)v6.LocalEndpoint).Port;
        var v4 = new TcpListener(IPAddress.Loopback, port);
        v4.Start();
        var closed = new TcpListener(IPAddress.Loopback, 0);
        closed.Start();
        var closedPort = ((IPEndPoint)closed.LocalEndpoint).Port;
        closed.Stop();
        try
        {
            var open = await kit.Checker.CheckAsync(new CheckTarget(host, port));
            var shut = await kit.Checker.CheckAsync(new CheckTarget(host, closedPort));

            Assert.Equal(CertificateStatus.Unreachable, open.Status);
            Assert.StartsWith("Not checked: ", open.Message, StringComparison.Ordinal);
            Assert.Contains("Checks of internal servers are turned off", open.Message, StringComparison.Ordinal);
            Assert.Equal(open.Message, shut.Message);
            Assert.False(v6.Pending(), "the IPv6 loopback listener was connected to");
            Assert.False(v4.Pending(), "the IPv4 loopback listener was connected to");
        }
        finally
        {
            v6.Stop();
            v4.Stop();
        }
    }
}
