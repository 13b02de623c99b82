using System.Security.Authentication;
using SecurityHub.Certificates;

namespace SecurityHub.Tests.Unit.Certificates;

public class WeakProtocolTests
{
#pragma warning disable SYSLIB0039, CA5397, CA5398 // The old protocols are named only to be classified as weak.
    [Theory]
    [InlineData(SslProtocols.Tls, true)]
    [InlineData(SslProtocols.Tls11, true)]
    [InlineData(SslProtocols.Tls12, false)]
    [InlineData(SslProtocols.Tls13, false)]
    public void IsWeakProtocol_NegotiatedVersion_WeakBelowTls12(SslProtocols protocol, bool weak)
#pragma warning restore SYSLIB0039, CA5397, CA5398
    {
        Assert.Equal(weak, CertificateChecker.IsWeakProtocol(protocol));
    }
}
