namespace SecurityHub.Email;

/// <summary>
/// When a message that failed for a passing reason is tried again: after 1 minute, 5 minutes, 15 minutes,
/// 1 hour, 4 hours, then every 8 hours, until four days after it was queued. Mail servers retry for
/// about that long too, so a server that is down over a weekend still gets the message.
/// </summary>
public static class RetrySchedule
{
    public static readonly TimeSpan GiveUpAfter = TimeSpan.FromDays(4);

    private static readonly TimeSpan[] FirstDelays =
    [
        TimeSpan.FromMinutes(1),
        TimeSpan.FromMinutes(5),
        TimeSpan.FromMinutes(15),
        TimeSpan.FromHours(1),
        TimeSpan.FromHours(4),
    ];

    private static readonly TimeSpan LaterDelay = TimeSpan.FromHours(8);

    /// <summary>The wait after the given number of attempts (1 = after the first failure).</summary>
    public static TimeSpan DelayAfter(int attempts) =>
        attempts <= 0 ? TimeSpan.Zero : attempts <= FirstDelays.Length ? FirstDelays[attempts - 1] : LaterDelay;

    /// <summary>
    /// The next attempt after a passing failure, or null to give up. The last try is made exactly four days
    /// after the message was queued, so a message is always tried for the whole four days.
    /// </summary>
    public static DateTime? NextAttempt(DateTime createdUtc, int attempts, DateTime nowUtc)
    {
        var deadline = createdUtc + GiveUpAfter;
        if (nowUtc >= deadline)
        {
            return null;
        }
        var next = nowUtc + DelayAfter(attempts);
        return next > deadline ? deadline : next;
    }
}
