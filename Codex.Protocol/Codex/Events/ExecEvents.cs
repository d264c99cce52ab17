using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary><c>exec_command_begin</c>: a shell command is about to run.</summary>
public sealed record ExecCommandBeginEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The argv.</summary>
    [JsonPropertyName("command")]
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The absolute working directory.</summary>
    [JsonPropertyName("cwd")]
    public required string Cwd { get; init; }

    /// <summary>A summary of what the command does.</summary>
    [JsonPropertyName("parsed_cmd")]
    public required IReadOnlyList<ParsedCommand> ParsedCmd { get; init; }
}

/// <summary>Which output stream a chunk came from.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<ExecOutputStream>))]
public enum ExecOutputStream
{
    /// <summary>Standard output.</summary>
    [JsonStringEnumMemberName("stdout")] Stdout,

    /// <summary>Standard error.</summary>
    [JsonStringEnumMemberName("stderr")] Stderr,
}

/// <summary><c>exec_command_output_delta</c>: a chunk of live output (base64 on the wire).</summary>
public sealed record ExecCommandOutputDeltaEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The stream.</summary>
    [JsonPropertyName("stream")]
    public required ExecOutputStream Stream { get; init; }

    /// <summary>The raw bytes (at most 8192).</summary>
    [JsonPropertyName("chunk")]
    public required byte[] Chunk { get; init; }
}

/// <summary><c>exec_command_end</c>: the command finished, failed or was rejected.</summary>
public sealed record ExecCommandEndEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>All of standard output.</summary>
    [JsonPropertyName("stdout")]
    public required string Stdout { get; init; }

    /// <summary>All of standard error.</summary>
    [JsonPropertyName("stderr")]
    public required string Stderr { get; init; }

    /// <summary>Both streams, interleaved as read.</summary>
    [JsonPropertyName("aggregated_output")]
    public required string AggregatedOutput { get; init; }

    /// <summary>The exit code (124 on timeout, -1 when rejected or unavailable).</summary>
    [JsonPropertyName("exit_code")]
    public required int ExitCode { get; init; }

    /// <summary>How long it ran (<c>{secs, nanos}</c> on the wire).</summary>
    [JsonPropertyName("duration")]
    public required Duration Duration { get; init; }

    /// <summary>The possibly truncated text the model sees.</summary>
    [JsonPropertyName("formatted_output")]
    public required string FormattedOutput { get; init; }
}

/// <summary><c>exec_approval_request</c>: the agent asks before running a command.</summary>
public sealed record ExecApprovalRequestEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The argv.</summary>
    [JsonPropertyName("command")]
    public required IReadOnlyList<string> Command { get; init; }

    /// <summary>The absolute working directory.</summary>
    [JsonPropertyName("cwd")]
    public required string Cwd { get; init; }

    /// <summary>Why approval is needed; omitted when absent.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }

    /// <summary>A summary of what the command does.</summary>
    [JsonPropertyName("parsed_cmd")]
    public required IReadOnlyList<ParsedCommand> ParsedCmd { get; init; }
}

/// <summary><c>view_image_tool_call</c>: the model attached a local image.</summary>
public sealed record ViewImageToolCallEvent : EventMsg
{
    /// <summary>The model's tool call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The image file.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }
}

/// <summary><c>web_search_begin</c>: a hosted web search started.</summary>
public sealed record WebSearchBeginEvent : EventMsg
{
    /// <summary>The call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }
}

/// <summary><c>web_search_end</c>: a hosted web search finished.</summary>
public sealed record WebSearchEndEvent : EventMsg
{
    /// <summary>The call id.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The query.</summary>
    [JsonPropertyName("query")]
    public required string Query { get; init; }
}
