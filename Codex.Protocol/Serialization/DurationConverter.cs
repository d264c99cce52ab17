using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Serialization;

/// <summary>Writes a <see cref="TimeSpan"/> as Rust's <c>{"secs": u64, "nanos": u32}</c>.</summary>
internal sealed class DurationConverter : JsonConverter<TimeSpan>
{
    private const long NanosPerTick = 100;

    public override TimeSpan Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        if (reader.TokenType != JsonTokenType.StartObject)
        {
            throw new JsonException("A duration must be an object {\"secs\", \"nanos\"}.");
        }

        long secs = 0;
        long nanos = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
        {
            var name = reader.GetString();
            reader.Read();
            switch (name)
            {
                case "secs":
                    secs = reader.GetInt64();
                    break;
                case "nanos":
                    nanos = reader.GetInt64();
                    break;
                default:
                    reader.Skip();
                    break;
            }
        }

        return TimeSpan.FromTicks((secs * TimeSpan.TicksPerSecond) + (nanos / NanosPerTick));
    }

    public override void Write(Utf8JsonWriter writer, TimeSpan value, JsonSerializerOptions options)
    {
        var ticks = Math.Max(0, value.Ticks);
        writer.WriteStartObject();
        writer.WriteNumber("secs", ticks / TimeSpan.TicksPerSecond);
        writer.WriteNumber("nanos", ticks % TimeSpan.TicksPerSecond * NanosPerTick);
        writer.WriteEndObject();
    }
}
