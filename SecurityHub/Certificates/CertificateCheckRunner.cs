namespace SecurityHub.Certificates;

/// <summary>
/// "Check now" in the background: one run at a time for the whole app, so a click never blocks the page
/// and a second click while a run is going shows the same progress instead of starting another.
/// </summary>
public sealed class CertificateCheckRunner(CertificateMonitor monitor, ILogger<CertificateCheckRunner> logger, IHostApplicationLifetime lifetime)
{
    private readonly Lock _gate = new();
    private Task? _running;

    /// <summary>The current or last run's progress; null before the first run.</summary>
    public CheckRunProgress? Progress { get; private set; }

    public bool IsRunning
    {
        get
        {
            lock (_gate)
            {
                return _running is { IsCompleted: false };
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
            if (_running is { IsCompleted: false })
            {
                return false;
            }
            Progress = new CheckRunProgress(0, endpointIds?.Count ?? 0);
            var progress = new Progress<CheckRunProgress>(p =>
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
}
