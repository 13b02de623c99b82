using SecurityHub.Certificates;

namespace SecurityHub.Tests.Unit.Certificates;

public class CertificateAdviceTests
{
    [Theory]
    [InlineData(30, "expires in 30 days")]
    [InlineData(2, "expires in 2 days")]
    public void Expiry_DaysAhead_SaysWhenItExpires(int daysLeft, string expected) =>
        Assert.Equal(expected, CertificateAdvice.Expiry(daysLeft));

    [Fact]
    public void Expiry_OneDayAhead_IsSingular() => Assert.Equal("expires in 1 day", CertificateAdvice.Expiry(1));

    [Fact]
    public void Expiry_NoWholeDayLeft_ExpiresToday() => Assert.Equal("expires today", CertificateAdvice.Expiry(0));

    [Theory]
    [InlineData(-4, "expired 4 days ago")]
    [InlineData(-6, "expired 6 days ago")]
    [InlineData(-400, "expired 400 days ago")]
    public void Expiry_Past_SaysHowLongAgoNeverANegativeCount(int daysLeft, string expected)
    {
        var words = CertificateAdvice.Expiry(daysLeft);

        Assert.Equal(expected, words);
        Assert.DoesNotContain("-", words, StringComparison.Ordinal);
    }

    [Fact]
    public void Expiry_OneDayPast_IsSingular() => Assert.Equal("expired 1 day ago", CertificateAdvice.Expiry(-1));
}
