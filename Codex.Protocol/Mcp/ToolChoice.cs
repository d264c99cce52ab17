using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The <c>toolChoice</c> of <c>sampling/createMessage</c>: how the model may use the offered tools.</summary>
public sealed record ToolChoice
{
    /// <summary><c>toolChoice</c> <c>{"mode":"auto"}</c>: the model decides.</summary>
    public static ToolChoice Auto { get; } = new() { Mode = "auto" };

    /// <summary>
    /// <c>auto</c> (the model decides; the default when absent), <c>required</c> (at least one tool
    /// call) or <c>none</c> (no tool calls).
    /// </summary>
    [JsonPropertyName("mode")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Mode { get; init; }
}
