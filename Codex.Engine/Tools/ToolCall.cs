using Codex.Engine.Model;

namespace Codex.Engine.Tools;

/// <summary>A tool call from the model, whatever its wire shape.</summary>
/// <param name="CallId">The model's call id.</param>
/// <param name="Name">The tool's name.</param>
/// <param name="Item">The history item the call came in.</param>
internal sealed record ToolCall(string CallId, string Name, ResponseItem Item)
{
    /// <summary>The JSON arguments of a function call, or null for other shapes.</summary>
    public string? Arguments => (Item as FunctionCallItem)?.Arguments;

    /// <summary>The raw input of a custom (freeform) call, or null.</summary>
    public string? Input => (Item as CustomToolCallItem)?.Input;

    /// <summary>True when the output must be a <c>custom_tool_call_output</c>.</summary>
    public bool IsCustom => Item is CustomToolCallItem;

    /// <summary>Reads a call from a history item, or returns null when the item is no call.</summary>
    public static ToolCall? From(ResponseItem item) => item switch
    {
        FunctionCallItem f => new ToolCall(f.CallId, f.Name, f),
        CustomToolCallItem c => new ToolCall(c.CallId, c.Name, c),
        LocalShellCallItem l => new ToolCall(l.CallId ?? l.Id ?? string.Empty, "local_shell", l),
        _ => null,
    };

    /// <summary>The history item that carries <paramref name="output"/> back to the model.</summary>
    public ResponseItem ToOutputItem(string output) => IsCustom
        ? new CustomToolCallOutputItem { CallId = CallId, Output = output }
        : new FunctionCallOutputItem { CallId = CallId, Output = output };
}
