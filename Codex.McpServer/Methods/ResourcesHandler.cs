using System.Text.Json;
using Codex.McpServer.Resources;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary>
/// <c>resources/list</c>, <c>resources/templates/list</c>, <c>resources/read</c>,
/// <c>resources/subscribe</c> and <c>resources/unsubscribe</c> over the saved threads.
/// </summary>
internal sealed class ResourcesHandler(ThreadResources threads, ResourceSubscriptions subscriptions)
{
    public ValueTask<JsonRpcReply> ListAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var cursor = request.Params is { ValueKind: JsonValueKind.Object }
            ? RequestParams.Read(request, ProtocolJsonContext.Default.PaginatedRequestParams).Cursor
            : null;
        return ValueTask.FromResult(JsonRpcReply.Result(threads.List(cursor), ProtocolJsonContext.Default.ListResourcesResult));
    }

    public ValueTask<JsonRpcReply> ListTemplatesAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(
            new ListResourceTemplatesResult { ResourceTemplates = ThreadResources.Templates },
            ProtocolJsonContext.Default.ListResourceTemplatesResult));

    public async ValueTask<JsonRpcReply> ReadAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var uri = RequestParams.Read(request, ProtocolJsonContext.Default.ResourceUriParams).Uri;
        var result = await threads.ReadAsync(uri, cancellationToken).ConfigureAwait(false);
        return JsonRpcReply.Result(result, ProtocolJsonContext.Default.ReadResourceResult);
    }

    public ValueTask<JsonRpcReply> SubscribeAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var uri = RequestParams.Read(request, ProtocolJsonContext.Default.ResourceUriParams).Uri;
        if (!threads.Exists(uri))
        {
            throw ThreadResources.NotFound(uri, $"Resource not found: `{uri}` names no saved thread, so there is nothing to subscribe to.");
        }

        subscriptions.Subscribe(uri);
        return ValueTask.FromResult(McpServer.Empty);
    }

    public ValueTask<JsonRpcReply> UnsubscribeAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        subscriptions.Unsubscribe(RequestParams.Read(request, ProtocolJsonContext.Default.ResourceUriParams).Uri);
        return ValueTask.FromResult(McpServer.Empty);
    }
}
