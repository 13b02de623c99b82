using System.Globalization;
using System.Text.RegularExpressions;

namespace SecurityHub.Inventory;

/// <summary>
/// How long data is kept, as a structured rule: "3 years after last purchase",
/// "until account closed plus 30 days", or "not set". Written and read in exactly these words.
/// </summary>
public readonly partial record struct RetentionRule(RetentionTrigger Trigger, int Amount, RetentionUnit Unit)
{
    public const int MaxDays = 36_500;
    public const int MaxMonths = 1_200;
    public const int MaxYears = 100;

    public static readonly RetentionRule NotSet = new(RetentionTrigger.NotSet, 0, RetentionUnit.Days);

    public bool IsSet => Trigger != RetentionTrigger.NotSet;

    /// <summary>Whether an "until" rule (the event itself ends the clock) or an "after" rule (a period follows it).</summary>
    public static bool IsUntil(RetentionTrigger trigger) => trigger is RetentionTrigger.UntilAccountClosed or RetentionTrigger.UntilContractEnds;

    /// <summary>The last day the oldest record may be kept, given the day its clock started.</summary>
    public DateOnly? Deadline(DateOnly clockStarted)
    {
        if (!IsSet)
        {
            return null;
        }
        return Unit switch
        {
            RetentionUnit.Years => clockStarted.AddYears(Amount),
            RetentionUnit.Months => clockStarted.AddMonths(Amount),
            _ => clockStarted.AddDays(Amount),
        };
    }

    /// <summary>Why the rule cannot be stored, or null when it can.</summary>
    public string? Problem()
    {
        if (!Enum.IsDefined(Trigger) || !Enum.IsDefined(Unit))
        {
            return "Choose when the retention clock starts.";
        }
        if (!IsSet)
        {
            return null;
        }
        var max = Unit switch { RetentionUnit.Years => MaxYears, RetentionUnit.Months => MaxMonths, _ => MaxDays };
        if (Amount < (IsUntil(Trigger) ? 0 : 1) || Amount > max)
        {
            return IsUntil(Trigger)
                ? $"The extra period must be between 0 and {max} {UnitWord(Unit, max)}."
                : $"The period must be between 1 and {max} {UnitWord(Unit, max)}.";
        }
        return null;
    }

    public override string ToString()
    {
        if (!IsSet)
        {
            return "not set";
        }
        var period = $"{Amount.ToString(CultureInfo.InvariantCulture)} {UnitWord(Unit, Amount)}";
        return Trigger switch
        {
            RetentionTrigger.UntilAccountClosed => Amount == 0 ? "until account closed" : $"until account closed plus {period}",
            RetentionTrigger.UntilContractEnds => Amount == 0 ? "until contract ends" : $"until contract ends plus {period}",
            RetentionTrigger.AfterLastPurchase => $"{period} after last purchase",
            RetentionTrigger.AfterLastContact => $"{period} after last contact",
            _ => $"{period} after collection",
        };
    }

    /// <summary>Reads the words <see cref="ToString"/> writes (case and extra spaces ignored; empty means not set).</summary>
    public static bool TryParse(string? text, out RetentionRule rule)
    {
        rule = NotSet;
        var value = Spaces().Replace((text ?? "").Trim(), " ").ToLowerInvariant();
        if (value.Length == 0 || value == "not set")
        {
            return true;
        }
        if (value.Length > 100)
        {
            return false;
        }
        var after = AfterPattern().Match(value);
        if (after.Success)
        {
            var trigger = after.Groups["event"].Value switch
            {
                "last purchase" => RetentionTrigger.AfterLastPurchase,
                "last contact" => RetentionTrigger.AfterLastContact,
                _ => RetentionTrigger.AfterCollection,
            };
            return Build(trigger, after.Groups["n"].Value, after.Groups["unit"].Value, out rule);
        }
        var until = UntilPattern().Match(value);
        if (until.Success)
        {
            var trigger = until.Groups["event"].Value == "account closed" ? RetentionTrigger.UntilAccountClosed : RetentionTrigger.UntilContractEnds;
            return until.Groups["n"].Success
                ? Build(trigger, until.Groups["n"].Value, until.Groups["unit"].Value, out rule)
                : Build(trigger, "0", "days", out rule);
        }
        return false;
    }

    public const string Examples = "\"3 years after last purchase\", \"6 months after collection\", \"2 years after last contact\", \"until account closed plus 30 days\", \"until contract ends\" or \"not set\"";

    private static bool Build(RetentionTrigger trigger, string amount, string unit, out RetentionRule rule)
    {
        rule = NotSet;
        if (!int.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return false;
        }
        var parsedUnit = unit.StartsWith("year", StringComparison.Ordinal) ? RetentionUnit.Years
            : unit.StartsWith("month", StringComparison.Ordinal) ? RetentionUnit.Months : RetentionUnit.Days;
        var candidate = new RetentionRule(trigger, n, parsedUnit);
        if (candidate.Problem() is not null)
        {
            return false;
        }
        rule = candidate;
        return true;
    }

    private static string UnitWord(RetentionUnit unit, int amount) => (unit, amount) switch
    {
        (RetentionUnit.Years, 1) => "year",
        (RetentionUnit.Years, _) => "years",
        (RetentionUnit.Months, 1) => "month",
        (RetentionUnit.Months, _) => "months",
        (_, 1) => "day",
        _ => "days",
    };

    [GeneratedRegex(@"\s+")]
    private static partial Regex Spaces();

    [GeneratedRegex(@"^(?<n>\d{1,6}) (?<unit>days?|months?|years?) after (?<event>collection|last purchase|last contact)$")]
    private static partial Regex AfterPattern();

    [GeneratedRegex(@"^until (?<event>account closed|contract ends)(?: plus (?<n>\d{1,6}) (?<unit>days?|months?|years?))?$")]
    private static partial Regex UntilPattern();
}
