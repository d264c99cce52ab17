using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;
using System.Text.Json.Serialization.Metadata;

namespace Codex.Protocol;

/// <summary>
/// The JSON schemas of the two tools, generated from <see cref="CodexToolCallParam"/> and
/// <see cref="CodexToolCallReplyParam"/> so the schema and the parser can never disagree.
/// </summary>
public static class CodexToolSchemas
{
    private static readonly Lazy<JsonElement> CodexInput = new(() => Generate(ProtocolJsonContext.Default.CodexToolCallParam));
    private static readonly Lazy<JsonElement> ReplyInput = new(() => Generate(ProtocolJsonContext.Default.CodexToolCallReplyParam));
    private static readonly Lazy<JsonElement> Output = new(() => JsonSerializer.SerializeToElement(
        CodexTurnReportSchema.Extend(new JsonObject
        {
            ["type"] = "object",
            ["properties"] = new JsonObject
            {
                ["threadId"] = new JsonObject { ["type"] = "string", ["description"] = "The conversation id; pass it to `codex-reply`." },
                ["conversationId"] = new JsonObject { ["type"] = "string", ["description"] = "The same id, under its original name." },
                ["content"] = new JsonObject { ["type"] = "string", ["description"] = "Codex's last message of the turn; while it runs, a one-line note on its state." },
                ["status"] = new JsonObject
                {
                    ["type"] = "string",
                    ["enum"] = new JsonArray([.. CodexTurnStatus.All.Select(v => (JsonNode)JsonValue.Create(v))]),
                    ["description"] = "The turn's state. `running` and `waiting_for_approval` mean it goes on: follow it with `codex-status`.",
                },
                ["elapsedSeconds"] = new JsonObject { ["type"] = "number", ["description"] = "Seconds since the turn started." },
                ["pendingApprovals"] = new JsonObject
                {
                    ["type"] = "array",
                    ["description"] = "Approvals the turn waits for; answer each with `codex-approve`.",
                    ["items"] = new JsonObject
                    {
                        ["type"] = "object",
                        ["properties"] = new JsonObject
                        {
                            ["approvalId"] = new JsonObject { ["type"] = "string" },
                            ["kind"] = new JsonObject { ["type"] = "string", ["enum"] = new JsonArray("exec", "patch", "mcp_tool") },
                            ["summary"] = new JsonObject { ["type"] = "string" },
                            ["cwd"] = new JsonObject { ["type"] = "string" },
                            ["reason"] = new JsonObject { ["type"] = "string" },
                        },
                        ["required"] = new JsonArray("approvalId", "kind", "summary"),
                    },
                },
                ["recentProgress"] = new JsonObject { ["type"] = "array", ["items"] = new JsonObject { ["type"] = "string" }, ["description"] = "The turn's latest progress lines, oldest first." },
                ["next"] = new JsonObject { ["type"] = "string", ["description"] = "What to do next, in one line." },
            },
            ["required"] = new JsonArray("threadId", "content"),
        }),
        JsonNodeContext.Default.JsonObject));

    /// <summary>The input schema of <c>codex</c>.</summary>
    public static JsonElement CodexInputSchema => CodexInput.Value;

    /// <summary>The input schema of <c>codex-reply</c>.</summary>
    public static JsonElement ReplyInputSchema => ReplyInput.Value;

    /// <summary>The output schema of <c>codex</c>, <c>codex-reply</c> and the long-turn tools: <c>{threadId, conversationId, content, status, …}</c>.</summary>
    public static JsonElement OutputSchema => Output.Value;

    /// <summary>The input schema of <c>codex-status</c>.</summary>
    public static JsonElement StatusInputSchema { get; } = Parse("""
        {"type":"object","properties":{
          "threadId":{"type":"string","description":"The conversation whose turn to report: the `threadId` of a `codex` or `codex-reply` result."},
          "wait-seconds":{"type":"integer","minimum":0,"maximum":300,"description":"Wait up to this many seconds (at most 300) for the state to change before answering; 0 or absent answers at once."}},
         "required":["threadId"]}
        """);

    /// <summary>The input schema of <c>codex-cancel</c>.</summary>
    public static JsonElement CancelInputSchema { get; } = Parse("""
        {"type":"object","properties":{
          "threadId":{"type":"string","description":"The conversation whose running turn to interrupt."}},
         "required":["threadId"]}
        """);

    /// <summary>The input schema of <c>codex-approve</c>.</summary>
    public static JsonElement ApproveInputSchema { get; } = Parse("""
        {"type":"object","properties":{
          "threadId":{"type":"string","description":"The conversation that waits."},
          "approvalId":{"type":"string","description":"The `approvalId` from `pendingApprovals`."},
          "decision":{"type":"string","enum":["approved","approved_for_session","denied","abort"],"description":"`approved` runs it once, `approved_for_session` also allows the same again in this conversation, `denied` refuses (the turn goes on), `abort` refuses and ends the turn."},
          "reason":{"type":"string","description":"With `denied`: why, for Codex to read."}},
         "required":["threadId","approvalId","decision"]}
        """);

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }

    private static JsonElement Generate(JsonTypeInfo typeInfo)
    {
        var options = new JsonSchemaExporterOptions
        {
            // Optional arguments are simply absent; the schema should not advertise null.
            TreatNullObliviousAsNonNullable = true,
            TransformSchemaNode = static (context, node) =>
            {
                if (node is not JsonObject schema)
                {
                    return node;
                }

                if (context.PropertyInfo?.AttributeProvider?.GetCustomAttributes(typeof(DescriptionAttribute), inherit: false)
                    is [DescriptionAttribute description, ..])
                {
                    schema.Insert(0, "description", description.Description);
                }

                return schema;
            },
        };

        var root = (JsonObject)typeInfo.GetJsonSchemaAsNode(options);
        var properties = (JsonObject)root["properties"]!;

        // After generation, not in the transform: the exporter adds nullability to enums last.
        foreach (var (_, property) in properties)
        {
            if (property is JsonObject schema)
            {
                StripNull(schema);
            }
        }

        if (properties["config"] is JsonObject config)
        {
            // A free-form object of dotted keys; any JSON value is allowed for each.
            config["additionalProperties"] = true;
        }

        return JsonSerializer.SerializeToElement(root, JsonNodeContext.Default.JsonObject);
    }

    private static void StripNull(JsonObject schema)
    {
        if (schema["type"] is JsonArray types)
        {
            var rest = types.Select(t => t!.GetValue<string>()).Where(t => t != "null").ToList();
            schema["type"] = rest.Count == 1 ? JsonValue.Create(rest[0]) : new JsonArray([.. rest.Select(t => (JsonNode)JsonValue.Create(t)!)]);
        }

        if (schema["enum"] is JsonArray values)
        {
            if (values.Any(v => v is null))
            {
                schema["enum"] = new JsonArray([.. values.Where(v => v is not null).Select(v => v!.DeepClone())]);
            }

            // Enums are strings here; some clients require a type on every property.
            if (schema["type"] is null)
            {
                schema.Insert(0, "type", "string");
            }
        }
    }
}
