using Codex.Engine.Conversations;
using Codex.McpServer.Progress;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;

namespace Codex.McpServer;

/// <summary>
/// Turns the engine's events of one <c>tools/call</c> into <c>codex/event</c> notifications with
/// <c>_meta.requestId</c> (the call's id, original JSON type), <c>_meta.threadId</c> and
/// <c>_meta.seq</c> (0, 1, 2, … per call, so a client that handles notifications concurrently can
/// restore their order), and hands each event to the call's <see cref="ProgressReporter"/>, if
/// the client asked for progress. It also keeps resource subscribers of the thread informed.
/// </summary>
internal sealed class EventForwarder(JsonRpcConnection connection, RequestId requestId, string? conversationId, Resources.ResourceSubscriptions subscriptions, ProgressReporter? progress = null) : IEventSink
{
    // The engine delivers a call's events one at a time (EventPump), so a plain counter is enough.
    private long _seq;

    public string? ConversationId { get; private set; } = conversationId;

    public async ValueTask EmitAsync(string submissionId, EventMsg message, CancellationToken cancellationToken)
    {
        if (message is SessionConfiguredEvent configured)
        {
            ConversationId = configured.SessionId;
            await subscriptions.ListChangedAsync().ConfigureAwait(false);
        }
        else if (ConversationId is { } thread)
        {
            subscriptions.Touch(thread);
        }

        var envelope = new CodexEvent
        {
            Meta = new CodexEventMeta { RequestId = requestId, ThreadId = ConversationId, Seq = _seq++ },
            Id = submissionId,
            Msg = message,
        };
        progress?.Observe(message);
        await connection.SendNotificationAsync(CodexEvent.Method, envelope, ProtocolJsonContext.Default.CodexEvent, cancellationToken).ConfigureAwait(false);
    }
}
