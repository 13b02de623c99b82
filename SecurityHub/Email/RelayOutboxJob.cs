using Quartz;

namespace SecurityHub.Email;

/// <summary>
/// PLACEHOLDER so the jobs branch builds: the real relay is written in the email branch, and its
/// version replaces this file at merge.
/// </summary>
[DisallowConcurrentExecution]
public sealed class RelayOutboxJob : IJob
{
    public ValueTask Execute(IJobExecutionContext context, CancellationToken cancellationToken) => ValueTask.CompletedTask;
}
