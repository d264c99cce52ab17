using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Serialization;

/// <summary>Reads both tagging styles of <see cref="FileChange"/> and writes the baseline's external tag.</summary>
internal sealed class FileChangeConverter : JsonConverter<FileChange>
{
    public override FileChange Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var doc = JsonDocument.ParseValue(ref reader);
        var root = doc.RootElement;
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("A file change must be a JSON object.");
        }

        if (root.TryGetProperty("type", out var tag) && tag.ValueKind == JsonValueKind.String)
        {
            return Build(tag.GetString()!, root);
        }

        foreach (var property in root.EnumerateObject())
        {
            return Build(property.Name, property.Value);
        }

        throw new JsonException("A file change needs one of 'add', 'delete' or 'update'.");
    }

    public override void Write(Utf8JsonWriter writer, FileChange value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        switch (value)
        {
            case AddFileChange add:
                writer.WriteStartObject("add");
                writer.WriteString("content", add.Content);
                writer.WriteEndObject();
                break;
            case DeleteFileChange delete:
                writer.WriteStartObject("delete");
                writer.WriteString("content", delete.Content);
                writer.WriteEndObject();
                break;
            case UpdateFileChange update:
                writer.WriteStartObject("update");
                writer.WriteString("unified_diff", update.UnifiedDiff);
                if (update.MovePath is null)
                {
                    writer.WriteNull("move_path");
                }
                else
                {
                    writer.WriteString("move_path", update.MovePath);
                }

                writer.WriteEndObject();
                break;
            default:
                throw new JsonException($"Unknown file change type {value.GetType().Name}.");
        }

        writer.WriteEndObject();
    }

    private static FileChange Build(string tag, JsonElement body) => tag switch
    {
        "add" => new AddFileChange(RequiredString(body, "content")),
        "delete" => new DeleteFileChange(OptionalString(body, "content") ?? string.Empty),
        "update" => new UpdateFileChange(RequiredString(body, "unified_diff"), OptionalString(body, "move_path")),
        _ => throw new JsonException($"Unknown file change type '{tag}'; expected 'add', 'delete' or 'update'."),
    };

    private static string RequiredString(JsonElement body, string name) =>
        OptionalString(body, name) ?? throw new JsonException($"A file change is missing '{name}'.");

    private static string? OptionalString(JsonElement body, string name) =>
        body.ValueKind == JsonValueKind.Object && body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
