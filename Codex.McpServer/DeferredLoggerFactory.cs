using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>
/// An <see cref="ILoggerFactory"/> that builds the real one (Microsoft.Extensions.Logging.Console,
/// with its options and DI container) only when a message at an enabled level is first written.
/// Building it costs ~30 ms, which would otherwise sit on the path to the <c>initialize</c>
/// answer; with the default level (warn) a quiet start never pays it.
/// </summary>
internal sealed class DeferredLoggerFactory(LogLevel minimumLevel, Func<ILoggerFactory> create, Func<LogLevel, bool>? alsoEnabled = null) : ILoggerFactory
{
    private readonly Lazy<ILoggerFactory> _factory = new(create, LazyThreadSafetyMode.ExecutionAndPublication);

    public ILogger CreateLogger(string categoryName) => new DeferredLogger(this, categoryName);

    public void AddProvider(ILoggerProvider provider) => _factory.Value.AddProvider(provider);

    public void Dispose()
    {
        if (_factory.IsValueCreated)
        {
            _factory.Value.Dispose();
        }
    }

    private bool IsEnabled(LogLevel level) =>
        level != LogLevel.None && (level >= minimumLevel || alsoEnabled?.Invoke(level) == true);

    private sealed class DeferredLogger(DeferredLoggerFactory owner, string category) : ILogger
    {
        private ILogger? _logger;

        private ILogger Logger => _logger ??= owner._factory.Value.CreateLogger(category);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => owner._factory.IsValueCreated ? Logger.BeginScope(state) : null;

        public bool IsEnabled(LogLevel logLevel) => owner.IsEnabled(logLevel);

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (owner.IsEnabled(logLevel))
            {
                Logger.Log(logLevel, eventId, state, exception, formatter);
            }
        }
    }
}
