using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// A client's answer to an approval elicitation, read from every form Codex clients send:
/// <c>{"decision":"approved"}</c>, a bare <c>"approved"</c>, <c>{"denied":{"rejection":"…"}}</c>
/// (bare or as the <c>decision</c> value), and the MCP-standard
/// <c>{"action":"accept"|"decline"|"cancel"}</c>, which mean approved, denied and abort, and the
/// answer to <see cref="ApprovalElicitationSchema"/>'s form,
/// <c>{"action":"accept","content":{"decision":"denied","reason":"…"}}</c>.
/// </summary>
/// <remarks>
/// Written as <c>{"decision":"approved"}</c>, or, for a denial with a reason, as
/// <c>{"decision":{"denied":{"rejection":"…"}}}</c> so the reason reaches the server (servers that
/// do not know that form still read it as a denial).
/// </remarks>
/// <param name="Decision">The decision.</param>
/// <param name="Rejection">With <see cref="ReviewDecision.Denied"/>, the user's reason, which goes to the model.</param>
[JsonConverter(typeof(Serialization.ApprovalAnswerJsonConverter))]
public sealed record ApprovalAnswer(ReviewDecision Decision, string? Rejection = null)
{
    /// <summary>The decision.</summary>
    public ReviewDecision Decision { get; init; } = Decision;

    /// <summary>The user's reason for a denial.</summary>
    public string? Rejection { get; init; } = Rejection;

    /// <summary>
    /// Reads an answer. Returns null when the value is none of the accepted forms, with
    /// <paramref name="error"/> saying what was wrong.
    /// </summary>
    public static ApprovalAnswer? TryParse(JsonElement result, out string? error)
    {
        error = null;
        switch (result.ValueKind)
        {
            case JsonValueKind.String:
                return FromName(result.GetString()!, out error);
            case JsonValueKind.Object:
                if (result.TryGetProperty("decision", out var decision))
                {
                    return FromDecisionValue(decision, out error);
                }

                if (result.TryGetProperty("action", out var action) && action.ValueKind == JsonValueKind.String)
                {
                    return FromAction(action.GetString()!, result, out error);
                }

                if (result.TryGetProperty("denied", out var denied))
                {
                    return new ApprovalAnswer(ReviewDecision.Denied, ReadRejection(denied));
                }

                error = "expected {\"decision\": …} or {\"action\": …}";
                return null;
            default:
                error = $"expected an object or a string, got {result.ValueKind.ToString().ToLowerInvariant()}";
                return null;
        }
    }

    private static ApprovalAnswer? FromDecisionValue(JsonElement decision, out string? error)
    {
        error = null;
        if (decision.ValueKind == JsonValueKind.String)
        {
            return FromName(decision.GetString()!, out error);
        }

        if (decision.ValueKind == JsonValueKind.Object)
        {
            foreach (var property in decision.EnumerateObject())
            {
                if (property.NameEquals("denied"))
                {
                    return new ApprovalAnswer(ReviewDecision.Denied, ReadRejection(property.Value));
                }

                var named = FromName(property.Name, out error);
                if (named is not null)
                {
                    return named;
                }
            }
        }

        error = $"unknown decision {decision.GetRawText()}";
        return null;
    }

    private static ApprovalAnswer? FromAction(string action, JsonElement result, out string? error)
    {
        error = null;
        switch (action)
        {
            case "accept":
                // A form may carry a finer decision in its content, e.g. approved_for_session
                // (see ApprovalElicitationSchema), and with a denial the user's reason.
                if (result.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Object
                    && content.TryGetProperty(ApprovalElicitationSchema.DecisionField, out var inner))
                {
                    var decided = FromDecisionValue(inner, out error);
                    return decided is { Decision: ReviewDecision.Denied, Rejection: null } && ReadReason(content) is { } reason
                        ? decided with { Rejection = reason }
                        : decided;
                }

                return new ApprovalAnswer(ReviewDecision.Approved);
            case "decline":
                // The spec's decline carries no content; a reason is kept if a client sends one anyway.
                return new ApprovalAnswer(ReviewDecision.Denied, result.TryGetProperty("content", out var declined) ? ReadReason(declined) : null);
            case "cancel":
                return new ApprovalAnswer(ReviewDecision.Abort);
            default:
                error = $"unknown action '{action}', expected accept, decline or cancel";
                return null;
        }
    }

    private static ApprovalAnswer? FromName(string name, out string? error)
    {
        error = null;
        switch (name)
        {
            case "approved":
                return new ApprovalAnswer(ReviewDecision.Approved);
            case "approved_for_session":
                return new ApprovalAnswer(ReviewDecision.ApprovedForSession);
            case "denied":
                return new ApprovalAnswer(ReviewDecision.Denied);
            case "abort":
                return new ApprovalAnswer(ReviewDecision.Abort);
            case "timed_out":
                return new ApprovalAnswer(ReviewDecision.Denied, "the approval request timed out");
            default:
                error = $"unknown decision '{name}', expected approved, approved_for_session, denied or abort";
                return null;
        }
    }

    private static string? ReadReason(JsonElement content) =>
        content.ValueKind == JsonValueKind.Object && content.TryGetProperty(ApprovalElicitationSchema.ReasonField, out var text)
            && text.ValueKind == JsonValueKind.String && !string.IsNullOrWhiteSpace(text.GetString())
            ? text.GetString()
            : null;

    private static string? ReadRejection(JsonElement denied) =>
        denied.ValueKind == JsonValueKind.Object && denied.TryGetProperty("rejection", out var text) && text.ValueKind == JsonValueKind.String
            ? text.GetString()
            : null;
}
