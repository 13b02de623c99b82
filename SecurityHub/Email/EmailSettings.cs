using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Email;

/// <summary>How the connection to the SMTP server is protected. Stored as a number: keep the values.</summary>
public enum SmtpSecurity
{
    /// <summary>Plain connection upgraded with STARTTLS; a server that does not offer it is refused (port 587).</summary>
    StartTls = 0,

    /// <summary>TLS from the first byte (port 465).</summary>
    ImplicitTls = 1,

    /// <summary>No encryption, for a relay on this machine or a trusted local network.</summary>
    None = 2,
}

/// <summary>
/// SMTP settings an Owner edits in the app. With no host set, mail goes to the pickup folder.
/// The password is kept encrypted with Data Protection.
/// </summary>
public class EmailSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public string? SmtpHost { get; set; }
    public int SmtpPort { get; set; } = 587;
    public SmtpSecurity Security { get; set; } = SmtpSecurity.StartTls;
    public string? Username { get; set; }
    public string? ProtectedPassword { get; set; }
    public string FromAddress { get; set; } = "";
    public string FromName { get; set; } = "SecurityHub";
    public DateTime UpdatedUtc { get; set; }
}

public class EmailSettingsConfiguration : IEntityTypeConfiguration<EmailSettings>
{
    public void Configure(EntityTypeBuilder<EmailSettings> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.SmtpHost).HasMaxLength(253);
        builder.Property(s => s.Username).HasMaxLength(256);
        builder.Property(s => s.ProtectedPassword).HasMaxLength(2000);
        builder.Property(s => s.FromAddress).HasMaxLength(256);
        builder.Property(s => s.FromName).HasMaxLength(100);
    }
}
