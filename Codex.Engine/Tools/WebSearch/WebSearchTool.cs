using System.Text.Json;
using Codex.Engine.Conversations;

namespace Codex.Engine.Tools.WebSearch;

/// <summary>
/// The hosted <c>web_search</c> tool, <c>{"type":"web_search"}</c>: the provider runs the search
/// inside the response (Responses wire only; the Chat body drops non-function tools). The model's
/// <c>web_search_call</c> items become <c>web_search_begin</c>/<c>web_search_end</c> events in the
/// turn loop; they are not calls for Codex to run.
/// </summary>
internal sealed class WebSearchTool : IToolHandler
{
    public string Name => "web_search";

    public JsonElement Definition { get; } = ToolDefinitions.Parse("""{"type":"web_search"}""");

    public bool IsReadOnly(ToolCall call, TurnContext context) => true;

    // Reached only if a model sends a function call by this name: the search is the provider's to run.
    public Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken) =>
        Task.FromResult("web_search is a hosted tool: the model provider runs it within the response, Codex cannot run it as a call.");
}
