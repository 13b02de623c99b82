namespace SecurityHub.Checklist;

/// <summary>What a source of evidence saw for one automatic control: how much of it is covered (0 to 1), in plain words, and when it was verified.</summary>
public sealed record EvidenceReading(string ControlId, double Coverage, string Explanation, DateTime? VerifiedUtc);

/// <summary>
/// The checklist's one question to each source of evidence (inventory, certificates, sign-ins, and later training and the
/// breach plan): what do you see for the controls you know? A new source is a new implementation registered in DI.
/// Sources read stored results; they never redo expensive work per read.
/// </summary>
public interface IControlEvidence
{
    Task<IReadOnlyList<EvidenceReading>> ReadAsync(CancellationToken cancellationToken = default);
}
