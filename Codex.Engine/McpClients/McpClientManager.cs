using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace Codex.Engine.McpClients;

/// <summary>
/// The process's clients of the agent's MCP servers: one per server name and configuration, shared
/// by every conversation, started when a turn first needs it and stopped (child processes ended)
/// on dispose. A start that failed is forgotten, so a later turn tries again.
/// </summary>
public sealed class McpClientManager : IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, Lazy<Task<McpServerSession>>> _sessions = new(StringComparer.Ordinal);
    private readonly CancellationTokenSource _stopping = new();
    private readonly IMcpElicitationForwarder? _elicitations;
    private readonly Func<string, string?> _environment;
    private readonly ILoggerFactory _loggerFactory;
    private readonly ILogger _logger;

    /// <summary>Creates the manager.</summary>
    public McpClientManager(IMcpElicitationForwarder? elicitations, ILoggerFactory loggerFactory, Func<string, string?>? environment = null)
    {
        _elicitations = elicitations;
        _loggerFactory = loggerFactory;
        _environment = environment ?? Environment.GetEnvironmentVariable;
        _logger = loggerFactory.CreateLogger<McpClientManager>();
    }

    /// <summary>The running (or starting) session of <paramref name="config"/>, bounded by its startup timeout.</summary>
    /// <exception cref="McpServerStartException">It did not start.</exception>
    public Task<McpServerSession> GetAsync(McpServerConfig config)
    {
        ObjectDisposedException.ThrowIf(_stopping.IsCancellationRequested, this);
        var entry = _sessions.GetOrAdd(config.ClientKey, _ => new Lazy<Task<McpServerSession>>(() => StartAsync(config)));
        var task = entry.Value;
        if (task.IsFaulted || task.IsCanceled)
        {
            _sessions.TryRemove(new KeyValuePair<string, Lazy<Task<McpServerSession>>>(config.ClientKey, entry));
        }
        else if (!task.IsCompleted)
        {
            _ = task.ContinueWith(
                t => _sessions.TryRemove(new KeyValuePair<string, Lazy<Task<McpServerSession>>>(config.ClientKey, entry)),
                CancellationToken.None,
                TaskContinuationOptions.NotOnRanToCompletion | TaskContinuationOptions.ExecuteSynchronously,
                TaskScheduler.Default);
        }

        return task;
    }

    /// <summary>Starts a server on its own, for <c>mcp list --check</c>: whether it starts and how many tools it offers.</summary>
    public static async Task<McpServerSession> StartOnceAsync(McpServerConfig config, ILoggerFactory loggerFactory, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(config.StartupTimeout);
        try
        {
            return await McpServerSession.StartAsync(config, null, Environment.GetEnvironmentVariable, loggerFactory, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw TimedOut(config);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync().ConfigureAwait(false);
        var stops = _sessions.Values.Where(e => e.IsValueCreated).Select(async entry =>
        {
            try
            {
                var session = await entry.Value.ConfigureAwait(false);
                await session.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // It never started; its start disposed what it had.
                _logger.LogDebug("MCP server start ended at shutdown: {Message}", ex.Message);
            }
        });
        await Task.WhenAll(stops).ConfigureAwait(false);
        _sessions.Clear();
        _stopping.Dispose();
    }

    private static McpServerStartException TimedOut(McpServerConfig config) =>
        new($"it did not start within {config.StartupTimeout.TotalSeconds:0.###} s (startup_timeout_sec)");

    private async Task<McpServerSession> StartAsync(McpServerConfig config)
    {
        // Off the caller's stack: the caller is a turn, and the start outlives it when it is shared.
        await Task.Yield();
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stopping.Token);
        timeout.CancelAfter(config.StartupTimeout);
        try
        {
            return await McpServerSession.StartAsync(config, _elicitations, _environment, _loggerFactory, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!_stopping.IsCancellationRequested)
        {
            throw TimedOut(config);
        }
    }
}
