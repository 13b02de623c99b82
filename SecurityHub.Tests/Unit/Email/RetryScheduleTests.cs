using SecurityHub.Email;

namespace SecurityHub.Tests.Unit.Email;

public class RetryScheduleTests
{
    private static readonly DateTime Created = new(2026, 11, 2, 9, 0, 0, DateTimeKind.Utc);

    [Fact]
    public void DelayAfter_EachAttempt_GrowsThenStaysAtEightHours()
    {
        var delays = Enumerable.Range(1, 9).Select(RetrySchedule.DelayAfter).ToList();

        Assert.Equal(
            new[] { 1.0, 5, 15, 60, 240, 480, 480, 480, 480 },
            delays.Select(d => d.TotalMinutes));
        Assert.True(delays.Zip(delays.Skip(1)).All(pair => pair.Second >= pair.First));
    }

    [Fact]
    public void NextAttempt_FirstFailure_OneMinuteLater()
    {
        Assert.Equal(Created.AddMinutes(1), RetrySchedule.NextAttempt(Created, 1, Created));
    }

    [Fact]
    public void NextAttempt_FollowedToTheEnd_RetriesForFourDaysThenStops()
    {
        var now = Created;
        var attempts = 0;
        DateTime? next;
        var times = new List<DateTime>();
        while ((next = RetrySchedule.NextAttempt(Created, ++attempts, now)) is { } at)
        {
            Assert.True(at > now);
            times.Add(at);
            now = at;
        }

        // The last try is at exactly four days, and nothing is scheduled after it.
        Assert.Equal(Created.AddDays(4), times[^1]);
        Assert.Equal(Created.AddDays(4), now);
        Assert.All(times, t => Assert.True(t <= Created.AddDays(4)));
        Assert.Equal(17, times.Count);
    }

    [Fact]
    public void NextAttempt_NearTheDeadline_ClampedToFourDays()
    {
        var now = Created.AddDays(4).AddHours(-1);

        Assert.Equal(Created.AddDays(4), RetrySchedule.NextAttempt(Created, 10, now));
    }

    [Fact]
    public void NextAttempt_AtOrAfterFourDays_GivesUp()
    {
        Assert.Null(RetrySchedule.NextAttempt(Created, 3, Created.AddDays(4)));
        Assert.Null(RetrySchedule.NextAttempt(Created, 1, Created.AddDays(5)));
    }
}
