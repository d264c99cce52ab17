using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Engine.Model;

namespace Codex.Engine.Tools;

/// <summary>
/// The tools offered to the model, in a stable order, and the dispatch of a call to its
/// handler. An unknown name goes back to the model as an error output (spec §7.5).
/// </summary>
internal sealed class ToolRouter
{
    private readonly List<IToolHandler> _handlers = [];
    private readonly Dictionary<string, IToolHandler> _byName = new(StringComparer.Ordinal);

    public ToolRouter(IEnumerable<IToolHandler> handlers)
    {
        foreach (var handler in handlers)
        {
            _handlers.Add(handler);
            _byName[handler.Name] = handler;
            foreach (var alias in handler.Aliases)
            {
                _byName[alias] = handler;
            }
        }
    }

    /// <summary>A router with <paramref name="more"/> after this one's tools.</summary>
    public ToolRouter With(IEnumerable<IToolHandler> more) => new(_handlers.Concat(more));

    /// <summary>The definitions to send, in registration order.</summary>
    public IReadOnlyList<JsonElement> Definitions => _handlers.Select(h => h.Definition).ToList();

    /// <summary>Whether the call is read-only, so it may run concurrently with other read-only calls.</summary>
    public bool IsReadOnly(ToolCall call, TurnContext context) =>
        _byName.TryGetValue(call.Name, out var handler) && handler.IsReadOnly(call, context);

    /// <summary>Runs a call and returns its output item.</summary>
    public async Task<ResponseItem> DispatchAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        if (!_byName.TryGetValue(call.Name, out var handler))
        {
            return call.ToOutputItem(call.IsCustom ? $"unsupported custom tool call: {call.Name}" : $"unsupported call: {call.Name}");
        }

        var output = await handler.HandleAsync(call, context, cancellationToken).ConfigureAwait(false);
        return call.ToOutputItem(output);
    }
}
