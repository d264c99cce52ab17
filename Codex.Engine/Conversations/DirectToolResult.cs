namespace Codex.Engine.Conversations;

/// <summary>The end of one direct tool call.</summary>
/// <param name="ConversationId">The thread that records the server's direct calls for this cwd and policy.</param>
/// <param name="Output">What the tool returned, as the model would have seen it.</param>
/// <param name="Summary">What the call did (the command and its exit code, the changed files).</param>
public sealed record DirectToolResult(string ConversationId, string Output, TurnSummary Summary);
