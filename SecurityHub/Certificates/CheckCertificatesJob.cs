using Quartz;

namespace SecurityHub.Certificates;

/// <summary>Checks every enabled endpoint and prunes old history (scheduled in Jobs/JobSchedules). One run at a time.</summary>
[DisallowConcurrentExecution]
public sealed class CheckCertificatesJob(CertificateMonitor monitor) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var summary = await monitor.CheckAsync(cancellationToken: cancellationToken);
        context.Result = summary.ToString();
    }
}
