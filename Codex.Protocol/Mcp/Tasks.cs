using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The <c>status</c> values of an MCP task.</summary>
public static class McpTaskStatus
{
    /// <summary>The request is being processed.</summary>
    public const string Working = "working";

    /// <summary>The receiver waits for input from the requestor (here: an approval).</summary>
    public const string InputRequired = "input_required";

    /// <summary>Finished; <c>tasks/result</c> returns the result.</summary>
    public const string Completed = "completed";

    /// <summary>Finished with a failure.</summary>
    public const string Failed = "failed";

    /// <summary>Cancelled before it finished.</summary>
    public const string Cancelled = "cancelled";

    /// <summary>Whether <paramref name="status"/> is one a task never leaves.</summary>
    public static bool IsTerminal(string status) => status is Completed or Failed or Cancelled;
}

/// <summary>The <c>task</c> member of a task-augmented request.</summary>
public sealed record TaskMetadata
{
    /// <summary>How long, in milliseconds from creation, the requestor wants the task kept.</summary>
    [JsonPropertyName("ttl")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? Ttl { get; init; }
}

/// <summary><c>_meta</c> of a request or result: the task it relates to.</summary>
public sealed record RequestMeta
{
    /// <summary>The <c>_meta</c> key that ties a message to a task.</summary>
    public const string RelatedTaskKey = "io.modelcontextprotocol/related-task";

    /// <summary>The related task.</summary>
    [JsonPropertyName(RelatedTaskKey)]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public RelatedTask? RelatedTask { get; init; }
}

/// <summary>The value of <c>io.modelcontextprotocol/related-task</c>.</summary>
public sealed record RelatedTask
{
    /// <summary>The task id.</summary>
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }
}

/// <summary>A task's state, as <c>tasks/get</c>, <c>tasks/list</c>, <c>tasks/cancel</c> and <c>notifications/tasks/status</c> carry it.</summary>
public sealed record McpTask
{
    /// <summary>The task id.</summary>
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }

    /// <summary>One of <see cref="McpTaskStatus"/>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>A human-readable note on the status.</summary>
    [JsonPropertyName("statusMessage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? StatusMessage { get; init; }

    /// <summary>ISO 8601 creation time.</summary>
    [JsonPropertyName("createdAt")]
    public required string CreatedAt { get; init; }

    /// <summary>ISO 8601 time of the last status change.</summary>
    [JsonPropertyName("lastUpdatedAt")]
    public required string LastUpdatedAt { get; init; }

    /// <summary>Milliseconds from creation that the task is kept; null for no limit.</summary>
    [JsonPropertyName("ttl")]
    public long? Ttl { get; init; }

    /// <summary>Suggested milliseconds between <c>tasks/get</c> polls.</summary>
    [JsonPropertyName("pollInterval")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? PollInterval { get; init; }
}

/// <summary>The immediate answer to a task-augmented request.</summary>
public sealed record CreateTaskResult
{
    /// <summary>The new task.</summary>
    [JsonPropertyName("task")]
    public required McpTask Task { get; init; }
}

/// <summary>The params of <c>tasks/get</c>, <c>tasks/result</c> and <c>tasks/cancel</c>.</summary>
public sealed record TaskIdParams
{
    /// <summary>The task id.</summary>
    [JsonPropertyName("taskId")]
    public required string TaskId { get; init; }
}

/// <summary>The result of <c>tasks/list</c>.</summary>
public sealed record ListTasksResult
{
    /// <summary>The tasks still kept.</summary>
    [JsonPropertyName("tasks")]
    public required IReadOnlyList<McpTask> Tasks { get; init; }

    /// <summary>The cursor of the next page; absent on the last.</summary>
    [JsonPropertyName("nextCursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}

/// <summary>The server's <c>tasks</c> capability.</summary>
public sealed record ServerTasksCapability
{
    /// <summary>Present when <c>tasks/list</c> is served.</summary>
    [JsonPropertyName("list")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EmptyObject? List { get; init; }

    /// <summary>Present when <c>tasks/cancel</c> is served.</summary>
    [JsonPropertyName("cancel")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EmptyObject? Cancel { get; init; }

    /// <summary>Which requests may be task-augmented.</summary>
    [JsonPropertyName("requests")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ServerTaskRequests? Requests { get; init; }
}

/// <summary>The <c>requests</c> member of <see cref="ServerTasksCapability"/>.</summary>
public sealed record ServerTaskRequests
{
    /// <summary>Tool requests; <c>{"call":{}}</c> when <c>tools/call</c> may be a task.</summary>
    [JsonPropertyName("tools")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ToolTaskRequests? Tools { get; init; }
}

/// <summary>The <c>tools</c> member of <see cref="ServerTaskRequests"/>.</summary>
public sealed record ToolTaskRequests
{
    /// <summary>Present when <c>tools/call</c> may be task-augmented.</summary>
    [JsonPropertyName("call")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public EmptyObject? Call { get; init; }
}
