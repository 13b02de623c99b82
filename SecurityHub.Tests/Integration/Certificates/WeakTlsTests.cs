using SecurityHub.Certificates;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

/// <summary>
/// "Weak" with real handshakes: certificates made with CertificateRequest, served by openssl s_server at
/// security level 0, because this system's OpenSSL stops .NET's own server from presenting them.
/// </summary>
public class WeakTlsTests
{
    [Fact]
    public async Task Check_Rsa1024Certificate_IsInvalidAndSaysWeakKey()
    {
        using var kit = new CheckerKit();
        using var leaf = TestCertificates.CreateLeaf(["localhost"], kit.Now.AddDays(-1), kit.Now.AddDays(90), kit.Authority, rsaBits: 1024);
        var (certificate, key) = TestCertificates.WritePemWithKey(kit.Directory, "rsa1024", leaf);
        await using var server = await OpenSslServer.StartAsync(certificate, key);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Invalid, check.Status);
        Assert.Equal(1024, check.KeySize);
        Assert.Equal("Weak key: RSA 1024 bits; 2048 or more is required.", check.TrustProblems);
        Assert.Equal(check.TrustProblems, check.Message);
        Assert.Contains("RSA key of 2048 bits or more", CertificateAdvice.WhatToDo(check.Status, check.TrustProblems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_Sha1SignedCertificate_IsInvalidAndSaysWeakSignature()
    {
        using var kit = new CheckerKit();
        using var leaf = TestCertificates.CreateLeaf(["localhost"], kit.Now.AddDays(-1), kit.Now.AddDays(90), kit.Authority, sha1: true);
        var (certificate, key) = TestCertificates.WritePemWithKey(kit.Directory, "sha1", leaf);
        await using var server = await OpenSslServer.StartAsync(certificate, key);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Invalid, check.Status);
        Assert.Equal("sha1RSA", check.SignatureAlgorithm);
        Assert.Contains("Weak signature: CN=localhost is signed with SHA-1.", check.TrustProblems, StringComparison.Ordinal);
        Assert.Contains("SHA-256 signature", CertificateAdvice.WhatToDo(check.Status, check.TrustProblems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-tls1", "TLS 1.0")]
    [InlineData("-tls1_1", "TLS 1.1")]
    public async Task Check_ServerOnlySpeakingOldTls_IsInvalidAndSaysWeakProtocol(string flag, string protocol)
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        var (certificate, key) = TestCertificates.WritePemWithKey(kit.Directory, "old-tls", leaf);
        await using var server = await OpenSslServer.StartAsync(certificate, key, flag);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Invalid, check.Status);
        Assert.Equal(protocol, check.Protocol);
        Assert.Equal($"Weak protocol: the server uses {protocol}; TLS 1.2 or newer is required.", check.TrustProblems);
        Assert.Equal(leaf.SerialNumber.TrimStart('0'), check.SerialNumber!.TrimStart('0'));
        Assert.Contains("Turn off TLS 1.0 and 1.1", CertificateAdvice.WhatToDo(check.Status, check.TrustProblems), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_ModernServerAtSecurityLevel0_IsOkWithTls12OrNewer()
    {
        using var kit = new CheckerKit();
        using var leaf = kit.Leaf(TimeSpan.FromDays(90));
        var (certificate, key) = TestCertificates.WritePemWithKey(kit.Directory, "modern", leaf);
        await using var server = await OpenSslServer.StartAsync(certificate, key);

        var check = await kit.Checker.CheckAsync(new CheckTarget("localhost", server.Port));

        Assert.Equal(CertificateStatus.Ok, check.Status);
        Assert.Contains(check.Protocol, new[] { "TLS 1.2", "TLS 1.3" });
    }
}
