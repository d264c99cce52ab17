using Codex.McpServer.Turns;

namespace Codex.McpServer.Tools;

/// <summary>A tool that runs a Codex turn, so it can also run in the background or as an MCP task.</summary>
internal interface ITurnTool : IMcpTool
{
    /// <summary>Reads the call's arguments into the turn to run, or an error result.</summary>
    TurnRequest Prepare(ToolCallContext call);
}
