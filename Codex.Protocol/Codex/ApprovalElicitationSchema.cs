using System.Text.Json;

namespace Codex.Protocol;

/// <summary>
/// The <c>requestedSchema</c> of Codex's approval elicitations: a form with a required
/// <c>decision</c>, a titled single-select enum (MCP 2025-11-25: <c>oneOf</c> of
/// <c>const</c>/<c>title</c>), and an optional free-text <c>reason</c>. A form-mode client shows
/// a real choice and answers <c>{"action":"accept","content":{"decision":"denied","reason":"…"}}</c>,
/// which <see cref="ApprovalAnswer.TryParse"/> reads together with every older answer form.
/// </summary>
public static class ApprovalElicitationSchema
{
    /// <summary>The content field that holds the decision.</summary>
    public const string DecisionField = "decision";

    /// <summary>The content field that holds the user's reason (sent to the model with a denial).</summary>
    public const string ReasonField = "reason";

    /// <summary>The decision values, each with the title a client shows, in display order.</summary>
    public static IReadOnlyList<(string Value, string Title)> Decisions { get; } =
    [
        ("approved", "Approve once"),
        ("approved_for_session", "Approve for this session"),
        ("denied", "Deny"),
        ("abort", "Abort the turn"),
    ];

    /// <summary>The schema, as sent in <c>elicitation/create</c>.</summary>
    public static JsonElement RequestedSchema { get; } = Build();

    private static JsonElement Build()
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", "object");
            writer.WriteStartObject("properties");

            writer.WriteStartObject(DecisionField);
            writer.WriteString("type", "string");
            writer.WriteString("title", "Decision");
            writer.WriteString("description", "Approve once, approve this and similar actions for the rest of the session, deny (Codex is told and may try something else), or abort the turn.");
            writer.WriteStartArray("oneOf");
            foreach (var (value, title) in Decisions)
            {
                writer.WriteStartObject();
                writer.WriteString("const", value);
                writer.WriteString("title", title);
                writer.WriteEndObject();
            }

            writer.WriteEndArray();
            writer.WriteEndObject();

            writer.WriteStartObject(ReasonField);
            writer.WriteString("type", "string");
            writer.WriteString("title", "Reason");
            writer.WriteString("description", "Optional. With a denial, Codex passes it to the model (e.g. \"use the staging database instead\").");
            writer.WriteEndObject();

            writer.WriteEndObject();
            writer.WriteStartArray("required");
            writer.WriteStringValue(DecisionField);
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.ToArray());
        return document.RootElement.Clone();
    }
}
