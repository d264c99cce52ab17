using System.Text.Json;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>One <c>tools/call</c> as a tool sees it: the request's id, its arguments and its <c>_meta</c>.</summary>
internal sealed record ToolCallContext(RequestId RequestId, CallToolRequestParams Params)
{
    /// <summary>The raw arguments, when the client sent any.</summary>
    public JsonElement? Arguments => Params.Arguments;
}
