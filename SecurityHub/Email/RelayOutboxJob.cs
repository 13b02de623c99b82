using Quartz;

namespace SecurityHub.Email;

/// <summary>Delivers due outbox messages (scheduled in Jobs/JobSchedules). One run at a time.</summary>
[DisallowConcurrentExecution]
public sealed class RelayOutboxJob(OutboxRelay relay) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken)
    {
        var result = await relay.RelayDueAsync(cancellationToken);
        context.Result = result.ToString();
    }
}
