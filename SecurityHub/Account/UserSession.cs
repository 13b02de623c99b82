using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Account;

/// <summary>
/// A server-side sign-in session. The auth cookie carries only its id, so signing out or disabling a
/// user deletes the row and any copy of the old cookie stops working.
/// </summary>
public class UserSession
{
    public string Id { get; set; } = "";
    public string UserId { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime LastSeenUtc { get; set; }
    public DateTime ExpiresUtc { get; set; }
    public byte[] Ticket { get; set; } = [];
}

public class UserSessionConfiguration : IEntityTypeConfiguration<UserSession>
{
    public void Configure(EntityTypeBuilder<UserSession> builder)
    {
        builder.Property(s => s.Id).HasMaxLength(64);
        builder.Property(s => s.UserId).HasMaxLength(450);
        builder.HasIndex(s => s.UserId);
    }
}
