using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>Receives a turn's events in order; the MCP front end turns them into <c>codex/event</c>.</summary>
public interface IEventSink
{
    /// <summary>Delivers one event.</summary>
    /// <param name="submissionId">The envelope id: <c>""</c> for <c>session_configured</c>, else the turn's submission id.</param>
    /// <param name="message">The event.</param>
    /// <param name="cancellationToken">Cancels delivery.</param>
    ValueTask EmitAsync(string submissionId, EventMsg message, CancellationToken cancellationToken);
}
