using System.Diagnostics.CodeAnalysis;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Engine.Model;

/// <summary>
/// One conversation history item in the exact Responses API input shape (spec §9.1). The same JSON is
/// persisted in rollout files, so serialising a parsed item gives back the same JSON. <see cref="Id"/> is
/// kept when the server sends one; request builders strip it except for Azure.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(MessageItem), "message")]
[JsonDerivedType(typeof(ReasoningItem), "reasoning")]
[JsonDerivedType(typeof(FunctionCallItem), "function_call")]
[JsonDerivedType(typeof(FunctionCallOutputItem), "function_call_output")]
[JsonDerivedType(typeof(CustomToolCallItem), "custom_tool_call")]
[JsonDerivedType(typeof(CustomToolCallOutputItem), "custom_tool_call_output")]
[JsonDerivedType(typeof(LocalShellCallItem), "local_shell_call")]
[JsonDerivedType(typeof(WebSearchCallItem), "web_search_call")]
public abstract record ResponseItem
{
    private static readonly HashSet<string> KnownTypes = new(StringComparer.Ordinal)
    {
        "message", "reasoning", "function_call", "function_call_output", "custom_tool_call",
        "custom_tool_call_output", "local_shell_call", "web_search_call",
    };

    private protected ResponseItem()
    {
    }

    /// <summary>Server-assigned item id; omitted from JSON when null.</summary>
    [JsonPropertyName("id")]
    [JsonPropertyOrder(-1)]
    public string? Id { get; init; }

    /// <summary>Parses one item, or returns false for unknown types and malformed items (which callers skip).</summary>
    public static bool TryParse(JsonElement element, [NotNullWhen(true)] out ResponseItem? item)
    {
        item = null;
        if (element.ValueKind != JsonValueKind.Object
            || !element.TryGetProperty("type", out var type)
            || type.ValueKind != JsonValueKind.String
            || !KnownTypes.Contains(type.GetString()!))
        {
            return false;
        }

        try
        {
            item = element.Deserialize(ModelJsonContext.Default.ResponseItem);
            return item is not null;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Parses one item from JSON text; throws <see cref="JsonException"/> when it is not a history item.</summary>
    public static ResponseItem Parse(string json) =>
        JsonSerializer.Deserialize(json, ModelJsonContext.Default.ResponseItem)
        ?? throw new JsonException("A history item must be a JSON object, not null.");

    /// <summary>Serialises the item in its wire/rollout shape.</summary>
    public string ToJson()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, ModelJsonContext.WriterOptions))
        {
            JsonSerializer.Serialize(writer, this, ModelJsonContext.Default.ResponseItem);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}

/// <summary><c>{"type":"message","role":…,"content":[…]}</c>.</summary>
public sealed record MessageItem : ResponseItem
{
    /// <summary><c>user</c>, <c>assistant</c>, <c>developer</c> or <c>system</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    /// <summary>The content parts.</summary>
    [JsonPropertyName("content")]
    public required IReadOnlyList<ContentItem> Content { get; init; }

    /// <summary>The concatenation of all text parts (input, output and refusal text).</summary>
    [JsonIgnore]
    public string Text
    {
        get
        {
            var text = new StringBuilder();
            foreach (var part in Content)
            {
                text.Append(part switch
                {
                    InputTextContent input => input.Text,
                    OutputTextContent output => output.Text,
                    RefusalContent refusal => refusal.Refusal,
                    _ => string.Empty,
                });
            }

            return text.ToString();
        }
    }

    /// <summary>The text of the last <c>output_text</c> part, which becomes <c>last_agent_message</c> (spec §7.6).</summary>
    [JsonIgnore]
    public string? LastOutputText => Content.OfType<OutputTextContent>().LastOrDefault()?.Text;

    /// <summary>A user message with one <c>input_text</c> part.</summary>
    public static MessageItem User(string text) =>
        new() { Role = "user", Content = [new InputTextContent { Text = text }] };

    /// <summary>A developer message with one <c>input_text</c> part.</summary>
    public static MessageItem Developer(string text) =>
        new() { Role = "developer", Content = [new InputTextContent { Text = text }] };

