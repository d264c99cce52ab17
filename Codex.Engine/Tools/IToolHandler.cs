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

    /// <summary>Runs the call and returns the text the model sees.</summary>
    Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken);
}
