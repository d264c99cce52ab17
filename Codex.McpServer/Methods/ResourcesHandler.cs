using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary><c>resources/list</c> and <c>resources/templates/list</c>: none yet, answered as empty lists.</summary>
internal sealed class ResourcesHandler
{
    public ValueTask<JsonRpcReply> ListAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(new ListResourcesResult { Resources = [] }, ProtocolJsonContext.Default.ListResourcesResult));

    public ValueTask<JsonRpcReply> ListTemplatesAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(new ListResourceTemplatesResult { ResourceTemplates = [] }, ProtocolJsonContext.Default.ListResourceTemplatesResult));
}
