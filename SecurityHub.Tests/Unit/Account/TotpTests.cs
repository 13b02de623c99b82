using System.Text;
using SecurityHub.Account.TwoFactor;

namespace SecurityHub.Tests.Unit.Account;

public class TotpTests
{
    // RFC 6238 appendix B, SHA-1 with the 20-byte ASCII key "12345678901234567890", 8 digits.
    [Theory]
    [InlineData(59L, 94287082)]
    [InlineData(1111111109L, 07081804)]
    [InlineData(1111111111L, 14050471)]
    [InlineData(1234567890L, 89005924)]
    [InlineData(2000000000L, 69279037)]
    [InlineData(20000000000L, 65353130)]
    public void Compute_Rfc6238Vectors_Match(long unixTime, int expected)
    {
        var key = Encoding.ASCII.GetBytes("12345678901234567890");
        Assert.Equal(expected, Totp.Compute(key, Totp.StepAt(DateTimeOffset.FromUnixTimeSeconds(unixTime)), digits: 8));
    }

    [Fact]
    public void DecodeBase32_Rfc4648Vectors_Decode()
    {
        Assert.Equal("foobar"u8.ToArray(), Totp.DecodeBase32("MZXW6YTBOI======"));
        Assert.Equal("foobar"u8.ToArray(), Totp.DecodeBase32("mzxw 6ytb oi"));
        Assert.Null(Totp.DecodeBase32("not base32!"));
    }
}
