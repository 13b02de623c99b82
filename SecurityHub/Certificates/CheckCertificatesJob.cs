using SecurityHub.Jobs;

namespace SecurityHub.Certificates;

/// <summary>Checks every enabled endpoint and prunes old history (scheduled in Jobs/JobSchedules). One run at a time.</summary>
public sealed class CheckCertificatesJob(CertificateMonitor monitor) : IScheduledJob
{
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        var summary = await monitor.CheckAsync(cancellationToken: cancellationToken);
        return summary.ToString();
    }
}
