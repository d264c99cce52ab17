namespace Codex.Engine.Conversations;

/// <summary>How a turn ended.</summary>
public enum TurnOutcome
{
    /// <summary>The model answered without further tool calls.</summary>
    Completed,

    /// <summary>The model or the engine failed (after retries); <see cref="TurnResult.ErrorMessage"/> says why.</summary>
    Failed,

    /// <summary>The caller cancelled the turn.</summary>
    Interrupted,

    /// <summary>The user answered an approval with <c>abort</c>.</summary>
    AbortedByUser,
}

/// <summary>The end of one turn.</summary>
/// <param name="Outcome">How it ended.</param>
/// <param name="ConversationId">The conversation.</param>
/// <param name="LastAgentMessage">The last assistant message of the turn, when completed.</param>
/// <param name="ErrorMessage">The failure, when failed.</param>
public sealed record TurnResult(TurnOutcome Outcome, string ConversationId, string? LastAgentMessage, string? ErrorMessage = null)
{
    /// <summary>What the turn did: changed files, diff, commands, tokens, duration. Null only for a result made outside a turn.</summary>
    public TurnSummary? Summary { get; init; }
}
