using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>
/// One block of a <see cref="SamplingMessage"/>, tagged by <c>type</c>: <see cref="SamplingTextContent"/>,
/// <see cref="ToolUseContent"/>, <see cref="ToolResultContent"/>, or <see cref="UnknownSamplingContent"/>
/// for any other type, which is kept as it came.
/// </summary>
[JsonConverter(typeof(SamplingContentConverter))]
public abstract record SamplingContent
{
    private protected SamplingContent()
    {
    }

    /// <summary>The block's <c>type</c> tag.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public abstract string Type { get; }
}

/// <summary>A <c>text</c> block of a sampling message.</summary>
public sealed record SamplingTextContent : SamplingContent
{
    /// <summary><c>text</c>.</summary>
    [JsonPropertyName("type")]
    [JsonPropertyOrder(-1)]
    public override string Type => "text";

    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary>
/// A sampling block of a type this library does not model (e.g. <c>image</c>, <c>audio</c>, or one a
/// later MCP version adds). It is read without error and written back exactly as it was read.
/// </summary>
public sealed record UnknownSamplingContent : SamplingContent
{
    /// <summary>Keeps a block of type <paramref name="type"/> as <paramref name="raw"/>.</summary>
    /// <param name="type">The block's <c>type</c>.</param>
    /// <param name="raw">The whole block.</param>
    public UnknownSamplingContent(string type, JsonElement raw)
    {
        Type = type;
        Raw = raw;
    }

    /// <summary>The block's <c>type</c>, as sent.</summary>
    public override string Type { get; }

    /// <summary>The whole block, as sent.</summary>
    public JsonElement Raw { get; }
}
