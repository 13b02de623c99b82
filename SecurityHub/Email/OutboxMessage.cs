using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Email;

/// <summary>Where an outbox message stands. Stored as a number: keep the values.</summary>
public enum OutboxStatus
{
    Pending = 0,
    Sending = 1,

    /// <summary>An SMTP server accepted it.</summary>
    Sent = 2,

    Failed = 3,

    /// <summary>Written to the pickup folder because no SMTP server is set: nobody has received it.</summary>
    SavedToPickupFolder = 4,
}

/// <summary>
/// An email written in the same transaction as the change that causes it; the relay job delivers it.
/// </summary>
public class OutboxMessage
{
    public long Id { get; set; }
    public string ToAddress { get; set; } = "";
    public string ToName { get; set; } = "";
    public string Subject { get; set; } = "";
    public string TextBody { get; set; } = "";
    public string HtmlBody { get; set; } = "";
    public string Category { get; set; } = "";
    public OutboxStatus Status { get; set; }
    public int Attempts { get; set; }
    public DateTime CreatedUtc { get; set; }
    public DateTime NextAttemptUtc { get; set; }
    public DateTime? LastAttemptUtc { get; set; }
    public DateTime? SentUtc { get; set; }
    public string? LastError { get; set; }
}

public class OutboxMessageConfiguration : IEntityTypeConfiguration<OutboxMessage>
{
    public void Configure(EntityTypeBuilder<OutboxMessage> builder)
    {
        builder.Property(m => m.ToAddress).HasMaxLength(256);
        builder.Property(m => m.ToName).HasMaxLength(200);
        builder.Property(m => m.Subject).HasMaxLength(300);
        builder.Property(m => m.Category).HasMaxLength(50);
        builder.Property(m => m.LastError).HasMaxLength(2000);
        builder.HasIndex(m => new { m.Status, m.NextAttemptUtc });
    }
}
