using SecurityHub.Email;

namespace SecurityHub.Tests.Unit.Email;

public class EmailSettingsRulesTests
{
    [Theory]
    [InlineData("smtp.example.com")]
    [InlineData("localhost")]
    [InlineData("mail-relay.office.example.co.uk")]
    [InlineData("192.168.1.20")]
    [InlineData("::1")]
    [InlineData("[2001:db8::25]")]
    [InlineData("no-such-host.invalid")]
    public void IsValidHost_HostNameOrAddress_True(string host) => Assert.True(SecurityHub.Web.HostNames.IsValid(host));

    [Theory]
    [InlineData("smtp example.com")]
    [InlineData("smtp://example.com")]
    [InlineData("smtp.example.com:587")]
    [InlineData("smtp_relay.example.com")]
    [InlineData("-smtp.example.com")]
    [InlineData("smtp-.example.com")]
    [InlineData("smtp..example.com")]
    [InlineData("1")]
    [InlineData("300.1.1.1")]
    [InlineData("smtp.example.com\r\nX: y")]
    [InlineData("user@smtp.example.com")]
    public void IsValidHost_NotAHost_False(string host) => Assert.False(SecurityHub.Web.HostNames.IsValid(host));

    [Fact]
    public void Validate_EmptyHostAndFrom_IsValid()
    {
        Assert.Empty(EmailSettingsRules.Validate(new EmailSettingsInput { SmtpHost = "", FromAddress = "", FromName = "" }));
    }

    [Fact]
    public void Validate_TooLongPassword_Error()
    {
        var errors = EmailSettingsRules.Validate(new EmailSettingsInput { Password = new string('x', EmailSettingsRules.MaxPasswordLength + 1) });

        Assert.Equal("Password", Assert.Single(errors).Key);
    }
}
