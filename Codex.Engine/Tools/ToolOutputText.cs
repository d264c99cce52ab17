using System.Globalization;
using System.Text.Json;

namespace Codex.Engine.Tools;

/// <summary>Reads what the agent's <c>shell</c>/<c>apply_patch</c> returned to the model, for views of it outside the model.</summary>
public static class ToolOutputText
{
    /// <summary>
    /// The output text and exit code, from the JSON form (<c>{"output","metadata":{"exit_code"}}</c>)
    /// or the plain-text form (<c>Exit code: n</c>); other text (a rejection, say) is returned as it is.
    /// </summary>
    public static (string Text, int? ExitCode) Parse(string output)
    {
        try
        {
            using var document = JsonDocument.Parse(output);
            var root = document.RootElement;
            if (root.ValueKind == JsonValueKind.Object && root.TryGetProperty("output", out var text))
            {
                int? code = root.TryGetProperty("metadata", out var metadata) && metadata.TryGetProperty("exit_code", out var exit) && exit.TryGetInt32(out var value) ? value : null;
                return (text.GetString() ?? string.Empty, code);
            }
        }
        catch (JsonException)
        {
            // The plain-text form, below.
        }

        const string Prefix = "Exit code: ";
        if (output.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var end = output.IndexOf('\n', StringComparison.Ordinal);
            if (int.TryParse(output.AsSpan(Prefix.Length, (end < 0 ? output.Length : end) - Prefix.Length), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var code))
            {
                return (output, code);
            }
        }

        return (output, null);
    }
}
