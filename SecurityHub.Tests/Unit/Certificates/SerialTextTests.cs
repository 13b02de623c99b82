using SecurityHub.Certificates;

namespace SecurityHub.Tests.Unit.Certificates;

/// <summary>A certificate's serial is shown as OpenSSL and browsers show it: without DER's sign byte.</summary>
public sealed class SerialTextTests
{
    [Theory]
    [InlineData("00CCDCAFBE9E29A99516035595F333FEB9A618E1", "CCDCAFBE9E29A99516035595F333FEB9A618E1")] // top bit set: DER adds 00
    [InlineData("4CDCAFBE9E29A99516035595F333FEB9A618E1", "4CDCAFBE9E29A99516035595F333FEB9A618E1")]
    [InlineData("0000FF", "FF")]
    [InlineData("01", "01")]
    [InlineData("00", "00")] // a serial of zero stays a serial
    public void SerialText_DropsLeadingZeroBytesOnly(string der, string shown) =>
        Assert.Equal(shown, CertificateChecker.SerialText(der));
}
