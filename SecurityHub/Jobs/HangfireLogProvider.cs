using Hangfire.AspNetCore;
using Hangfire.Logging;

namespace SecurityHub.Jobs;

/// <summary>
/// Hangfire's logging, through the app's ILoggerFactory. Hangfire keeps its log provider in a static, so when
/// several hosts share a process (the tests) it can point at a host that was stopped; a logger asked for then
/// stays silent instead of failing the job that asked (Hangfire creates loggers while it schedules jobs).
/// </summary>
internal sealed class HangfireLogProvider(ILoggerFactory loggerFactory) : ILogProvider
{
    private readonly AspNetCoreLogProvider _inner = new(loggerFactory);

    public ILog GetLogger(string name)
    {
        try
        {
            return _inner.GetLogger(name);
        }
        catch (ObjectDisposedException)
        {
            return Silent.Instance;
        }
    }

    private sealed class Silent : ILog
    {
        public static readonly Silent Instance = new();

        public bool Log(Hangfire.Logging.LogLevel logLevel, Func<string>? messageFunc, Exception? exception = null) => false;
    }
}
