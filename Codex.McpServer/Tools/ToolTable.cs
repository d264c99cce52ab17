using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>
/// The tools this server offers, in listing order: <c>tools/list</c> reads the definitions and
/// <c>tools/call</c> dispatches by name. Adding a tool is adding its handler here. Optional tools
/// that depend on config.toml are read on first use, so the config stays off the start-up path.
/// </summary>
internal sealed class ToolTable
{
    private readonly Lazy<(IReadOnlyList<IMcpTool> Tools, Dictionary<string, IMcpTool> ByName, IReadOnlyList<Tool> Definitions)> _table;

    public ToolTable(IReadOnlyList<IMcpTool> tools, Func<IReadOnlyList<IMcpTool>>? optional = null)
    {
        _table = new(() =>
        {
            IReadOnlyList<IMcpTool> all = optional is null ? tools : [.. tools, .. optional()];
            return (all, all.ToDictionary(t => t.Definition.Name, StringComparer.Ordinal), [.. all.Select(t => t.Definition)]);
        });
    }

    /// <summary>What <c>tools/list</c> returns.</summary>
    public IReadOnlyList<Tool> Definitions => _table.Value.Definitions;

    /// <summary>The tool of that name if it runs a Codex turn (and so can run as a task).</summary>
    public ITurnTool? FindTurnTool(string name) => _table.Value.ByName.TryGetValue(name, out var tool) ? tool as ITurnTool : null;

    public ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken) =>
        _table.Value.ByName.TryGetValue(call.Params.Name, out var tool)
            ? tool.CallAsync(call, cancellationToken)
            : ValueTask.FromResult(CallToolResult.Error(
                $"Unknown tool '{call.Params.Name}'. This server has the tools {string.Join(", ", _table.Value.Tools.Select(t => $"'{t.Definition.Name}'"))}."));
}
