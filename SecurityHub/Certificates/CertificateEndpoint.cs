using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Certificates;

/// <summary>How the checker starts TLS: directly, or after an SMTP STARTTLS exchange (ports 25 and 587).</summary>
public enum StartTlsMode
{
    None = 0,
    Smtp = 1,
}

/// <summary>What the latest check found, from best to worst for sorting.</summary>
public enum CertificateStatus
{
    Ok = 0,
    Expiring = 1,
    Expired = 2,
    Invalid = 3,
    Unreachable = 4,
}

/// <summary>A host and port whose TLS certificate is watched.</summary>
public class CertificateEndpoint
{
    public int Id { get; set; }
    public string Host { get; set; } = "";
    public int Port { get; set; } = 443;
    public StartTlsMode StartTls { get; set; }
    public string Label { get; set; } = "";
    public bool Enabled { get; set; } = true;

    /// <summary>The inventory system this endpoint serves, if linked.</summary>
    public int? InventorySystemId { get; set; }
    public Inventory.InventorySystem? InventorySystem { get; set; }

    /// <summary>True when added from the business profile's website domains.</summary>
    public bool FromWebsite { get; set; }
    public DateTime CreatedUtc { get; set; }

    // The latest check, kept here so the grid sorts and filters without reading the history.
    public DateTime? LastCheckedUtc { get; set; }
    public CertificateStatus? LastStatus { get; set; }
    public DateTime? NotAfterUtc { get; set; }
    public int? DaysLeft { get; set; }
}

public class CertificateEndpointConfiguration : IEntityTypeConfiguration<CertificateEndpoint>
{
    public void Configure(EntityTypeBuilder<CertificateEndpoint> builder)
    {
        builder.Property(e => e.Host).HasMaxLength(253);
        builder.Property(e => e.Label).HasMaxLength(200);
        builder.HasIndex(e => new { e.Host, e.Port }).IsUnique();
        builder.HasOne(e => e.InventorySystem).WithMany().HasForeignKey(e => e.InventorySystemId).OnDelete(DeleteBehavior.SetNull);
    }
}
