using System.Globalization;
using Quartz;

namespace SecurityHub.Jobs;

/// <summary>When a job runs: at a fixed interval, or on a cron expression evaluated in UTC.</summary>
public abstract record JobSchedule
{
    public static JobSchedule Every(TimeSpan interval) => new IntervalSchedule(interval);

    public static JobSchedule Cron(string expression) => new CronSchedule(expression);

    /// <summary>The schedule in plain words, for the Jobs page.</summary>
    public abstract string Describe();

    /// <summary>Puts this schedule on a trigger that is being declared.</summary>
    internal abstract void ApplyTo(ITriggerConfigurator<IJob> trigger);

    public sealed record IntervalSchedule(TimeSpan Interval) : JobSchedule
    {
        public override string Describe() => "Every " + Words(Interval);

        // A job that runs on an interval starts with the scheduler and then repeats forever.
        internal override void ApplyTo(ITriggerConfigurator<IJob> trigger) =>
            trigger.StartNow().WithSimpleSchedule(s => s.WithInterval(Interval).RepeatForever());

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

        public override string Describe()
        {
            // The common shapes get words; anything else is shown as the expression itself.
            var f = Expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (f.Length is 6 or 7 && (f.Length == 6 || f[6] == "*") && f[4] == "*"
                && int.TryParse(f[0], NumberStyles.None, CultureInfo.InvariantCulture, out var second)
                && int.TryParse(f[1], NumberStyles.None, CultureInfo.InvariantCulture, out var minute))
            {
                var anyDay = f[3] is "*" or "?";
                if (int.TryParse(f[2], NumberStyles.None, CultureInfo.InvariantCulture, out var hour))
                {
                    var time = second == 0 ? $"{hour:00}:{minute:00}" : $"{hour:00}:{minute:00}:{second:00}";
                    if (anyDay && f[5] is "*" or "?")
                    {
                        return $"Every day at {time} UTC";
                    }
                    if (f[3] == "?" && DayName(f[5]) is { } day)
                    {
                        return $"Every {day} at {time} UTC";
                    }
                    if (f[5] == "?" && int.TryParse(f[3], NumberStyles.None, CultureInfo.InvariantCulture, out var dayOfMonth))
                    {
                        return $"On day {dayOfMonth} of every month at {time} UTC";
                    }
                }
                else if (f[2] == "*" && anyDay && f[5] is "*" or "?" && second == 0)
                {
                    return $"Every hour at {minute} minute{(minute == 1 ? "" : "s")} past";
                }
            }
            return $"On the cron schedule \"{Expression}\" (UTC)";
        }

        internal override void ApplyTo(ITriggerConfigurator<IJob> trigger) =>
            // UTC whatever the server's zone is, so "03:00" means the same everywhere. A run missed while
            // the app was down happens once at start-up rather than being skipped until tomorrow.
            trigger.WithCronSchedule(Expression, c => c.InTimeZone(TimeZoneInfo.Utc)
                .WithMisfireInstruction(CronTriggerMisfireInstruction.FireAndProceed));

        private static string? DayName(string field)
        {
            var upper = field.ToUpperInvariant();
            var index = Array.IndexOf(DayNames, upper);
            if (index < 0 && int.TryParse(field, NumberStyles.None, CultureInfo.InvariantCulture, out var number) && number is >= 1 and <= 7)
            {
                index = number - 1; // Quartz numbers days 1 (Sunday) to 7 (Saturday).
            }
            return index < 0 ? null : CultureInfo.InvariantCulture.DateTimeFormat.DayNames[index];
        }
    }
}
