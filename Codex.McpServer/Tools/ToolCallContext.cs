using System.Text.Json;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>One <c>tools/call</c> as a tool sees it: the request's id, its arguments and its <c>_meta</c>.</summary>
internal sealed record ToolCallContext(RequestId RequestId, CallToolRequestParams Params)
{
    private readonly List<Func<ValueTask>> _beforeResponse = [];

    /// <summary>The raw arguments, when the client sent any.</summary>
    public JsonElement? Arguments => Params.Arguments;

    /// <summary>Registers work that must finish before the response is written (e.g. the last progress notification).</summary>
    public void BeforeResponse(Func<ValueTask> action)
    {
        lock (_beforeResponse)
        {
            _beforeResponse.Add(action);
        }
    }

    /// <summary>Runs what <see cref="BeforeResponse"/> registered, in order.</summary>
    public async ValueTask RunBeforeResponseAsync()
    {
        Func<ValueTask>[] actions;
        lock (_beforeResponse)
        {
            actions = [.. _beforeResponse];
            _beforeResponse.Clear();
        }

        foreach (var action in actions)
        {
            await action().ConfigureAwait(false);
        }
    }
}
