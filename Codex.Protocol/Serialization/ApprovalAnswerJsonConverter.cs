using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Serialization;

/// <summary>Reads every form <see cref="ApprovalAnswer.TryParse"/> accepts; writes the <c>{"decision": …}</c> form.</summary>
internal sealed class ApprovalAnswerJsonConverter : JsonConverter<ApprovalAnswer>
{
    public override ApprovalAnswer Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options)
    {
        using var document = JsonDocument.ParseValue(ref reader);
        return ApprovalAnswer.TryParse(document.RootElement, out var error) ?? throw new JsonException(error);
    }

    public override void Write(Utf8JsonWriter writer, ApprovalAnswer value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Decision == ReviewDecision.Denied && !string.IsNullOrEmpty(value.Rejection))
        {
            writer.WriteStartObject("decision");
            writer.WriteStartObject("denied");
            writer.WriteString("rejection", value.Rejection);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }
        else
        {
            writer.WriteString("decision", value.Decision switch
            {
                ReviewDecision.Approved => "approved",
                ReviewDecision.ApprovedForSession => "approved_for_session",
                ReviewDecision.Denied => "denied",
                ReviewDecision.Abort => "abort",
                _ => throw new JsonException($"Unknown review decision {value.Decision}."),
            });
        }

        writer.WriteEndObject();
    }
}
