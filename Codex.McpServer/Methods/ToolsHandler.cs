using Codex.McpServer.Tools;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary><c>tools/list</c> and <c>tools/call</c> over the <see cref="ToolTable"/>.</summary>
internal sealed class ToolsHandler(ToolTable tools)
{
    public ValueTask<JsonRpcReply> ListAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(new ListToolsResult { Tools = tools.Definitions }, ProtocolJsonContext.Default.ListToolsResult));

    public async ValueTask<JsonRpcReply> CallAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = RequestParams.Read(request, ProtocolJsonContext.Default.CallToolRequestParams);
        var call = new ToolCallContext(request.Id, parameters);
        CallToolResult result;
        try
        {
            result = await tools.CallAsync(call, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            // E.g. the last progress notification: none may follow the response.
            await call.RunBeforeResponseAsync().ConfigureAwait(false);
        }

        return JsonRpcReply.Result(result, ProtocolJsonContext.Default.CallToolResult);
    }
}
