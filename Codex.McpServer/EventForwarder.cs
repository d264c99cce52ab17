using Codex.Engine.Conversations;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;

namespace Codex.McpServer;

/// <summary>
/// Turns the engine's events of one <c>tools/call</c> into <c>codex/event</c> notifications with
/// <c>_meta.requestId</c> (the call's id, original JSON type) and <c>_meta.threadId</c>.
/// </summary>
internal sealed class EventForwarder(JsonRpcConnection connection, RequestId requestId, string? conversationId, Resources.ResourceSubscriptions subscriptions) : IEventSink
{
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
            Meta = new CodexEventMeta { RequestId = requestId, ThreadId = ConversationId },
            Id = submissionId,
            Msg = message,
        };
        await connection.SendNotificationAsync(CodexEvent.Method, envelope, ProtocolJsonContext.Default.CodexEvent, cancellationToken).ConfigureAwait(false);
    }
}
