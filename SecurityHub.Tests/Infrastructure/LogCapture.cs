using System.Collections.Concurrent;

namespace SecurityHub.Tests.Infrastructure;

/// <summary>Keeps every formatted log message so tests can read what the app printed (the setup code, say).</summary>
public sealed class LogCapture : ILoggerProvider
{
    private readonly ConcurrentQueue<string> _messages = new();
    private readonly ConcurrentQueue<string> _exceptions = new();

    public IReadOnlyCollection<string> Messages => _messages;

    /// <summary>Every exception the app logged, in full, with the message it came with (for failure evidence).</summary>
    public IReadOnlyCollection<string> Exceptions => _exceptions;

    public ILogger CreateLogger(string categoryName) => new CaptureLogger(this);

    public void Dispose()
    {
    }

    private sealed class CaptureLogger(LogCapture owner) : ILogger
    {
        public IDisposable? BeginScope<TState>(TState state) where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Information;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            var message = formatter(state, exception);
            owner._messages.Enqueue(message);
            if (exception is not null)
            {
                owner._exceptions.Enqueue($"{message}\n{exception}");
            }
        }
    }
}
