using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>One MCP tool: what <c>tools/list</c> shows and what <c>tools/call</c> runs.</summary>
internal interface IMcpTool
{
    /// <summary>The tool as listed; its name is the key in the <see cref="ToolTable"/>.</summary>
    Tool Definition { get; }

    /// <summary>Runs a call. Tool-level failures are results with <c>isError</c>, never exceptions.</summary>
    ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken);
}
