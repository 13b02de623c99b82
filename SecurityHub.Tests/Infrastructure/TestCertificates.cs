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

    /// <summary>A server certificate for the DNS names, signed by the issuer, or self-signed when issuer is null.</summary>
    public static X509Certificate2 CreateLeaf(string[] dnsNames, DateTimeOffset notBefore, DateTimeOffset notAfter, X509Certificate2? issuer = null, int rsaBits = 2048)
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
        if (issuer is null)
        {
            return Reload(request.CreateSelfSigned(notBefore, notAfter));
        }
        // The signature generator overload, because a leaf may outlive its intermediate (a test case).
        using var issuerKey = issuer.GetRSAPrivateKey()!;
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForRSA(issuerKey, RSASignaturePadding.Pkcs1), notBefore, notAfter, NewSerial());
        return Reload(issued.CopyWithPrivateKey(key));
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
