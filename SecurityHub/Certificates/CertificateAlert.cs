using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Certificates;

/// <summary>
/// An alert already sent: one row per endpoint, certificate (thumbprint) and threshold, so each alert
/// goes out once and a restart does not send it again. Threshold 0 is "expired".
/// </summary>
public class CertificateAlert
{
    public long Id { get; set; }
    public int EndpointId { get; set; }
    public string Thumbprint { get; set; } = "";
    public int ThresholdDays { get; set; }
    public DateTime SentUtc { get; set; }
}

public class CertificateAlertConfiguration : IEntityTypeConfiguration<CertificateAlert>
{
    public void Configure(EntityTypeBuilder<CertificateAlert> builder)
    {
        builder.Property(a => a.Thumbprint).HasMaxLength(128);
        builder.HasOne<CertificateEndpoint>().WithMany().HasForeignKey(a => a.EndpointId).OnDelete(DeleteBehavior.Cascade);
        builder.HasIndex(a => new { a.EndpointId, a.Thumbprint, a.ThresholdDays }).IsUnique();
    }
}
