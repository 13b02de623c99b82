using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Audit;

/// <summary>An append-only record of a security-relevant event. Never holds a secret.</summary>
public class AuditEvent
{
    public long Id { get; set; }
    public DateTime OccurredUtc { get; set; }
    public string EventType { get; set; } = "";
    public string? ActorUserId { get; set; }
    public string? ActorEmail { get; set; }
    public string? Target { get; set; }
    public string? Details { get; set; }
    public string? IpAddress { get; set; }
}

public class AuditEventConfiguration : IEntityTypeConfiguration<AuditEvent>
{
    public void Configure(EntityTypeBuilder<AuditEvent> builder)
    {
        builder.Property(e => e.EventType).HasMaxLength(64);
        builder.Property(e => e.ActorUserId).HasMaxLength(450);
        builder.Property(e => e.ActorEmail).HasMaxLength(256);
        builder.Property(e => e.Target).HasMaxLength(300);
        builder.Property(e => e.Details).HasMaxLength(4000);
        builder.Property(e => e.IpAddress).HasMaxLength(64);
        builder.HasIndex(e => e.OccurredUtc);
        builder.HasIndex(e => e.EventType);
    }
}
