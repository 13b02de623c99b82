namespace SecurityHub.Certificates;

/// <summary>
/// "Check now" in the background: one run at a time for the whole app, so a click never blocks the page
/// and a second click while a run is going shows the same progress instead of starting another.
/// </summary>
public sealed class CertificateCheckRunner(CertificateMonitor monitor, ILogger<CertificateCheckRunner> logger, IHostApplicationLifetime lifetime)
{
    private readonly Lock _gate = new();
    private Task? _running;
    private bool _active;

    /// <summary>The current or last run's progress; null before the first run.</summary>
    public CheckRunProgress? Progress { get; private set; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _active;
            }
        }
    }

    /// <summary>Raised (on a pool thread) as checks finish; pages re-render on it.</summary>
    public event Action? Changed;

    /// <summary>Starts checking the endpoints (all enabled ones when null); false when a run is already going.</summary>
    public bool TryStart(IReadOnlyCollection<int>? endpointIds)
    {
        lock (_gate)
        {
            if (_active)
            {
                return false;
            }
            _active = true;
            Progress = new CheckRunProgress(0, endpointIds?.Count ?? 0);
            // Reported synchronously on the checking thread: Progress<T> would post to the clicking circuit's context.
            var progress = new Reporter(p =>
            {
                Progress = p;
                Changed?.Invoke();
            });
            _running = Task.Run(async () =>
            {
                try
                {
                    await monitor.CheckAsync(endpointIds, progress, lifetime.ApplicationStopping);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Certificate check run failed");
                }
                finally
                {
                    // Not running any more before the last notice, so listeners see the finished state.
                    lock (_gate)
                    {
                        _active = false;
                    }
                    Changed?.Invoke();
                }
            });
            return true;
        }
    }

    /// <summary>Waits for the current run (tests and shutdown).</summary>
    public Task WaitAsync()
    {
        lock (_gate)
        {
            return _running ?? Task.CompletedTask;
        }
    }

    private sealed class Reporter(Action<CheckRunProgress> report) : IProgress<CheckRunProgress>
    {
        public void Report(CheckRunProgress value) => report(value);
    }
}
