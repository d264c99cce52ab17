namespace Codex.Engine.Conversations;

/// <summary>
/// A conversation that is not in memory could not be resumed from its rollout file (it could not
/// be read, or is not a rollout). The message says which file and why.
/// </summary>
public sealed class ConversationResumeException(string message, Exception inner) : Exception(message, inner);
