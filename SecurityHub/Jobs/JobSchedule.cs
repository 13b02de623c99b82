using System.Diagnostics.CodeAnalysis;
using System.Globalization;
using Cronos;

namespace SecurityHub.Jobs;

/// <summary>When a job runs: at a fixed interval, or on a cron expression evaluated in UTC.</summary>
public abstract record JobSchedule
{
    public static JobSchedule Every(TimeSpan interval) => new IntervalSchedule(interval);

    public static JobSchedule Cron(string expression) => new CronSchedule(expression);

    /// <summary>The schedule in plain words, for the Jobs page.</summary>
    public abstract string Describe();

    /// <summary>The schedule as the cron expression Hangfire runs it on (5 fields, or 6 with seconds first).</summary>
    public abstract string ToCron();

    /// <summary>The first time after <paramref name="afterUtc"/> the job is due, or null when it never is.</summary>
    public DateTime? NextAfter(DateTime afterUtc) =>
        JobCron.Parse(ToCron()).GetNextOccurrence(DateTime.SpecifyKind(afterUtc, DateTimeKind.Utc), TimeZoneInfo.Utc);

    public sealed record IntervalSchedule(TimeSpan Interval) : JobSchedule
    {
        public override string Describe() => "Every " + Words(Interval);

        // Cron counts from the top of the minute or hour, so only intervals that divide it evenly (see IsEven).
        public override string ToCron()
        {
            var seconds = (int)Interval.TotalSeconds;
            return seconds switch
            {
                _ when !IsEven(Interval) => throw new InvalidOperationException($"An interval of {seconds} seconds does not divide a minute or an hour evenly."),
                < 60 => $"*/{seconds} * * * * *",
                3600 => "0 0 * * * *",
                _ => $"0 */{seconds / 60} * * * *",
            };
        }

        /// <summary>True when the interval is whole seconds that divide a minute, or whole minutes that divide an hour.</summary>
        public static bool IsEven(TimeSpan interval)
        {
            if (interval.TotalSeconds % 1 != 0 || interval <= TimeSpan.Zero)
            {
                return false;
            }
            var seconds = (int)interval.TotalSeconds;
            return seconds < 60 ? 60 % seconds == 0 : seconds <= 3600 && seconds % 60 == 0 && 60 % (seconds / 60) == 0;
        }

        private static string Words(TimeSpan span) => span switch
        {
            { TotalSeconds: 1 } => "second",
            { TotalMinutes: 1 } => "minute",
            { TotalHours: 1 } => "hour",
            { TotalDays: 1 } => "day",
            _ when span.TotalDays >= 1 && span.TotalDays % 1 == 0 => $"{span.TotalDays:0} days",
            _ when span.TotalHours >= 1 && span.TotalHours % 1 == 0 => $"{span.TotalHours:0} hours",
            _ when span.TotalMinutes >= 1 && span.TotalMinutes % 1 == 0 => $"{span.TotalMinutes:0} minutes",
            _ => $"{span.TotalSeconds:0} seconds",
        };
    }

    public sealed record CronSchedule(string Expression) : JobSchedule
    {
        private static readonly string[] DayNames = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];

        public override string ToCron() => Expression.Trim();

        public override string Describe()
        {
            // The common shapes get words; anything else is shown as the expression itself.
            var f = Expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length == 5)
            {
                f = ["0", .. f];
            }
            if (f.Length == 6 && f[4] == "*"
                && int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var second)
                && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
            {
                var anyDayOfMonth = f[3] is "*" or "?";
                var anyDayOfWeek = f[5] is "*" or "?";
                if (int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
                {
                    var time = second == 0 ? $"{hour:00}:{minute:00}" : $"{hour:00}:{minute:00}:{second:00}";
                    if (anyDayOfMonth && anyDayOfWeek)
                    {
                        return $"Every day at {time} UTC";
                    }
                    if (anyDayOfMonth && DayName(f[5]) is { } day)
                    {
                        return $"Every {day} at {time} UTC";
                    }
                    if (anyDayOfWeek && int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var dayOfMonth))
                    {
                        return $"On day {dayOfMonth} of every month at {time} UTC";
                    }
                }
                else if (f[2] == "*" && anyDayOfMonth && anyDayOfWeek && second == 0)
                {
                    return $"Every hour at {minute} minute{(minute == 1 ? "" : "s")} past";
                }
            }
            return $"On the cron schedule \"{Expression}\" (UTC)";
        }

        private static string? DayName(string field)
        {
            var index = Array.IndexOf(DayNames, field.ToUpperInvariant());
            if (index < 0 && int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 0 and <= 7)
            {
                index = number % 7; // Cron numbers days 0 (Sunday) to 6, and 7 is Sunday again.
            }
            return index < 0 ? null : CultureInfo.InvariantCulture.DateTimeFormat.DayNames[index];
        }
    }
}

/// <summary>Cron expressions as Hangfire reads them: 5 fields, or 6 with seconds first (Cronos, the parser Hangfire embeds).</summary>
public static class JobCron
{
    public const string Example = "\"0 3 * * *\" (03:00 UTC daily)";

    public static CronExpression Parse(string expression) =>
        TryParse(expression, out var cron) ? cron : throw new FormatException($"\"{expression}\" is not a valid cron expression.");

    public static bool TryParse([NotNullWhen(true)] string? expression, [NotNullWhen(true)] out CronExpression? cron)
    {
        cron = null;
        var fields = expression?.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length ?? 0;
        if (fields is not (5 or 6))
        {
            return false;
        }
        return CronExpression.TryParse(expression!.Trim(), fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard, out cron);
    }

    /// <summary>Why an expression cannot drive a schedule, or null when it can.</summary>
    public static string? Problem(string? expression, DateTimeOffset now)
    {
        if (string.IsNullOrWhiteSpace(expression))
        {
            return $"is empty; give a cron expression such as {Example}.";
        }
        if (!TryParse(expression, out var cron))
        {
            return $"\"{expression}\" is not a valid cron expression (minute hour day-of-month month day-of-week, optionally with seconds first), e.g. {Example}.";
        }
        if (cron.GetNextOccurrence(now.UtcDateTime, TimeZoneInfo.Utc) is null)
        {
            return $"\"{expression}\" never fires.";
        }
        return null;
    }
}
