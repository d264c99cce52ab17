using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary><c>logging/setLevel</c>: the lowest level forwarded to the client as <c>notifications/message</c>.</summary>
internal sealed class LoggingHandler(McpClientLogSink clientLog)
{
    public ValueTask<JsonRpcReply> SetLevelAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = RequestParams.Read(request, ProtocolJsonContext.Default.SetLevelRequestParams);
        clientLog.MinimumLevel = parameters.Level;
        return ValueTask.FromResult(McpServer.Empty);
    }
}
