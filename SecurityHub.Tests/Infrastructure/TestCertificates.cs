using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>Certificates made for tests with CertificateRequest: a CA, intermediates and leaves with chosen dates.</summary>
public static class TestCertificates
{
    public static X509Certificate2 CreateAuthority(string name, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer = null)
    {
        using var key = RSA.Create(2048);
        var request = new CertificateRequest($"CN={name}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        if (issuer is null)
        {
            return Reload(request.CreateSelfSigned(notBefore, notAfter));
        }
        using var issued = request.Create(issuer, notBefore, notAfter, NewSerial());
        return Reload(issued.CopyWithPrivateKey(key));
    }

    /// <summary>
    /// A server certificate for the DNS names, signed by the issuer, or self-signed when issuer is null;
    /// <paramref name="sha1"/> signs it with SHA-1 (weak, for the checks that must spot it).
    /// </summary>
    public static X509Certificate2 CreateLeaf(string[] dnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer = null, int rsaBits = 2048, bool sha1 = false)
    {
        using var key = RSA.Create(rsaBits);
        var request = new CertificateRequest($"CN={dnsNames[0]}", key, HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        var san = new SubjectAlternativeNameBuilder();
        foreach (var name in dnsNames)
        {
            san.AddDnsName(name);
        }
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        if (issuer is null && !sha1)
        {
            return Reload(request.CreateSelfSigned(notBefore, notAfter));
        }
        // The signature generator overload, because a leaf may outlive its intermediate (a test case) and
        // CertificateRequest itself refuses SHA-1.
        using var issuerKey = issuer?.GetRSAPrivateKey();
        var signingKey = issuerKey ?? key;
        var generator = sha1 ? new Sha1RsaSignatureGenerator(signingKey) : X509SignatureGenerator.CreateForRSA(signingKey, RSASignaturePadding.Pkcs1);
        using var issued = request.Create(issuer?.SubjectName ?? request.SubjectName, generator, notBefore, notAfter, NewSerial());
        return Reload(issued.CopyWithPrivateKey(key));
    }

    /// <summary>Writes the certificate and its private key as PEM files (for openssl s_server); returns both paths.</summary>
    public static (string Certificate, string Key) WritePemWithKey(string directory, string name, X509Certificate2 certificate)
    {
        var key = Path.Combine(directory, name + "-key.pem");
        using var rsa = certificate.GetRSAPrivateKey()!;
        File.WriteAllText(key, rsa.ExportPkcs8PrivateKeyPem());
        return (WritePem(directory, name + "-cert.pem", certificate), key);
    }

    /// <summary>sha1WithRSAEncryption, which CertificateRequest no longer offers.</summary>
    private sealed class Sha1RsaSignatureGenerator(RSA key) : X509SignatureGenerator
    {
        // AlgorithmIdentifier { 1.2.840.113549.1.1.5, NULL }
        public override byte[] GetSignatureAlgorithmIdentifier(HashAlgorithmName hashAlgorithm) =>
            [0x30, 0x0D, 0x06, 0x09, 0x2A, 0x86, 0x48, 0x86, 0xF7, 0x0D, 0x01, 0x01, 0x05, 0x05, 0x00];

#pragma warning disable CA5350 // Deliberately weak: the checker must recognise a SHA-1 signature.
        public override byte[] SignData(byte[] data, HashAlgorithmName hashAlgorithm) => key.SignData(data, HashAlgorithmName.SHA1, RSASignaturePadding.Pkcs1);
#pragma warning restore CA5350

        protected override PublicKey BuildPublicKey() => CreateForRSA(key, RSASignaturePadding.Pkcs1).PublicKey;
    }

    public static string WritePem(string directory, string name, X509Certificate2 certificate)
    {
        var path = Path.Combine(directory, name);
        File.WriteAllText(path, certificate.ExportCertificatePem());
        return path;
    }

    private static byte[] NewSerial() => RandomNumberGenerator.GetBytes(12);

    // A PKCS#12 round trip gives the key a form SslStream's server side accepts on every platform.
    private static X509Certificate2 Reload(X509Certificate2 certificate)
    {
        using (certificate)
        {
            return X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), null);
        }
    }
}
