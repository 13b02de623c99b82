using System.Diagnostics;
using Microsoft.Extensions.Time.Testing;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>
/// Moves a <see cref="FakeTimeProvider"/> forward with real time, as a server's clock moves, while the test can
/// still jump ahead with <see cref="FakeTimeProvider.Advance"/>. A frozen clock hides whatever depends on time having
/// passed between two requests, such as Identity's security-stamp check, which only runs once some time has elapsed
/// since sign-in; browser journeys that stay on a page past the app's timers need the clock to move.
/// </summary>
public sealed class RealTimeTicker : IDisposable
{
    private static readonly TimeSpan Resolution = TimeSpan.FromMilliseconds(50);

    private readonly FakeTimeProvider _clock;
    private readonly Stopwatch _watch = Stopwatch.StartNew();
    private readonly Lock _gate = new();
    private readonly Timer _timer;
    private TimeSpan _applied;

    public RealTimeTicker(FakeTimeProvider clock)
    {
        _clock = clock;
        _timer = new Timer(_ => Tick(), null, Resolution, Resolution);
    }

    private void Tick()
    {
        lock (_gate)
        {
            var elapsed = _watch.Elapsed;
            _clock.Advance(elapsed - _applied);
            _applied = elapsed;
        }
    }

    public void Dispose() => _timer.Dispose();
}
