using System.Diagnostics;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// A clock the test moves by hand. Starts at a fixed instant unless told otherwise, and stands still
/// until <see cref="StartTicking"/>.
/// </summary>
public sealed class TestClock(DateTimeOffset? start = null) : TimeProvider
{
    private DateTimeOffset _now = start ?? new DateTimeOffset(2026, 11, 2, 9, 0, 0, TimeSpan.Zero);
    private Stopwatch? _ticking;
    private readonly Lock _gate = new();

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate)
        {
            return _ticking is null ? _now : _now + _ticking.Elapsed;
        }
    }

    public void Advance(TimeSpan by)
    {
        lock (_gate)
        {
            _now += by;
        }
    }

    public void Set(DateTimeOffset to)
    {
        lock (_gate)
        {
            _now = to;
            _ticking?.Restart();
        }
    }

    /// <summary>
    /// From now on time also passes by itself, as on a real server (<see cref="Advance"/> still jumps ahead).
    /// A frozen clock hides whatever depends on time having passed between two requests, such as
    /// Identity's security-stamp check, which only runs once some time has elapsed since sign-in.
    /// </summary>
    public TestClock StartTicking()
    {
        lock (_gate)
        {
            _ticking ??= Stopwatch.StartNew();
        }
        return this;
    }
}
