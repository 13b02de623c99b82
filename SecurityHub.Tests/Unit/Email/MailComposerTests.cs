using Microsoft.Extensions.Options;
using MimeKit;
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

        var alternative = Assert.IsType<MultipartAlternative>(mail.Body);
        Assert.Equal(["text/plain", "text/html"], alternative.Select(p => p.ContentType.MimeType));
        Assert.Equal("Plain text", mail.TextBody);
        Assert.Equal("<p>HTML</p>", mail.HtmlBody);
        var from = Assert.Single(mail.From.Mailboxes);
        Assert.Equal("alerts@bakery.example", from.Address);
        Assert.Equal("Bakery", from.Name);
        Assert.Equal("robin@bakery.example", Assert.Single(mail.To.Mailboxes).Address);
        Assert.Equal("outbox-7." + new DateTime(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc).Ticks + "@bakery.example", mail.MessageId);
        Assert.Equal("auto-generated", mail.Headers["Auto-Submitted"]);
    }

    [Fact]
    public void Compose_CrLfInSubjectAndNames_EveryHeaderValueIsOneLine()
    {
        var message = Message();
        message.Subject = "Hello\r\nBcc: evil@attacker.example";
        message.ToName = "Robin\nX-Injected: 1";

        using var mail = Composer.Compose(message, new EmailSettings { FromAddress = "alerts@bakery.example", FromName = "Bakery\rX-Injected: 2" });

        Assert.Equal("Hello  Bcc: evil@attacker.example", mail.Subject);
        Assert.Equal("Robin X-Injected: 1", mail.To.Mailboxes.Single().Name);
        Assert.Equal("Bakery X-Injected: 2", mail.From.Mailboxes.Single().Name);
        Assert.Empty(mail.Bcc);
        Assert.Single(mail.To);

        // Written out, no header line starts with the injected names.
        using var stream = new MemoryStream();
        mail.WriteTo(stream);
        var raw = System.Text.Encoding.UTF8.GetString(stream.ToArray()).Replace("\r\n", "\n", StringComparison.Ordinal);
        var headerBlock = raw[..raw.IndexOf("\n\n", StringComparison.Ordinal)];
        Assert.DoesNotContain("\nBcc:", headerBlock, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("\nX-Injected:", headerBlock, StringComparison.OrdinalIgnoreCase);
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

        var from = mail.From.Mailboxes.Single();
        Assert.True(EmailAddresses.IsValid(from.Address));
        Assert.StartsWith("noreply@", from.Address, StringComparison.Ordinal);
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
