using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using SecurityHub.Certificates;
using SecurityHub.Tests.Infrastructure;

namespace SecurityHub.Tests.Integration.Certificates;

/// <summary>A test CA on disk that the checker trusts through its TrustedRootsFile option, and a checker on a test clock.</summary>
public sealed class CheckerKit : IDisposable
{
    public CheckerKit(bool allowInternalHosts = true, int timeoutSeconds = 5, TimeProvider? clock = null)
    {
        Clock = clock ?? new FakeTimeProvider(AppFactory.DefaultClockStart);
        Now = Clock.GetUtcNow();
        Directory = System.IO.Directory.CreateTempSubdirectory("securityhub-certs-").FullName;
        Authority = TestCertificates.CreateAuthority("SecurityHub Test CA", Now.AddDays(-1000), Now.AddYears(10));
        Options = new CertificatesOptions
        {
            AllowInternalHosts = allowInternalHosts,
            TimeoutSeconds = timeoutSeconds,
            TrustedRootsFile = TestCertificates.WritePem(Directory, "ca.pem", Authority),
        };
        Checker = new CertificateChecker(new FixedOptions(Options), Clock, NullLogger<CertificateChecker>.Instance);
    }

    public TimeProvider Clock { get; }
    public DateTimeOffset Now { get; }
    public string Directory { get; }
    public X509Certificate2 Authority { get; }
    public CertificatesOptions Options { get; }
    public CertificateChecker Checker { get; }

    /// <summary>A leaf for localhost signed by the test CA, valid from ten days ago for the given time.</summary>
    public X509Certificate2 Leaf(TimeSpan validFor, string host = "localhost") =>
        TestCertificates.CreateLeaf([host], Now.AddDays(-10), Now + validFor, Authority);

    public void Dispose()
    {
        Authority.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private sealed class FixedOptions(CertificatesOptions value) : IOptionsMonitor<CertificatesOptions>
    {
        public CertificatesOptions CurrentValue => value;
        public CertificatesOptions Get(string? name) => value;
        public IDisposable? OnChange(Action<CertificatesOptions, string?> listener) => null;
    }
}
