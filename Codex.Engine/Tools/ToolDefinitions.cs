using System.Text.Json;

namespace Codex.Engine.Tools;

/// <summary>Builds tool definitions from JSON text, once, at start-up of the first conversation.</summary>
internal static class ToolDefinitions
{
    public static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    /// <summary>The error text the model gets for arguments it got wrong (spec §7.2).</summary>
    public static string ArgumentError(string detail) => $"failed to parse function arguments: {detail}";
}
