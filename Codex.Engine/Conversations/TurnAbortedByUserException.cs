namespace Codex.Engine.Conversations;

/// <summary>The user answered an approval with <c>abort</c>: the whole turn stops.</summary>
internal sealed class TurnAbortedByUserException() : Exception("The user aborted the turn.");
