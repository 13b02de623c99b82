using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Checklist;

/// <summary>Where the business stands on a control that takes a status (manual, or attested on top of the app's evidence).</summary>
public enum ControlState
{
    NotStarted = 0,
    Planned = 1,
    InProgress = 2,
    Implemented = 3,

    /// <summary>Done another way, explained; full points.</summary>
    AlternativeMitigation = 4,

    /// <summary>A decision not to act for now: reason, who decided, an end date; zero points, and Not started again when it ends.</summary>
    RiskAccepted = 5,

    /// <summary>Does not apply here, with the reason; left out of the score.</summary>
    NotApplicable = 6,
}

/// <summary>One row per control that has been given a status. Controls without a row are Not started.</summary>
public class ControlStatus
{
    public string ControlId { get; set; } = "";
    public ControlState State { get; set; }

    /// <summary>When a planned control should be done.</summary>
    public DateOnly? TargetDate { get; set; }

    /// <summary>Why: the alternative mitigation, the accepted risk or why the control does not apply.</summary>
    public string Reason { get; set; } = "";

    /// <summary>Who accepted the risk (a name or role, as the person typed it).</summary>
    public string AcceptedBy { get; set; } = "";

    /// <summary>The last day a risk acceptance holds.</summary>
    public DateOnly? AcceptedUntil { get; set; }
    public string EvidenceNotes { get; set; } = "";

    /// <summary>When the evidence was last checked; credit halves after 12 months and goes after 24.</summary>
    public DateOnly? EvidenceDate { get; set; }
    public DateTime UpdatedUtc { get; set; }
    public string? UpdatedByUserId { get; set; }
}

public static class ControlStatusLimits
{
    public const int Reason = 1000;
    public const int AcceptedBy = 200;
    public const int EvidenceNotes = 2000;
}

public class ControlStatusConfiguration : IEntityTypeConfiguration<ControlStatus>
{
    public void Configure(EntityTypeBuilder<ControlStatus> builder)
    {
        builder.ToTable("ChecklistStatuses");
        builder.HasKey(s => s.ControlId);
        builder.Property(s => s.ControlId).HasMaxLength(64);
        builder.Property(s => s.Reason).HasMaxLength(ControlStatusLimits.Reason);
        builder.Property(s => s.AcceptedBy).HasMaxLength(ControlStatusLimits.AcceptedBy);
        builder.Property(s => s.EvidenceNotes).HasMaxLength(ControlStatusLimits.EvidenceNotes);
        builder.Property(s => s.UpdatedByUserId).HasMaxLength(450);
    }
}
