using System.Text.Json;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>
/// Forwards log entries to the client as <c>notifications/message</c> once it has chosen a level
/// with <c>logging/setLevel</c>. Until then nothing is sent, so stdout stays quiet by default.
/// </summary>
internal sealed class McpClientLogSink : ILoggerProvider
{
    private JsonRpcConnection? _connection;
    private volatile object? _minimumLevel;

    /// <summary>The level the client asked for, or null when it has not asked.</summary>
    public LoggingLevel? MinimumLevel
    {
        get => (LoggingLevel?)_minimumLevel;
        set => _minimumLevel = value;
    }

    public void Attach(JsonRpcConnection connection) => _connection = connection;

    /// <summary>Whether the client asked for messages at <paramref name="level"/>.</summary>
    public bool IsEnabled(LogLevel level) => MinimumLevel is { } minimum && level != LogLevel.None && ToMcp(level) >= minimum;

    public ILogger CreateLogger(string categoryName) => new ForwardingLogger(this, categoryName);

    public void Dispose()
    {
    }

    private static LoggingLevel ToMcp(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => LoggingLevel.Debug,
        LogLevel.Information => LoggingLevel.Info,
        LogLevel.Warning => LoggingLevel.Warning,
        LogLevel.Error => LoggingLevel.Error,
        _ => LoggingLevel.Critical,
    };

    private sealed class ForwardingLogger(McpClientLogSink sink, string category) : ILogger
    {
        // The connection logs its own write failures; forwarding those would loop.
        private readonly bool _excluded = category.StartsWith("Codex.Protocol", StringComparison.Ordinal);

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) =>
            !_excluded && sink.IsEnabled(logLevel) && sink._connection is not null;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            var text = formatter(state, exception);
            if (exception is not null)
            {
                text += $": {exception.Message}";
            }

            var parameters = new LoggingMessageNotificationParams
            {
                Level = ToMcp(logLevel),
                Logger = category,
                Data = JsonSerializer.SerializeToElement(text, ProtocolJsonContext.Default.String),
            };
            _ = sink._connection!.SendNotificationAsync(McpMethods.LoggingMessage, parameters, ProtocolJsonContext.Default.LoggingMessageNotificationParams);
        }
    }
}
