using System.Text.Json;

namespace Codex.Engine.Tools.Shell;

/// <summary>The arguments of the <c>shell</c> tool (spec §7.2); <c>timeout</c> is accepted for <c>timeout_ms</c>.</summary>
internal sealed record ShellArguments(IReadOnlyList<string> Command, string? Workdir, int? TimeoutMs, bool WithEscalatedPermissions, string? Justification)
{
    public static bool TryParse(string json, out ShellArguments arguments, out string error)
    {
        arguments = null!;
        JsonElement root;
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

        if (root.ValueKind != JsonValueKind.Object)
        {
            error = "expected a JSON object with `command`";
            return false;
        }

        if (!root.TryGetProperty("command", out var command) || command.ValueKind != JsonValueKind.Array)
        {
            error = command.ValueKind == JsonValueKind.Undefined ? "missing field `command`" : "invalid type for `command`, expected an array of strings";
            return false;
        }

        var argv = new List<string>();
        foreach (var part in command.EnumerateArray())
        {
            if (part.ValueKind != JsonValueKind.String)
            {
                error = "invalid type in `command`, expected an array of strings";
                return false;
            }

            argv.Add(part.GetString()!);
        }

        string? workdir = null;
        if (root.TryGetProperty("workdir", out var w) && w.ValueKind != JsonValueKind.Null)
        {
            if (w.ValueKind != JsonValueKind.String)
            {
                error = "invalid type for `workdir`, expected a string";
                return false;
            }

            workdir = w.GetString();
        }

        int? timeout = null;
        foreach (var name in new[] { "timeout_ms", "timeout" })
        {
            if (root.TryGetProperty(name, out var t) && t.ValueKind != JsonValueKind.Null)
            {
                if (t.ValueKind != JsonValueKind.Number || !t.TryGetDouble(out var ms) || ms <= 0)
                {
                    error = $"invalid value for `{name}`, expected a positive number of milliseconds";
                    return false;
                }

                timeout = (int)Math.Min(ms, int.MaxValue);
                break;
            }
        }

        var escalated = root.TryGetProperty("with_escalated_permissions", out var e) && e.ValueKind == JsonValueKind.True;
        var justification = root.TryGetProperty("justification", out var j) && j.ValueKind == JsonValueKind.String ? j.GetString() : null;
        arguments = new ShellArguments(argv, workdir, timeout, escalated, justification);
        error = string.Empty;
        return true;
    }
}
