using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>
/// Reads a sampling block by its <c>type</c>; a type without a record becomes
/// <see cref="UnknownSamplingContent"/> rather than an error, so a client's new block type does not
/// break the whole answer. Source-generated type infos only (AOT).
/// </summary>
internal sealed class SamplingContentConverter : JsonConverter<SamplingContent>
{
    public override SamplingContent Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        var block = document.RootElement;
        if (block.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException($"A sampling content block must be a JSON object, not {block.ValueKind}.");
        }

        if (!block.TryGetProperty("type", out var tag) || tag.ValueKind != JsonValueKind.String)
        {
            throw new JsonException("A sampling content block needs a string `type`.");
        }

        var type = tag.GetString()!;
        SamplingContent? content = type switch
        {
            "text" => block.Deserialize(ProtocolJsonContext.Default.SamplingTextContent),
            "tool_use" => block.Deserialize(ProtocolJsonContext.Default.ToolUseContent),
            "tool_result" => block.Deserialize(ProtocolJsonContext.Default.ToolResultContent),
            _ => new UnknownSamplingContent(type, block.Clone()),
        };
        return content ?? throw new JsonException($"A `{type}` sampling content block could not be read.");
    }

    public override void Write(Utf8JsonWriter writer, SamplingContent value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case SamplingTextContent text:
                JsonSerializer.Serialize(writer, text, ProtocolJsonContext.Default.SamplingTextContent);
                break;
            case ToolUseContent use:
                JsonSerializer.Serialize(writer, use, ProtocolJsonContext.Default.ToolUseContent);
                break;
            case ToolResultContent result:
                JsonSerializer.Serialize(writer, result, ProtocolJsonContext.Default.ToolResultContent);
                break;
            case UnknownSamplingContent unknown:
                unknown.Raw.WriteTo(writer);
                break;
            default:
                throw new JsonException($"Cannot write the sampling content block {value.GetType().Name}.");
        }
    }
}
