namespace Codex.Engine.Conversations;

/// <summary>
/// A record could not be saved to a conversation's rollout file (full disk, file gone, I/O error).
/// The message names the file and the operating system's reason; the record is neither in the
/// file nor in the conversation's history.
/// </summary>
internal sealed class RolloutWriteException(string message, Exception inner) : IOException(message, inner);
