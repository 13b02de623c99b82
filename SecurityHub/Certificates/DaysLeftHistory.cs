using System.Globalization;

namespace SecurityHub.Certificates;

/// <summary>
/// The "days left over time" chart's figures: one point per UTC day (the day's last check, since "Check now"
/// can run several a day), and dates under only a few of them so that no label repeats or overlaps.
/// </summary>
public static class DaysLeftHistory
{
    /// <summary>The most dates written under the chart (four short dates fit a phone's width); the others stay blank.</summary>
    public const int MaxLabels = 4;

    public static IReadOnlyList<DaysLeftPoint> ByDay(IEnumerable<DaysLeftPoint> points) =>
        points.GroupBy(p => p.CheckedUtc.Date)
            .OrderBy(g => g.Key)
            .Select(g => g.OrderBy(p => p.CheckedUtc).Last() with { CheckedUtc = g.Key })
            .ToList();

    /// <summary>
    /// One label per day, each a distinct date; with more days than <paramref name="maxLabels"/> only evenly spaced
    /// ones (always the first and the last) carry a date. Short dates ("Oct 20"), or months ("Oct 2026") over a
    /// span so long that the shown dates lie months apart.
    /// </summary>
    public static string[] Labels(IReadOnlyList<DaysLeftPoint> days, int maxLabels = MaxLabels)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLabels, 2);
        var labels = new string[days.Count];
        var format = days.Count > 0 && (days[^1].CheckedUtc - days[0].CheckedUtc).TotalDays > 300 ? "MMM yyyy" : "MMM d";
        var step = days.Count <= maxLabels ? 1 : (int)Math.Ceiling((days.Count - 1) / (double)(maxLabels - 1));
        for (var i = 0; i < days.Count; i++)
        {
            var shown = i % step == 0 || i == days.Count - 1;
            // The last date replaces a regular one that would stand too close to it.
            if (shown && i != days.Count - 1 && i != 0 && days.Count - 1 - i < step)
            {
                shown = false;
            }
            labels[i] = shown ? days[i].CheckedUtc.ToString(format, CultureInfo.InvariantCulture) : "";
        }
        return labels;
    }

    /// <summary>A round spacing (1, 2, 5, 10, 20, 50...) that divides <paramref name="range"/> days into at most five steps.</summary>
    public static int TickSpacing(int range)
    {
        var spacing = 1;
        for (var scale = 1; ; scale *= 10)
        {
            foreach (var step in new[] { 1, 2, 5 })
            {
                spacing = step * scale;
                if (range <= spacing * 5L)
                {
                    return spacing;
                }
            }
        }
    }
}
