using System.Text.Json;

namespace Codex.Protocol;

/// <summary>
/// Reads tool arguments strictly and explains what to fix, in the wording of the original
/// server (spec §2.1–§2.2): <c>missing field `prompt`</c>, <c>unknown variant `x` …</c>. Unknown
/// keys are ignored, as the baseline does.
/// </summary>
public static class CodexToolArguments
{
    /// <summary>The prefix of every parse failure.</summary>
    public const string ParseFailurePrefix = "Failed to parse configuration for Codex tool: ";

    private enum Kind
    {
        String,
        Boolean,
        Object,
        StringArray,
    }

    // Issue 13: arguments both tools take (reasoning, images). Declared first: static fields initialise in order.
    private static readonly (string Name, Kind Kind, string[]? Variants)[] TurnFields =
    [
        ("reasoning-effort", Kind.String, [.. ReasoningNames.Efforts]),
        ("reasoning-summary", Kind.String, [.. ReasoningNames.Summaries]),
        ("images", Kind.StringArray, null),
    ];

    private static readonly (string Name, Kind Kind, string[]? Variants)[] CodexFields =
    [
        ("prompt", Kind.String, null),
        ("model", Kind.String, null),
        ("profile", Kind.String, null),
        ("cwd", Kind.String, null),
        ("approval-policy", Kind.String, ["untrusted", "on-failure", "on-request", "never"]),
        ("sandbox", Kind.String, ["read-only", "workspace-write", "danger-full-access"]),
        ("config", Kind.Object, null),
        ("base-instructions", Kind.String, null),
        ("developer-instructions", Kind.String, null),
        ("compact-prompt", Kind.String, null),
        ("include-plan-tool", Kind.Boolean, null),
        ("background", Kind.Boolean, null),
        .. TurnFields,
    ];

    private static readonly (string Name, Kind Kind, string[]? Variants)[] ReplyFields =
    [
        ("prompt", Kind.String, null),
        ("threadId", Kind.String, null),
        ("conversationId", Kind.String, null),
        ("background", Kind.Boolean, null),
        .. TurnFields,
    ];

    /// <summary>Reads the arguments of <c>codex</c>; on failure <paramref name="error"/> is the text to return.</summary>
    public static bool TryParseCodex(JsonElement? arguments, out CodexToolCallParam? value, out string? error)
    {
        value = null;
        if (arguments is null || arguments.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            error = "Missing arguments for codex tool-call; the `prompt` field is required.";
            return false;
        }

        error = Validate(arguments.Value, CodexFields, "prompt");
        if (error is not null)
        {
            return false;
        }

        value = arguments.Value.Deserialize(ProtocolJsonContext.Default.CodexToolCallParam);
        return value is not null;
    }

    /// <summary>Reads the arguments of <c>codex-reply</c>; on failure <paramref name="error"/> is the text to return.</summary>
    public static bool TryParseReply(JsonElement? arguments, out CodexToolCallReplyParam? value, out string? error)
    {
        value = null;
        if (arguments is null || arguments.Value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            error = "Missing arguments for codex-reply tool-call; the `conversation_id` and `prompt` fields are required.";
            return false;
        }

        error = Validate(arguments.Value, ReplyFields, "prompt");
        if (error is not null)
        {
            return false;
        }

        value = arguments.Value.Deserialize(ProtocolJsonContext.Default.CodexToolCallReplyParam);
        if (value is not null && string.IsNullOrEmpty(value.EffectiveConversationId))
        {
            error = "Failed to parse thread_id: either threadId or conversationId must be provided";
            value = null;
            return false;
        }

        return value is not null;
    }

    private static string? Validate(JsonElement arguments, (string Name, Kind Kind, string[]? Variants)[] fields, string required)
    {
        if (arguments.ValueKind != JsonValueKind.Object)
        {
            return $"{ParseFailurePrefix}invalid type: {Describe(arguments)}, expected a JSON object of arguments";
        }

        foreach (var (name, kind, variants) in fields)
        {
            if (!arguments.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
            {
                if (name == required)
                {
                    return $"{ParseFailurePrefix}missing field `{name}`";
                }

                continue;
            }

            var expected = kind switch
            {
                Kind.String => JsonValueKind.String,
                Kind.Boolean => value.ValueKind is JsonValueKind.True or JsonValueKind.False ? value.ValueKind : JsonValueKind.True,
                Kind.StringArray => JsonValueKind.Array,
                _ => JsonValueKind.Object,
            };
            if (value.ValueKind != expected)
            {
                var what = kind switch
                {
                    Kind.String => "a string",
                    Kind.Boolean => "a boolean",
                    Kind.StringArray => "an array of strings",
                    _ => "a JSON object",
                };
                return $"{ParseFailurePrefix}invalid type: {Describe(value)}, expected {what} for `{name}`";
            }

            if (kind == Kind.StringArray && value.EnumerateArray().FirstOrDefault(e => e.ValueKind != JsonValueKind.String) is { ValueKind: not JsonValueKind.Undefined } wrong)
            {
                return $"{ParseFailurePrefix}invalid type: {Describe(wrong)}, expected a string in `{name}`";
            }

            if (variants is not null && !variants.Contains(value.GetString(), StringComparer.Ordinal))
            {
                var list = string.Join(", ", variants.Select(v => $"`{v}`"));
                return $"{ParseFailurePrefix}unknown variant `{value.GetString()}` for `{name}`, expected one of {list}";
            }
        }

        return null;
    }

    private static string Describe(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => $"string \"{value.GetString()}\"",
        JsonValueKind.Number => value.TryGetInt64(out _) ? $"integer `{value.GetRawText()}`" : $"floating point `{value.GetRawText()}`",
        JsonValueKind.True or JsonValueKind.False => $"boolean `{value.GetRawText()}`",
        JsonValueKind.Array => "sequence",
        JsonValueKind.Object => "map",
        _ => "null",
    };
}