    /// <summary>An assistant message with one <c>output_text</c> part.</summary>
    public static MessageItem Assistant(string text) =>
        new() { Role = "assistant", Content = [new OutputTextContent { Text = text }] };
}

/// <summary><c>{"type":"reasoning","summary":[…],"content":[…]?,"encrypted_content":…?}</c>.</summary>
public sealed record ReasoningItem : ResponseItem
{
    /// <summary>Summary parts (may be empty).</summary>
    [JsonPropertyName("summary")]
    public required IReadOnlyList<ReasoningSummaryPart> Summary { get; init; }

    /// <summary>Raw reasoning text parts, when the server exposes them.</summary>
    [JsonPropertyName("content")]
    public IReadOnlyList<ReasoningContentPart>? Content { get; init; }

    /// <summary>Opaque reasoning state that must be sent back unchanged.</summary>
    [JsonPropertyName("encrypted_content")]
    public string? EncryptedContent { get; init; }
}

/// <summary><c>{"type":"function_call","name":…,"arguments":"&lt;json text&gt;","call_id":…}</c>.</summary>
public sealed record FunctionCallItem : ResponseItem
{
    /// <summary>Tool name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The arguments as JSON text (a string, not an object).</summary>
    [JsonPropertyName("arguments")]
    public required string Arguments { get; init; }

    /// <summary>Correlates the call with its output.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }
}

/// <summary><c>{"type":"function_call_output","call_id":…,"output":"&lt;string&gt;"}</c>.</summary>
public sealed record FunctionCallOutputItem : ResponseItem
{
    /// <summary>The call this answers.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The result text, always a bare string.</summary>
    [JsonPropertyName("output")]
    public required string Output { get; init; }
}

/// <summary><c>{"type":"custom_tool_call","call_id":…,"name":…,"input":…}</c> (freeform tools such as apply_patch).</summary>
public sealed record CustomToolCallItem : ResponseItem
{
    /// <summary>Item status as sent by the server (e.g. <c>completed</c>), if any.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>Correlates the call with its output.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>Tool name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The raw freeform input.</summary>
    [JsonPropertyName("input")]
    public required string Input { get; init; }
}

/// <summary><c>{"type":"custom_tool_call_output","call_id":…,"output":"&lt;string&gt;"}</c>.</summary>
public sealed record CustomToolCallOutputItem : ResponseItem
{
    /// <summary>The call this answers.</summary>
    [JsonPropertyName("call_id")]
    public required string CallId { get; init; }

    /// <summary>The result text.</summary>
    [JsonPropertyName("output")]
    public required string Output { get; init; }
}

/// <summary><c>{"type":"local_shell_call","call_id":…,"status":…,"action":{"type":"exec",…}}</c>.</summary>
public sealed record LocalShellCallItem : ResponseItem
{
    /// <summary>Correlates the call with its output (some servers only send <see cref="ResponseItem.Id"/>).</summary>
    [JsonPropertyName("call_id")]
    public string? CallId { get; init; }

    /// <summary><c>completed</c>, <c>in_progress</c> or <c>incomplete</c>.</summary>
    [JsonPropertyName("status")]
    public required string Status { get; init; }

    /// <summary>What to run.</summary>
    [JsonPropertyName("action")]
    public required LocalShellAction Action { get; init; }
}

/// <summary><c>{"type":"web_search_call","status":…,"action":{…}}</c> (hosted web search; the action is kept verbatim).</summary>
public sealed record WebSearchCallItem : ResponseItem
{
    /// <summary>Item status, if any.</summary>
    [JsonPropertyName("status")]
    public string? Status { get; init; }

    /// <summary>The search action, e.g. <c>{"type":"search","query":…}</c>.</summary>
    [JsonPropertyName("action")]
    public JsonElement? Action { get; init; }

    /// <summary>The query of a <c>search</c> action, if present.</summary>
    [JsonIgnore]
    public string? Query =>
        Action is { ValueKind: JsonValueKind.Object } action
        && action.TryGetProperty("query", out var query)
        && query.ValueKind == JsonValueKind.String
            ? query.GetString()
            : null;
}
