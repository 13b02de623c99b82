using System.Globalization;
using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using SecurityHub.Account;
using SecurityHub.Audit;
using SecurityHub.Data;
using SecurityHub.Inventory;
using SecurityHub.Organization;

namespace SecurityHub.Checklist;

public static class ChecklistAuditEvents
{
    public const string StatusChanged = "checklist.status-changed";
}

/// <summary>A status change as a page sends it; every field but the control and the state is optional until the state needs it.</summary>
public sealed class ControlStatusInput
{
    public string ControlId { get; set; } = "";
    public ControlState State { get; set; }
    public DateOnly? TargetDate { get; set; }
    public string Reason { get; set; } = "";
    public string AcceptedBy { get; set; } = "";
    public DateOnly? AcceptedUntil { get; set; }
    public string EvidenceNotes { get; set; } = "";

    /// <summary>When the evidence was checked; today when an Implemented control is saved without one.</summary>
    public DateOnly? EvidenceDate { get; set; }
}

/// <summary>The checklist with its evidence and score, for the checklist page, the dashboard and the history job.</summary>
public sealed class ChecklistService(IDbContextFactory<ApplicationDbContext> factory, AccessGuard guard, AuditLog audit, IEnumerable<IControlEvidence> sources,
    TimeProvider clock)
{
    /// <summary>Most years ahead a risk may be accepted for; past that it is not a decision but a default.</summary>
    public const int MaxAcceptanceYears = 3;

    /// <summary>Every control with its status, evidence and points, and the score. Every member may read it.</summary>
    public async Task<ChecklistResult> GetAsync(ClaimsPrincipal actor, CancellationToken cancellationToken = default)
    {
        await guard.RequireAsync(actor, Policies.Member);
        return await EvaluateAsync(cancellationToken);
    }

    /// <summary>The checklist without a user context, for jobs (the daily history snapshot).</summary>
    public async Task<ChecklistResult> EvaluateAsync(CancellationToken cancellationToken = default)
    {
        var readings = new Dictionary<string, EvidenceReading>(StringComparer.Ordinal);
        foreach (var source in sources)
        {
            foreach (var reading in await source.ReadAsync(cancellationToken))
            {
                readings[reading.ControlId] = reading;
            }
        }
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var profile = await db.Organizations.AsNoTracking().FirstOrDefaultAsync(cancellationToken) ?? new OrganizationProfile();
        var statuses = await db.ChecklistStatuses.AsNoTracking().ToDictionaryAsync(s => s.ControlId, StringComparer.Ordinal, cancellationToken);
        return ChecklistScoring.Evaluate(profile, statuses, readings, BusinessDay.Today(clock, profile.TimeZoneId));
    }

    /// <summary>
    /// Owners and Managers: sets a control's status. Invalid input changes nothing and returns a message per field; the change is
    /// audited with the status before and after.
    /// </summary>
    public async Task<SaveResult> SetStatusAsync(ClaimsPrincipal actor, ControlStatusInput input, CancellationToken cancellationToken = default)
    {
        var userId = await guard.RequireAsync(actor, Policies.Manager);
        await using var db = await factory.CreateDbContextAsync(cancellationToken);
        var today = await BusinessDay.TodayAsync(db, clock, cancellationToken);
        var control = ControlCatalog.Find(input.ControlId);
        var errors = Validate(control, input, today);
        if (errors.Count > 0)
        {
            return SaveResult.Invalid(errors);
        }
        var row = await db.ChecklistStatuses.FirstOrDefaultAsync(s => s.ControlId == control!.Id, cancellationToken);
        var before = Describe(row);
        if (row is null)
        {
            row = new ControlStatus { ControlId = control!.Id };
            db.ChecklistStatuses.Add(row);
        }
        var done = input.State is ControlState.Implemented or ControlState.AlternativeMitigation;
        row.State = input.State;
        row.TargetDate = input.State == ControlState.Planned ? input.TargetDate : null;
        row.Reason = input.State is ControlState.AlternativeMitigation or ControlState.RiskAccepted or ControlState.NotApplicable ? input.Reason.Trim() : "";
        row.AcceptedBy = input.State == ControlState.RiskAccepted ? input.AcceptedBy.Trim() : "";
        row.AcceptedUntil = input.State == ControlState.RiskAccepted ? input.AcceptedUntil : null;
        row.EvidenceNotes = input.EvidenceNotes.Trim();
        row.EvidenceDate = done ? input.EvidenceDate ?? today : input.EvidenceDate;
        var changes = InventoryDescriber.Changes(before, Describe(row));
        if (changes.Length == 0)
        {
            return SaveResult.Ok;
        }
        row.UpdatedUtc = clock.GetUtcNow().UtcDateTime;
        row.UpdatedByUserId = userId;
        audit.Add(db, actor, ChecklistAuditEvents.StatusChanged, $"control {control!.Number} \"{control.Title}\"", changes);
        await db.SaveChangesAsync(cancellationToken);
        return SaveResult.Ok;
    }

    public static Dictionary<string, string> Validate(Control? control, ControlStatusInput input, DateOnly today)
    {
        var errors = new Dictionary<string, string>();
        if (control is null)
        {
            errors[nameof(input.ControlId)] = "There is no such control on the checklist.";
            return errors;
        }
        if (!control.TakesStatus)
        {
            errors[nameof(input.ControlId)] = "SecurityHub works this control out from what it sees; it has no status to set. Fix what its evidence shows instead.";
            return errors;
        }
        if (!Enum.IsDefined(input.State))
        {
            errors[nameof(input.State)] = "Choose one of the statuses.";
            return errors;
        }
        if (input.State == ControlState.NotApplicable && control.Evidence != EvidenceKind.Manual)
        {
            errors[nameof(input.State)] = "SecurityHub checks part of this control itself, so it cannot be marked not applicable.";
        }
        Length(errors, nameof(input.Reason), input.Reason, ControlStatusLimits.Reason);
        Length(errors, nameof(input.AcceptedBy), input.AcceptedBy, ControlStatusLimits.AcceptedBy);
        Length(errors, nameof(input.EvidenceNotes), input.EvidenceNotes, ControlStatusLimits.EvidenceNotes);
        var reasonMissing = string.IsNullOrWhiteSpace(input.Reason) && !errors.ContainsKey(nameof(input.Reason));
        switch (input.State)
        {
            case ControlState.Planned when input.TargetDate is null:
                errors[nameof(input.TargetDate)] = "Give the date you plan to have this done by.";
                break;
            case ControlState.Planned when input.TargetDate < today:
                errors[nameof(input.TargetDate)] = "The target date is in the past. Choose today or a later date.";
                break;
            case ControlState.AlternativeMitigation when reasonMissing:
                errors[nameof(input.Reason)] = "Explain what you do instead, so anyone can see why it counts.";
                break;
            case ControlState.NotApplicable when reasonMissing:
                errors[nameof(input.Reason)] = "Say why this does not apply to your business.";
                break;
            case ControlState.RiskAccepted:
                if (reasonMissing)
                {
                    errors[nameof(input.Reason)] = "Say why the risk is accepted for now.";
                }
                if (string.IsNullOrWhiteSpace(input.AcceptedBy) && !errors.ContainsKey(nameof(input.AcceptedBy)))
                {
                    errors[nameof(input.AcceptedBy)] = "Say who accepts the risk.";
                }
                if (input.AcceptedUntil is not { } until)
                {
                    errors[nameof(input.AcceptedUntil)] = "Give the date the acceptance ends; a risk is accepted for a while, not for ever.";
                }
                else if (until < today)
                {
                    errors[nameof(input.AcceptedUntil)] = "The end date is in the past. Choose today or a later date.";
                }
                else if (until > today.AddYears(MaxAcceptanceYears))
                {
                    errors[nameof(input.AcceptedUntil)] = $"Accept a risk for at most {MaxAcceptanceYears} years, then decide again.";
                }
                break;
        }
        if (input.EvidenceDate > today)
        {
            errors[nameof(input.EvidenceDate)] = "The evidence date cannot be in the future.";
        }
        return errors;
    }

    private static void Length(Dictionary<string, string> errors, string field, string? value, int max)
    {
        if (value is not null && value.Length > max)
        {
            errors[field] = string.Create(CultureInfo.InvariantCulture, $"Keep this under {max} characters (it has {value.Length:N0}).");
        }
    }

    private static Dictionary<string, string> Describe(ControlStatus? s)
    {
        if (s is null)
        {
            return new() { ["Status"] = ChecklistScoring.Label(ControlState.NotStarted) };
        }
        static string Day(DateOnly? d) => d?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? "";
        return new()
        {
            ["Status"] = ChecklistScoring.Label(s.State),
            ["Target date"] = Day(s.TargetDate),
            ["Reason"] = s.Reason,
            ["Accepted by"] = s.AcceptedBy,
            ["Accepted until"] = Day(s.AcceptedUntil),
            ["Evidence notes"] = s.EvidenceNotes,
            ["Evidence date"] = Day(s.EvidenceDate),
        };
    }
}
