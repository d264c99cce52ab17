using System.Text.Json;

namespace Codex.Engine.Tools.UnifiedExec;

/// <summary>The arguments of <c>exec_command</c>.</summary>
/// <param name="Escalated">
/// <c>sandbox_permissions: "require_escalated"</c> or the older <c>with_escalated_permissions: true</c>:
/// ask to run unsandboxed, with <paramref name="Justification"/> as the reason.
/// </param>
/// <param name="PrefixRule">
/// <c>prefix_rule</c>, validated but never used to widen an approval: upstream offers it to the user as a
/// rule to remember, and honouring it here would let the model pre-approve commands the user never saw.
/// </param>
/// <param name="Tty">True runs the command on a pty; false (the default) on plain pipes with stdin closed.</param>
internal sealed record ExecCommandArguments(string Cmd, string? Workdir, string? Shell, bool Login, int? YieldTimeMs, int? MaxOutputTokens, bool Escalated, string? Justification, IReadOnlyList<string>? PrefixRule, bool Tty);

/// <summary>The arguments of <c>write_stdin</c>.</summary>
internal sealed record WriteStdinArguments(int SessionId, string Chars, int? YieldTimeMs, int? MaxOutputTokens);

/// <summary>Reads the two tools' JSON arguments; a wrong one gives the model a clear message (spec §7.2).</summary>
internal static class UnifiedExecArguments
{
    public static bool TryParseExec(string json, out ExecCommandArguments arguments, out string error)
    {
        arguments = null!;
        if (!TryRoot(json, out var root, out error))
        {
            return false;
        }

        if (!root.TryGetProperty("cmd", out var cmd) || cmd.ValueKind != JsonValueKind.String)
        {
            error = cmd.ValueKind == JsonValueKind.Undefined ? "missing field `cmd`" : "invalid type for `cmd`, expected a string";
            return false;
        }

        if (!TryString(root, "workdir", out var workdir, ref error)
            || !TryString(root, "shell", out var shell, ref error)
            || !TryString(root, "justification", out var justification, ref error)
            || !TryString(root, "sandbox_permissions", out var permissions, ref error)
            || !TryBool(root, "login", out var login, ref error)
            || !TryBool(root, "with_escalated_permissions", out var escalatedFlag, ref error)
            || !TryBool(root, "tty", out var tty, ref error)
            || !TryStringArray(root, "prefix_rule", out var prefixRule, ref error)
            || !TryPositive(root, "yield_time_ms", out var yieldMs, ref error)
            || !TryPositive(root, "max_output_tokens", out var maxTokens, ref error))
        {
            return false;
        }

        if (permissions is not (null or "use_default" or "require_escalated"))
        {
            error = $"unknown variant `{permissions}` for `sandbox_permissions`, expected `use_default` or `require_escalated`";
            return false;
        }

        arguments = new ExecCommandArguments(cmd.GetString()!, workdir, shell, login ?? true, yieldMs, maxTokens, escalatedFlag == true || permissions == "require_escalated", justification, prefixRule, tty ?? false);
        return true;
    }

    public static bool TryParseWrite(string json, out WriteStdinArguments arguments, out string error)
    {
        arguments = null!;
        if (!TryRoot(json, out var root, out error))
        {
            return false;
        }

        if (!root.TryGetProperty("session_id", out var id) || id.ValueKind is not (JsonValueKind.Number or JsonValueKind.String))
        {
            error = id.ValueKind == JsonValueKind.Undefined ? "missing field `session_id`" : "invalid type for `session_id`, expected a number";
            return false;
        }

        int sessionId;
        if (!(id.ValueKind == JsonValueKind.Number ? id.TryGetInt32(out sessionId) : int.TryParse(id.GetString(), System.Globalization.CultureInfo.InvariantCulture, out sessionId)))
        {
            error = "invalid value for `session_id`, expected an integer";
            return false;
        }

        if (!TryString(root, "chars", out var chars, ref error)
            || !TryPositive(root, "yield_time_ms", out var yieldMs, ref error)
            || !TryPositive(root, "max_output_tokens", out var maxTokens, ref error))
        {
            return false;
        }

        arguments = new WriteStdinArguments(sessionId, chars ?? string.Empty, yieldMs, maxTokens);
        return true;
    }

    private static bool TryRoot(string json, out JsonElement root, out string error)
    {
        root = default;
        try
        {
            using var document = JsonDocument.Parse(string.IsNullOrWhiteSpace(json) ? "{}" : json);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }

        error = string.Empty;
        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "expected a JSON object";
            return false;
        }

        return true;
    }

    private static bool TryString(JsonElement root, string name, out string? value, ref string error)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            error = $"invalid type for `{name}`, expected a string";
            return false;
        }

        value = element.GetString();
        return true;
    }

    private static bool TryStringArray(JsonElement root, string name, out IReadOnlyList<string>? value, ref string error)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Array || element.EnumerateArray().Any(item => item.ValueKind != JsonValueKind.String))
        {
            error = $"invalid type for `{name}`, expected an array of strings";
            return false;
        }

        value = [.. element.EnumerateArray().Select(item => item.GetString()!)];
        return true;
    }

    private static bool TryBool(JsonElement root, string name, out bool? value, ref string error)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind is not (JsonValueKind.True or JsonValueKind.False))
        {
            error = $"invalid type for `{name}`, expected a boolean";
            return false;
        }

        value = element.GetBoolean();
        return true;
    }

    private static bool TryPositive(JsonElement root, string name, out int? value, ref string error)
    {
        value = null;
        if (!root.TryGetProperty(name, out var element) || element.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetDouble(out var number) || number < 0)
        {
            error = $"invalid value for `{name}`, expected a non-negative number";
            return false;
        }

        value = (int)Math.Min(number, int.MaxValue);
        return true;
    }
}
