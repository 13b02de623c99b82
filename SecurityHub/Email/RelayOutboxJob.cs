using SecurityHub.Jobs;

namespace SecurityHub.Email;

/// <summary>Delivers due outbox messages (scheduled in Jobs/JobSchedules). One run at a time.</summary>
public sealed class RelayOutboxJob(OutboxRelay relay) : IScheduledJob
{
    public async Task<string?> RunAsync(CancellationToken cancellationToken)
    {
        var result = await relay.RelayDueAsync(cancellationToken);
        return result.ToString();
    }
}
