using Codex.McpServer.Prompts;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Methods;

/// <summary><c>prompts/list</c> and <c>prompts/get</c> over the <see cref="PromptCatalog"/>.</summary>
internal sealed class PromptsHandler(PromptCatalog prompts)
{
    public ValueTask<JsonRpcReply> ListAsync(JsonRpcRequest request, CancellationToken cancellationToken) =>
        ValueTask.FromResult(JsonRpcReply.Result(
            new ListPromptsResult { Prompts = [.. prompts.Templates.Select(t => t.Definition)] },
            ProtocolJsonContext.Default.ListPromptsResult));

    public ValueTask<JsonRpcReply> GetAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        var parameters = RequestParams.Read(request, ProtocolJsonContext.Default.GetPromptRequestParams);
        return ValueTask.FromResult(JsonRpcReply.Result(prompts.Get(parameters.Name, parameters.Arguments), ProtocolJsonContext.Default.GetPromptResult));
    }
}
