using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary><c>prompts/list</c>: none yet, answered as an empty list.</summary>
internal sealed class PromptsHandler
{
    public ValueTask<JsonRpcReply> ListAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(new ListPromptsResult { Prompts = [] }, ProtocolJsonContext.Default.ListPromptsResult));
}
