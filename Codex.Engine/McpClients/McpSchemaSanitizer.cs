using System.Text.Json;
using System.Text.Json.Nodes;

namespace Codex.Engine.McpClients;

/// <summary>
/// Makes an MCP tool's input schema acceptable as function parameters, as upstream does: the root
/// is an object with <c>properties</c>; every schema gets a <c>type</c> (inferred from its keywords,
/// else <c>string</c>); a type list becomes its first usable type; boolean schemas become
/// <c>{"type":"string"}</c>; objects get <c>properties</c> and arrays get <c>items</c>.
/// </summary>
public static class McpSchemaSanitizer
{
    private static readonly string[] KnownTypes = ["object", "array", "string", "number", "integer", "boolean"];

    /// <summary>The sanitized copy of <paramref name="inputSchema"/>.</summary>
    public static JsonElement Sanitize(JsonElement inputSchema)
    {
        var root = inputSchema.ValueKind == JsonValueKind.Object ? JsonNode.Parse(inputSchema.GetRawText())!.AsObject() : [];
        if (root["properties"] is null or JsonValue)
        {
            root["properties"] = new JsonObject();
        }

        root["type"] = "object";
        var sanitized = SanitizeNode(root);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            sanitized.WriteTo(writer);
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }

    private static JsonNode SanitizeNode(JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                SanitizeObject(map);
                return map;
            case JsonArray list:
                for (var i = 0; i < list.Count; i++)
                {
                    var item = list[i];
                    list[i] = null;
                    list[i] = SanitizeNode(item);
                }

                return list;
            default:
                // true/false (accept everything/nothing) and anything else: an accept-all string.
                return new JsonObject { ["type"] = "string" };
        }
    }

    private static void SanitizeObject(JsonObject map)
    {
        if (map["properties"] is JsonObject properties)
        {
            foreach (var name in properties.Select(p => p.Key).ToList())
            {
                var child = properties[name];
                properties[name] = null;
                properties[name] = SanitizeNode(child);
            }
        }

        foreach (var key in new[] { "items", "oneOf", "anyOf", "allOf", "prefixItems" })
        {
            if (map.ContainsKey(key))
            {
                var child = map[key];
                map[key] = null;
                map[key] = SanitizeNode(child);
            }
        }

        string? type = null;
        switch (map["type"])
        {
            case JsonValue value when value.TryGetValue<string>(out var text):
                type = text;
                break;
            case JsonArray list:
                type = list.OfType<JsonValue>().Select(v => v.TryGetValue<string>(out var t) ? t : null).FirstOrDefault(t => t is not null && KnownTypes.Contains(t));
                break;
        }

        type ??= Infer(map);
        map["type"] = type;
        if (type == "object")
        {
            if (map["properties"] is not JsonObject)
            {
                map["properties"] = new JsonObject();
            }

            if (map["additionalProperties"] is JsonObject additional)
            {
                SanitizeObject(additional);
            }
        }

        if (type == "array" && !map.ContainsKey("items"))
        {
            map["items"] = new JsonObject { ["type"] = "string" };
        }
    }

    private static string Infer(JsonObject map)
    {
        if (map.ContainsKey("properties") || map.ContainsKey("required") || map.ContainsKey("additionalProperties"))
        {
            return "object";
        }

        if (map.ContainsKey("items") || map.ContainsKey("prefixItems"))
        {
            return "array";
        }

        if (map.ContainsKey("enum") || map.ContainsKey("const") || map.ContainsKey("format"))
        {
            return "string";
        }

        return map.ContainsKey("minimum") || map.ContainsKey("maximum") || map.ContainsKey("exclusiveMinimum") || map.ContainsKey("exclusiveMaximum") || map.ContainsKey("multipleOf")
            ? "number"
            : "string";
    }
}
