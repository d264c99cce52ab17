using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Serialization;

/// <summary>Reads both tagging styles of <see cref="TurnItem"/>; writes the baseline's external tag.</summary>
internal sealed class TurnItemConverter : JsonConverter<TurnItem>
{
    private const string UserMessageTag = "UserMessage";

    public override TurnItem Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A turn item must be a JSON object.");
        }

        if (root.TryGetProperty("type", out var tag) && tag.ValueKind == JsonValueKind.String)
        {
            var type = tag.GetString()!;
            return type == UserMessageTag ? ReadUserMessage(root, options) : new UnknownTurnItem(type, root.Clone());
        }

        foreach (var property in root.EnumerateObject())
        {
            return property.Name == UserMessageTag
                ? ReadUserMessage(property.Value, options)
                : new UnknownTurnItem(property.Name, root.Clone());
        }

        throw new JsonException("A turn item needs a tag.");
    }

    public override void Write(Utf8JsonWriter writer, TurnItem value, JsonSerializerOptions options)
    {
        switch (value)
        {
            case UserMessageTurnItem user:
                writer.WriteStartObject();
                writer.WriteStartObject(UserMessageTag);
                writer.WriteString("id", user.Id);
                writer.WritePropertyName("content");
                JsonSerializer.Serialize(writer, user.Content, ProtocolJsonContext.Default.IReadOnlyListUserInput);
                writer.WriteEndObject();
                writer.WriteEndObject();
                break;
            case UnknownTurnItem unknown:
                unknown.Raw.WriteTo(writer);
                break;
            default:
                throw new JsonException($"Unknown turn item type {value.GetType().Name}.");
        }
    }

    private static UserMessageTurnItem ReadUserMessage(JsonElement body, JsonSerializerOptions options)
    {
        var id = body.TryGetProperty("id", out var idElement) && idElement.ValueKind == JsonValueKind.String ? idElement.GetString()! : string.Empty;
        var content = body.TryGetProperty("content", out var contentElement)
            ? contentElement.Deserialize(ProtocolJsonContext.Default.IReadOnlyListUserInput) ?? []
            : [];
        return new UserMessageTurnItem { Id = id, Content = content };
    }
}
