using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Certificates;

/// <summary>
/// Certificate settings an Owner changes in the app (one row). "Allow internal hosts" here is ORed with
/// the configuration value of the same name, so either one turns internal checks on.
/// </summary>
public class CertificateSettings
{
    public const int SingletonId = 1;

    public int Id { get; set; } = SingletonId;
    public bool AllowInternalHosts { get; set; }
    public DateTime UpdatedUtc { get; set; }

    /// <summary>Email of the Owner who last changed the settings (the audit log keeps the history).</summary>
    public string? UpdatedBy { get; set; }
}

public class CertificateSettingsConfiguration : IEntityTypeConfiguration<CertificateSettings>
{
    public void Configure(EntityTypeBuilder<CertificateSettings> builder)
    {
        builder.Property(s => s.Id).ValueGeneratedNever();
        builder.Property(s => s.UpdatedBy).HasMaxLength(256);
    }
}
