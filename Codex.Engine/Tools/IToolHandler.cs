using System.Text.Json;
using Codex.Engine.Conversations;

namespace Codex.Engine.Tools;

/// <summary>One model-facing tool: its definition and what it does.</summary>
internal interface IToolHandler
{
    /// <summary>The name the model calls it by.</summary>
    string Name { get; }

    /// <summary>Other names the model may use for it (e.g. <c>container.exec</c> for <c>shell</c>).</summary>
    IReadOnlyList<string> Aliases => [];

    /// <summary>The tool's JSON definition in the Responses API shape.</summary>
    JsonElement Definition { get; }

    /// <summary>
    /// Whether this call cannot change anything (a read-only command, a read-only lookup), so it
    /// may run at the same time as its read-only neighbours from the same response.
    /// </summary>
    bool IsReadOnly(ToolCall call, TurnContext context) => false;

    /// <summary>Runs the call and returns the text the model sees.</summary>
    Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken);
}
