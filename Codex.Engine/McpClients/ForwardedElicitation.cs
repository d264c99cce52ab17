using System.Text.Json;

namespace Codex.Engine.McpClients;

/// <summary>An elicitation an agent MCP server asked for during a tool call.</summary>
/// <param name="Server">The server's name in config.toml.</param>
/// <param name="ConversationId">The conversation whose tool call it came during, when known.</param>
/// <param name="Tool">The tool being called, when known.</param>
/// <param name="Message">The server's question.</param>
/// <param name="RequestedSchema">The schema of the answer's content.</param>
/// <param name="Timeout">How long to wait for the user.</param>
public sealed record ForwardedElicitation(string Server, string? ConversationId, string? Tool, string Message, JsonElement RequestedSchema, TimeSpan Timeout);
