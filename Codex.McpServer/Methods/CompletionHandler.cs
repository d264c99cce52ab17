using Codex.McpServer.Prompts;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary><c>completion/complete</c> over the <see cref="ArgumentCompleter"/>.</summary>
internal sealed class CompletionHandler(ArgumentCompleter completer)
{
    public ValueTask<JsonRpcReply> CompleteAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = RequestParams.Read(request, ProtocolJsonContext.Default.CompleteRequestParams);
        return ValueTask.FromResult(JsonRpcReply.Result(new CompleteResult { Completion = completer.Complete(parameters) }, ProtocolJsonContext.Default.CompleteResult));
    }
}
