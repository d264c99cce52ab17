using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Serialization;

/// <summary>Reads and writes <see cref="Duration"/> as <c>{"secs", "nanos"}</c>.</summary>
internal sealed class DurationConverter : JsonConverter<Duration>
{
    public override Duration Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A duration must be an object {\"secs\", \"nanos\"}.");
        }

        ulong secs = 0;
        uint nanos = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "secs":
                    secs = reader.GetUInt64();
                    break;
                case "nanos":
                    nanos = reader.GetUInt32();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return new Duration(secs, nanos);
    }

    public override void Write(Utf8JsonWriter writer, Duration value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteNumber("secs", value.Secs);
        writer.WriteNumber("nanos", value.Nanos);
        writer.WriteEndObject();
    }
}
