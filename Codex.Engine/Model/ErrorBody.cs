using System.Text.Json;

namespace Codex.Engine.Model;

/// <summary>The <c>error</c> object of an OpenAI-style error body (<c>{"error":{"type","code","message"}}</c>).</summary>
internal sealed record ErrorBody(string? Type, string? Code, string? Message)
{
    private static readonly ErrorBody Empty = new(null, null, null);

    /// <summary>Reads the fields that are present; anything unparseable gives all nulls.</summary>
    public static ErrorBody Parse(string? body)
    {
        if (string.IsNullOrWhiteSpace(body))
        {
            return Empty;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            return FromElement(document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("error", out var error)
                    ? error
                    : document.RootElement);
        }
        catch (JsonException)
        {
            return Empty;
        }
    }

    /// <summary>Reads an <c>error</c> object directly (as inside <c>response.failed</c>).</summary>
    public static ErrorBody FromElement(JsonElement error)
    {
        if (error.ValueKind != JsonValueKind.Object)
        {
            return Empty;
        }

        return new ErrorBody(StringField(error, "type"), StringField(error, "code"), StringField(error, "message"));
    }

    private static string? StringField(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
