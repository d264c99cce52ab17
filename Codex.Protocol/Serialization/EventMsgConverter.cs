using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Serialization;

/// <summary>
/// Reads known event types through the polymorphic contract of <see cref="EventMsg"/> and keeps
/// unknown ones whole as <see cref="UnknownEventMsg"/>, so a newer server never breaks a reader.
/// </summary>
internal sealed class EventMsgConverter : JsonConverter<EventMsg>
{
    private static readonly HashSet<string> KnownTypes = typeof(EventMsg)
        .GetCustomAttributes(typeof(JsonDerivedTypeAttribute), inherit: false)
        .Cast<JsonDerivedTypeAttribute>()
        .Select(a => (string)a.TypeDiscriminator!)
        .ToHashSet(StringComparer.Ordinal);

    public override EventMsg Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("An event must be a JSON object.");
        }

        var type = PeekType(reader);
        if (type is not null && KnownTypes.Contains(type))
        {
            return JsonSerializer.Deserialize(ref reader, ProtocolJsonContext.Default.EventMsg)!;
        }

        using var doc = JsonDocument.ParseValue(ref reader);
        return new UnknownEventMsg(type ?? string.Empty, doc.RootElement.Clone());
    }

    public override void Write(Utf8JsonWriter writer, EventMsg value, JsonSerializerOptions options)
    {
        if (value is UnknownEventMsg unknown)
        {
            unknown.Raw.WriteTo(writer);
            return;
        }

        JsonSerializer.Serialize(writer, value, ProtocolJsonContext.Default.EventMsg);
    }

    private static string? PeekType(Utf8JsonReader reader)
    {
        // The reader is a struct: scanning this copy leaves the caller's position unchanged.
        var depth = reader.CurrentDepth;
        while (reader.Read())
        {
            if (reader.TokenType == JsonTokenType.EndObject && reader.CurrentDepth == depth)
            {
                break;
            }

            if (reader.TokenType == JsonTokenType.PropertyName && reader.CurrentDepth == depth + 1)
            {
                var isType = reader.ValueTextEquals("type"u8);
                reader.Read();
                if (isType && reader.TokenType == JsonTokenType.String)
                {
                    return reader.GetString();
                }

                reader.Skip();
            }
        }

        return null;
    }
}
