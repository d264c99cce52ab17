namespace Codex.Engine.Conversations;

/// <summary>No conversation with that id exists in memory or in CODEX_HOME/sessions.</summary>
public sealed class ConversationNotFoundException(string conversationId)
    : Exception($"Session not found for conversation_id: {conversationId}. It was neither running in this server nor saved under CODEX_HOME/sessions.")
{
    /// <summary>The id that was asked for.</summary>
    public string ConversationId { get; } = conversationId;
}
