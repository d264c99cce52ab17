using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// The <c>structuredContent</c> of a <c>codex</c>/<c>codex-reply</c> result:
/// <c>{threadId, conversationId, content}</c>. The result's text blocks carry the same message and
/// a <c>conversationId: …</c> line for clients that drop structured content.
/// </summary>
public sealed record CodexToolOutput
{
    /// <summary>The conversation id.</summary>
    [JsonPropertyName("threadId")]
    public required string ThreadId { get; init; }

    /// <summary>The same id, under the original name.</summary>
    [JsonPropertyName("conversationId")]
    public required string ConversationId { get; init; }

    /// <summary>The last agent message of the turn.</summary>
    [JsonPropertyName("content")]
    public required string Content { get; init; }

    // The turn report: what the turn did, so an orchestrator can check the work without parsing
    // prose. Absent when no turn ran (e.g. an unknown thread id).

    /// <summary>The files the turn's patches changed, in order.</summary>
    [JsonPropertyName("changedFiles")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CodexChangedFile>? ChangedFiles { get; init; }

    /// <summary>The turn's cumulative unified diff (git style), when it changed files.</summary>
    [JsonPropertyName("diff")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Diff { get; init; }

    /// <summary>The commands the turn ran, in order.</summary>
    [JsonPropertyName("commandsRun")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<CodexCommandRun>? CommandsRun { get; init; }

    /// <summary>The tokens the turn's model calls used, when the provider reported usage.</summary>
    [JsonPropertyName("tokenUsage")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public TokenUsage? TokenUsage { get; init; }

    /// <summary>The turn's wall time in milliseconds.</summary>
    [JsonPropertyName("durationMs")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public long? DurationMs { get; init; }

    // Long turns (background mode, call timeout, approval inbox), kept together.

    /// <summary>One of <see cref="CodexTurnStatus"/>; absent only from servers that predate it.</summary>
    [JsonPropertyName("status")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Status { get; init; }

    /// <summary>Seconds since the turn started.</summary>
    [JsonPropertyName("elapsedSeconds")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public double? ElapsedSeconds { get; init; }

    /// <summary>Approvals the turn waits for; answer each with <c>codex-approve</c>.</summary>
    [JsonPropertyName("pendingApprovals")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PendingApprovalInfo>? PendingApprovals { get; init; }

    /// <summary>The latest progress lines of the turn, oldest first.</summary>
    [JsonPropertyName("recentProgress")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<string>? RecentProgress { get; init; }

    /// <summary>What to do next, in one line.</summary>
    [JsonPropertyName("next")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Next { get; init; }
}

/// <summary>The <c>status</c> values of <see cref="CodexToolOutput"/>.</summary>
public static class CodexTurnStatus
{
    /// <summary>The turn is still running.</summary>
    public const string Running = "running";

    /// <summary>The turn waits for an approval (see <c>pendingApprovals</c>).</summary>
    public const string WaitingForApproval = "waiting_for_approval";

    /// <summary>The turn finished; <c>content</c> is Codex's last message.</summary>
    public const string Completed = "completed";

    /// <summary>The turn failed; <c>content</c> says why.</summary>
    public const string Failed = "failed";

    /// <summary>The turn was cancelled or aborted.</summary>
    public const string Interrupted = "interrupted";

    /// <summary>Every value, in schema order.</summary>
    public static IReadOnlyList<string> All { get; } = [Running, WaitingForApproval, Completed, Failed, Interrupted];
}

/// <summary>An approval parked in the server's inbox, as results show it.</summary>
public sealed record PendingApprovalInfo
{
    /// <summary>The id to pass to <c>codex-approve</c>.</summary>
    [JsonPropertyName("approvalId")]
    public required string ApprovalId { get; init; }

    /// <summary><c>exec</c> (a command) or <c>patch</c> (file changes).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }

    /// <summary>The command line or the files, in one line.</summary>
    [JsonPropertyName("summary")]
    public required string Summary { get; init; }

    /// <summary>The command's working directory (exec only).</summary>
    [JsonPropertyName("cwd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Cwd { get; init; }

    /// <summary>Why Codex asks, when known.</summary>
    [JsonPropertyName("reason")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Reason { get; init; }
}


/// <summary>A file a turn changed, in <see cref="CodexToolOutput.ChangedFiles"/>.</summary>
public sealed record CodexChangedFile
{
    /// <summary>The file's absolute path.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }

    /// <summary><c>add</c>, <c>delete</c> or <c>update</c> (a move is a delete and an add).</summary>
    [JsonPropertyName("kind")]
    public required string Kind { get; init; }
}

/// <summary>A command a turn ran, in <see cref="CodexToolOutput.CommandsRun"/>.</summary>
public sealed record CodexCommandRun
{
    /// <summary>The command line, shell-quoted.</summary>
    [JsonPropertyName("command")]
    public required string Command { get; init; }

    /// <summary>The exit code; -1 when it could not start or the sandbox denied it.</summary>
    [JsonPropertyName("exitCode")]
    public required int ExitCode { get; init; }

    /// <summary>How long it ran, in milliseconds.</summary>
    [JsonPropertyName("durationMs")]
    public required long DurationMs { get; init; }
}
