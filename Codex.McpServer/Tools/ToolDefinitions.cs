using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tools;

/// <summary>The annotations and execution hints the tools share.</summary>
internal static class ToolDefinitions
{
    /// <summary><c>codex</c> and <c>codex-reply</c>: they run commands and edit files, and reach the model's provider.</summary>
    public static ToolAnnotations Turn { get; } = new() { ReadOnlyHint = false, DestructiveHint = true, IdempotentHint = false, OpenWorldHint = true };

    /// <summary>A tool that may be called as an MCP task, or not.</summary>
    public static ToolExecution OptionalTask { get; } = new() { TaskSupport = "optional" };
}
