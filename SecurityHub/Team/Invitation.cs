using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Team;

/// <summary>A single-use invitation link. Only the SHA-256 of its token is stored.</summary>
public class Invitation
{
    public int Id { get; set; }
    public string Email { get; set; } = "";
    public string NormalizedEmail { get; set; } = "";
    public string DisplayName { get; set; } = "";
    public string Role { get; set; } = "";
    public string TokenHash { get; set; } = "";
    public string InvitedByUserId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public DateTime? AcceptedUtc { get; set; }
    public DateTime? RevokedUtc { get; set; }
}

public class InvitationConfiguration : IEntityTypeConfiguration<Invitation>
{
    public void Configure(EntityTypeBuilder<Invitation> builder)
    {
        builder.Property(i => i.Email).HasMaxLength(256);
        builder.Property(i => i.NormalizedEmail).HasMaxLength(256);
        builder.Property(i => i.DisplayName).HasMaxLength(100);
        builder.Property(i => i.Role).HasMaxLength(20);
        builder.Property(i => i.TokenHash).HasMaxLength(64);
        builder.Property(i => i.InvitedByUserId).HasMaxLength(450);
        builder.HasIndex(i => i.TokenHash).IsUnique();
        builder.HasIndex(i => i.NormalizedEmail);
    }
}
