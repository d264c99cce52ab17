using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>
/// A sampling message's <c>content</c>: MCP allows one block or an array of blocks, so both are
/// read; the array form is written, which every 2025-11-25 client accepts.
/// </summary>
internal sealed class SamplingContentListConverter : JsonConverter<IReadOnlyList<SamplingContent>>
{
    // Without this a `"content": null` would slip past the converter and leave a required list null.
    public override bool HandleNull => true;

    public override IReadOnlyList<SamplingContent> Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                return [ReadBlock(ref reader)];
            case JsonTokenType.StartArray:
                var blocks = new List<SamplingContent>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    blocks.Add(ReadBlock(ref reader));
                }

                return blocks;
            default:
                throw new JsonException($"A sampling message's `content` must be a content block or an array of them, not {reader.TokenType}.");
        }
    }

    public override void Write(Utf8JsonWriter writer, IReadOnlyList<SamplingContent> value, JsonSerializerOptions options)
    {
        writer.WriteStartArray();
        foreach (var block in value)
        {
            JsonSerializer.Serialize(writer, block, ProtocolJsonContext.Default.SamplingContent);
        }

        writer.WriteEndArray();
    }

    private static SamplingContent ReadBlock(ref Utf8JsonReader reader) =>
        JsonSerializer.Deserialize(ref reader, ProtocolJsonContext.Default.SamplingContent)
        ?? throw new JsonException("A sampling content block must be a JSON object, not null.");
}
