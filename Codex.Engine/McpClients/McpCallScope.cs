namespace Codex.Engine.McpClients;

/// <summary>A tool call in flight on a server: what an elicitation arriving meanwhile is attributed to.</summary>
/// <param name="ConversationId">The calling conversation.</param>
/// <param name="Tool">The tool's name on the server.</param>
/// <param name="Timeout">How long the user may take to answer an elicitation.</param>
internal sealed record McpCallScope(string ConversationId, string Tool, TimeSpan Timeout);
