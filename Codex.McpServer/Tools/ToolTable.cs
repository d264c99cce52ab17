using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>
/// The tools this server offers, in listing order: <c>tools/list</c> reads the definitions and
/// <c>tools/call</c> dispatches by name. Adding a tool is adding its handler here.
/// </summary>
internal sealed class ToolTable
{
    private readonly IReadOnlyList<IMcpTool> _tools;
    private readonly Dictionary<string, IMcpTool> _byName;

    public ToolTable(IReadOnlyList<IMcpTool> tools)
    {
        _tools = tools;
        _byName = tools.ToDictionary(t => t.Definition.Name, StringComparer.Ordinal);
        Definitions = [.. tools.Select(t => t.Definition)];
    }

    /// <summary>What <c>tools/list</c> returns.</summary>
    public IReadOnlyList<Tool> Definitions { get; }

    /// <summary>The tool of that name if it runs a Codex turn (and so can run as a task).</summary>
    public ITurnTool? FindTurnTool(string name) => _byName.TryGetValue(name, out var tool) ? tool as ITurnTool : null;

    public ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken) =>
        _byName.TryGetValue(call.Params.Name, out var tool)
            ? tool.CallAsync(call, cancellationToken)
            : ValueTask.FromResult(CallToolResult.Error(
                $"Unknown tool '{call.Params.Name}'. This server has the tools {string.Join(", ", _tools.Select(t => $"'{t.Definition.Name}'"))}."));
}
