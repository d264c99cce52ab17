using System.Globalization;
using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tasks;

/// <summary>One MCP task: a turn with a task id, its times and TTL. Its status follows the turn's.</summary>
internal sealed class TaskEntry(string id, RunningTurn turn, TimeSpan ttl, DateTimeOffset createdAt)
{
    public string Id { get; } = id;

    public RunningTurn Turn { get; } = turn;

    public DateTimeOffset CreatedAt { get; } = createdAt;

    public TimeSpan Ttl { get; } = ttl;

    public DateTimeOffset LastUpdatedAt { get; set; } = createdAt;

    /// <summary>The status last sent in <c>notifications/tasks/status</c>.</summary>
    public string? LastSentStatus { get; set; }

    /// <summary>Set by <c>tasks/cancel</c>: the task counts as cancelled even while its turn winds down.</summary>
    public bool CancelRequested { get; set; }

    public string Status => Turn.Completion?.Status switch
    {
        null when CancelRequested => McpTaskStatus.Cancelled,
        CodexTurnStatus.Completed => McpTaskStatus.Completed,
        CodexTurnStatus.Failed => McpTaskStatus.Failed,
        null => Turn.Approvals.HasPending ? McpTaskStatus.InputRequired : McpTaskStatus.Working,
        _ => McpTaskStatus.Cancelled,
    };

    public bool Expired(DateTimeOffset now) => McpTaskStatus.IsTerminal(Status) && now > CreatedAt + Ttl;

    public McpTask ToWire(long pollIntervalMs)
    {
        var status = Status;
        return new McpTask
        {
            TaskId = Id,
            Status = status,
            StatusMessage = StatusMessage(status),
            CreatedAt = CreatedAt.ToString("O", CultureInfo.InvariantCulture),
            LastUpdatedAt = LastUpdatedAt.ToString("O", CultureInfo.InvariantCulture),
            Ttl = (long)Ttl.TotalMilliseconds,
            PollInterval = McpTaskStatus.IsTerminal(status) ? null : pollIntervalMs,
        };
    }

    private string StatusMessage(string status) => status switch
    {
        McpTaskStatus.InputRequired when Turn.Approvals.Pending is [var first, ..] =>
            $"waiting for approval {first.ApprovalId}: {first.Summary}",
        McpTaskStatus.Working => Turn.ThreadId is { } thread ? $"Codex is working on thread {thread}" : "Codex is starting",
        _ => $"the turn is over ({Turn.Completion?.Status})",
    };
}
