using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using ModelContextProtocol;

namespace Codex.Engine.McpClients;

/// <summary>
/// JSON of the MCP SDK's protocol types through the SDK's own source-generated options
/// (<see cref="McpJsonUtilities.DefaultOptions"/>), never reflection, so the server stays AOT-clean.
/// </summary>
internal static class McpJson
{
    public static JsonTypeInfo<T> TypeInfo<T>() => (JsonTypeInfo<T>)McpJsonUtilities.DefaultOptions.GetTypeInfo(typeof(T));

    public static JsonElement ToElement<T>(T value) => JsonSerializer.SerializeToElement(value, TypeInfo<T>());

    /// <summary>Compact JSON for the model: non-ASCII and quotes as they are, not \u-escaped (as upstream's serde writes it).</summary>
    public static string ToText<T>(T value)
    {
        var element = ToElement(value);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            element.WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>Writes a JSON value with a writer and returns it as an element.</summary>
    public static JsonElement Build(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            write(writer);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
