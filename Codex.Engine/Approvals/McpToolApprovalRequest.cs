using System.Text.Json;

namespace Codex.Engine.Approvals;

/// <summary>A call of a tool of one of the agent's MCP servers that needs approval.</summary>
/// <param name="ConversationId">The conversation.</param>
/// <param name="SubmissionId">The turn's submission id.</param>
/// <param name="CallId">The model's tool call id.</param>
/// <param name="Server">The server's name in config.toml.</param>
/// <param name="Tool">The tool's name on that server.</param>
/// <param name="Arguments">The arguments, or null.</param>
/// <param name="Timeout">How long to wait for an answer.</param>
public sealed record McpToolApprovalRequest(
    string ConversationId,
    string SubmissionId,
    string CallId,
    string Server,
    string Tool,
    JsonElement? Arguments,
    TimeSpan Timeout);
