using Microsoft.Extensions.Options;
using SecurityHub.Data;
using SecurityHub.Email;

namespace SecurityHub.Tests.Unit.Email;

public class MailComposerTests
{
    private static readonly MailComposer Composer = new(Options.Create(new SecurityHubOptions()));

    [Fact]
    public void Compose_Message_TextBodyWithHtmlAlternative()
    {
        using var mail = Composer.Compose(Message(), new EmailSettings { FromAddress = "alerts@bakery.example", FromName = "Bakery" });

        Assert.Equal("Plain text", mail.Body);
        Assert.False(mail.IsBodyHtml);
        var html = Assert.Single(mail.AlternateViews);
        Assert.Equal("text/html", html.ContentType.MediaType);
        Assert.Equal("alerts@bakery.example", mail.From!.Address);
        Assert.Equal("Bakery", mail.From.DisplayName);
        Assert.Equal("robin@bakery.example", Assert.Single(mail.To).Address);
    }

    [Fact]
    public void Compose_CrLfInSubjectAndNames_EveryHeaderValueIsOneLine()
    {
        var message = Message();
        message.Subject = "Hello\r\nBcc: evil@attacker.example";
        message.ToName = "Robin\nX-Injected: 1";

        using var mail = Composer.Compose(message, new EmailSettings { FromAddress = "alerts@bakery.example", FromName = "Bakery\rX-Injected: 2" });

        Assert.Equal("Hello  Bcc: evil@attacker.example", mail.Subject);
        Assert.Equal("Robin X-Injected: 1", mail.To[0].DisplayName);
        Assert.Equal("Bakery X-Injected: 2", mail.From!.DisplayName);
        Assert.Empty(mail.Bcc);
        Assert.Single(mail.To);
    }

    [Fact]
    public void Compose_InvalidRecipient_Throws()
    {
        var message = Message();
        message.ToAddress = "robin@bakery.example\r\nBcc: evil@attacker.example";

        Assert.Throws<ArgumentException>(() => Composer.Compose(message, new EmailSettings()));
    }

    [Theory]
    [InlineData(null, "web01", "noreply@web01.localdomain")]
    [InlineData(null, "mail.bakery.example", "noreply@mail.bakery.example")]
    [InlineData("https://security.bakery.example/", "web01", "noreply@security.bakery.example")]
    [InlineData("https://10.0.0.5/", "WEB_01", "noreply@web01.localdomain")]
    [InlineData(null, "", "noreply@localhost.localdomain")]
    public void DefaultFromAddress_NoFromSet_ValidAddress(string? publicBaseUrl, string machine, string expected)
    {
        var address = MailComposer.DefaultFromAddress(publicBaseUrl, machine);

        Assert.Equal(expected, address);
        Assert.True(EmailAddresses.IsValid(address));
    }

    [Fact]
    public void Compose_NoFromAddress_UsesValidDefault()
    {
        using var mail = Composer.Compose(Message(), new EmailSettings { FromAddress = "" });

        Assert.True(EmailAddresses.IsValid(mail.From!.Address));
        Assert.StartsWith("noreply@", mail.From.Address, StringComparison.Ordinal);
    }

    private static OutboxMessage Message() => new()
    {
        Id = 7,
        ToAddress = "robin@bakery.example",
        ToName = "Robin",
        Subject = "Hello",
        TextBody = "Plain text",
        HtmlBody = "<p>HTML</p>",
        CreatedUtc = new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc),
    };
}
