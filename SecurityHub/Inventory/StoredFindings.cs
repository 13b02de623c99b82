using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace SecurityHub.Inventory;

/// <summary>
/// One current finding, exactly as <see cref="InventoryFindings.Evaluate(IEnumerable{InventorySystem}, DateOnly)"/> produced it
/// when its system last changed or the business's day last turned. Never edited: a system's rows are replaced as a whole.
/// </summary>
public class StoredFinding
{
    public int Id { get; set; }
    public int SystemId { get; set; }
    public string SystemName { get; set; } = "";

    /// <summary>Where the rules put the finding among its system's findings, so the system page keeps their order.</summary>
    public int Position { get; set; }
    public int? DataItemId { get; set; }
    public string? DataLabel { get; set; }
    public FindingRule Rule { get; set; }
    public FindingSeverity Severity { get; set; }
    public string Title { get; set; } = "";
    public string Why { get; set; } = "";
    public string Tip { get; set; } = "";
    public string WhatToDo { get; set; } = "";

    /// <summary>Title, why, what to do and system name in lower case, for the findings page's "text contains" filter.</summary>
    public string SearchText { get; set; } = "";

    public InventoryFinding ToFinding() => new(Rule, Severity, SystemId, SystemName, DataItemId, DataLabel, Title, Why, Tip, WhatToDo);

    /// <summary>The text the "text contains" filter looks in, as the page matched it before findings were stored.</summary>
    public static string SearchTextOf(InventoryFinding f) => $"{f.Title} {f.Why} {f.WhatToDo} {f.SystemName}".ToLowerInvariant();
}

/// <summary>The single row that says for which business day the stored findings were worked out, and how often they changed.</summary>
public class FindingsEvaluation
{
    public const int SingletonId = 1;

    public int Id { get; set; }
    public DateOnly EvaluatedFor { get; set; }

    /// <summary>Goes up by one with every write of the findings (a change to the inventory, a new day, a new time zone).</summary>
    public long Revision { get; set; }
    public DateTime EvaluatedUtc { get; set; }
}

public class StoredFindingConfiguration : IEntityTypeConfiguration<StoredFinding>
{
    public void Configure(EntityTypeBuilder<StoredFinding> builder)
    {
        builder.ToTable("InventoryFindings");
        builder.Property(f => f.SystemName).HasMaxLength(InventoryLimits.Name).UseCollation("NOCASE");
        builder.Property(f => f.DataLabel).HasMaxLength(InventoryLimits.OtherCategory);
        builder.HasIndex(f => f.SystemId);
        builder.HasIndex(f => f.Severity);
        // A deleted system takes its findings with it, even when it is deleted outside EF Core's change tracking.
        builder.HasOne<InventorySystem>().WithMany().HasForeignKey(f => f.SystemId).OnDelete(DeleteBehavior.Cascade);
    }
}

public class FindingsEvaluationConfiguration : IEntityTypeConfiguration<FindingsEvaluation>
{
    public void Configure(EntityTypeBuilder<FindingsEvaluation> builder)
    {
        builder.ToTable("InventoryFindingsEvaluation");
        builder.Property(e => e.Id).ValueGeneratedNever();
    }
}
