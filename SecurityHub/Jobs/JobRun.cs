using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Jobs;

/// <summary>One execution of a scheduled job, recorded by <see cref="JobExecutor"/> for the Jobs page.</summary>
public class JobRun
{
    public long Id { get; set; }
    public string JobName { get; set; } = "";
    public DateTime StartedUtc { get; set; }
    public DateTime FinishedUtc { get; set; }
    public long DurationMs { get; set; }
    public bool Succeeded { get; set; }
    public string? Message { get; set; }
}

public class JobRunConfiguration : IEntityTypeConfiguration<JobRun>
{
    public void Configure(EntityTypeBuilder<JobRun> builder)
    {
        builder.Property(r => r.JobName).HasMaxLength(150);
        builder.Property(r => r.Message).HasMaxLength(2000);
        builder.HasIndex(r => new { r.JobName, r.StartedUtc });
    }
}
