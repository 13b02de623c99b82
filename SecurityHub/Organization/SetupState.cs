using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Organization;

/// <summary>The hashed one-time setup code that lets the first owner in.</summary>
public class SetupState
{
    public int Id { get; set; }
    public string CodeHash { get; set; } = "";
    public DateTime CreatedUtc { get; set; }
    public DateTime? UsedUtc { get; set; }
}

public class SetupStateConfiguration : IEntityTypeConfiguration<SetupState>
{
    public void Configure(EntityTypeBuilder<SetupState> builder)
    {
        builder.Property(s => s.CodeHash).HasMaxLength(128);
    }
}
