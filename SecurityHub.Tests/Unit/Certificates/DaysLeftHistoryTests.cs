using SecurityHub.Certificates;

namespace SecurityHub.Tests.Unit.Certificates;

public class DaysLeftHistoryTests
{
    private static readonly DateTime Start = new(2026, 11, 2, 6, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void ByDay_SeveralChecksADay_KeepsEachDaysLastCheck()
    {
        var points = new[]
        {
            new DaysLeftPoint(Start.AddDays(1).AddHours(2), 29),
            new DaysLeftPoint(Start, 31),
            new DaysLeftPoint(Start.AddHours(10), 30),
            new DaysLeftPoint(Start.AddDays(1), 30),
        };

        var days = DaysLeftHistory.ByDay(points);

        Assert.Equal([new DaysLeftPoint(Start.Date, 30), new DaysLeftPoint(Start.Date.AddDays(1), 29)], days);
    }

    [Fact]
    public void Labels_OneCheck_OneDate()
    {
        var days = DaysLeftHistory.ByDay([new DaysLeftPoint(Start, 5)]);

        Assert.Equal(["Nov 2"], DaysLeftHistory.Labels(days));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(30)]
    [InlineData(91)]
    [InlineData(365)]
    [InlineData(730)]
    public void Labels_AnyNumberOfDays_NoDateRepeatsAndFewAreShown(int count)
    {
        var days = DaysLeftHistory.ByDay(Enumerable.Range(0, count).Select(i => new DaysLeftPoint(Start.AddDays(i), 90 - i)));

        var labels = DaysLeftHistory.Labels(days);

        Assert.Equal(count, labels.Length);
        var shown = labels.Where(l => l.Length > 0).ToList();
        Assert.Equal(shown.Count, shown.Distinct().Count());
        Assert.InRange(shown.Count, 2, DaysLeftHistory.MaxLabels);
        var format = count > 301 ? "MMM yyyy" : "MMM d";
        Assert.Equal(Start.ToString(format, System.Globalization.CultureInfo.InvariantCulture), labels[0]);
        Assert.Equal(Start.AddDays(count - 1).ToString(format, System.Globalization.CultureInfo.InvariantCulture), labels[^1]);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(4, 1)]
    [InlineData(6, 2)]
    [InlineData(14, 5)]
    [InlineData(80, 20)]
    [InlineData(398, 100)]
    public void TickSpacing_Range_RoundStepAtMostFiveTicks(int range, int expected) =>
        Assert.Equal(expected, DaysLeftHistory.TickSpacing(range));
}
