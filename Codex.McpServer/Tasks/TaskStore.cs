using System.Collections.Concurrent;
using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Tasks;

/// <summary>
/// The MCP tasks of this connection (2025-11-25): a task is a background turn with a task id. It
/// outlives its <c>tools/call</c>; a finished task's result is kept until its TTL from creation
/// runs out. Status changes go to the client as <c>notifications/tasks/status</c>.
/// </summary>
internal sealed class TaskStore(JsonRpcConnection connection, ILogger logger)
{
    /// <summary>The TTL when the client asks for none.</summary>
    public static readonly TimeSpan DefaultTtl = TimeSpan.FromHours(1);

    /// <summary>The longest TTL granted.</summary>
    public static readonly TimeSpan MaxTtl = TimeSpan.FromHours(24);

    /// <summary>The poll interval suggested to clients, in milliseconds.</summary>
    public const long PollIntervalMs = 1000;

    private readonly ConcurrentDictionary<string, TaskEntry> _tasks = new(StringComparer.Ordinal);

    public TaskEntry Create(RunningTurn turn, long? requestedTtlMs)
    {
        var ttl = requestedTtlMs is > 0 ? TimeSpan.FromMilliseconds(Math.Min(requestedTtlMs.Value, MaxTtl.TotalMilliseconds)) : DefaultTtl;
        var entry = new TaskEntry(turn.TaskId!, turn, ttl, DateTimeOffset.UtcNow);
        entry.LastSentStatus = entry.Status;
        _tasks[entry.Id] = entry;
        turn.StateChanged += () => OnChanged(entry);
        return entry;
    }

    /// <summary>The task, or <c>-32602</c> when it is unknown or expired.</summary>
    public TaskEntry Get(string taskId)
    {
        Sweep();
        return _tasks.TryGetValue(taskId, out var entry)
            ? entry
            : throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, $"Unknown task '{taskId}' (never created, or its TTL has run out).");
    }

    public IReadOnlyList<TaskEntry> List()
    {
        Sweep();
        return [.. _tasks.Values.OrderBy(t => t.CreatedAt)];
    }

    private void Sweep()
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var (id, entry) in _tasks)
        {
            if (entry.Expired(now))
            {
                _tasks.TryRemove(id, out _);
            }
        }
    }

    private void OnChanged(TaskEntry entry)
    {
        var status = entry.Status;
        lock (entry)
        {
            if (status == entry.LastSentStatus)
            {
                return;
            }

            entry.LastSentStatus = status;
            entry.LastUpdatedAt = DateTimeOffset.UtcNow;
        }

        _ = NotifyAsync(entry);
    }

    private async Task NotifyAsync(TaskEntry entry)
    {
        try
        {
            await connection.SendNotificationAsync(McpMethods.TasksStatus, entry.ToWire(PollIntervalMs), ProtocolJsonContext.Default.McpTask).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            logger.LogDebug("Task status of {Task} not sent: {Message}", entry.Id, ex.Message);
        }
    }
}
