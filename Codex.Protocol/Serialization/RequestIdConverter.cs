using System.Text.Json;
using System.Text.Json.Serialization;
using Codex.Protocol.JsonRpc;

namespace Codex.Protocol.Serialization;

/// <summary>Reads and writes a <see cref="RequestId"/> with its original JSON type.</summary>
internal sealed class RequestIdConverter : JsonConverter<RequestId>
{
    public override RequestId Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        RequestId.Read(ref reader);

    public override void Write(Utf8JsonWriter writer, RequestId value, JsonSerializerOptions options) => value.WriteTo(writer);
}
