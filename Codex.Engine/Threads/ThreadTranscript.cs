using System.Globalization;
using System.Text;
using System.Text.Json;
using Codex.Engine.Commands;
using Codex.Engine.Conversations;
using Codex.Engine.Instructions;
using Codex.Engine.Model;

namespace Codex.Engine.Threads;

/// <summary>Renders a rollout for people: the transcript as Markdown, and the turn diffs.</summary>
internal static class ThreadTranscript
{
    private const string TurnDiffType = "turn_diff";

    public static string Render(IReadOnlyList<string> lines)
    {
        var markdown = new StringBuilder();
        var calls = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var line in lines)
        {
            if (!ThreadHeader.TryParse(line, out var type, out var payload))
            {
                continue;
            }

            switch (type)
            {
                case RolloutWriter.SessionMetaType when payload.Deserialize(RolloutJsonContext.Default.SessionMeta) is { } meta:
                    markdown.Append("# Thread ").Append(meta.Id).Append("\n\n")
                        .Append("- cwd: `").Append(meta.Cwd).Append("`\n")
                        .Append("- model: ").Append(meta.Model).Append('\n')
                        .Append("- started: ").Append(meta.Timestamp.ToString("O", CultureInfo.InvariantCulture)).Append("\n\n");
                    break;
                case RolloutWriter.ResponseItemType when ResponseItem.TryParse(payload, out var item):
                    AppendItem(markdown, item, calls);
                    break;
            }
        }

        return markdown.ToString();
    }

    public static string Diffs(IReadOnlyList<string> lines)
    {
        var diff = new StringBuilder();
        foreach (var line in lines)
        {
            if (ThreadHeader.TryParse(line, out var type, out var payload)
                && type == RolloutWriter.EventMsgType
                && payload.ValueKind == JsonValueKind.Object
                && payload.TryGetProperty("type", out var kind) && kind.ValueEquals(TurnDiffType)
                && payload.TryGetProperty("unified_diff", out var text) && text.GetString() is { Length: > 0 } unified)
            {
                diff.Append(unified);
                if (!unified.EndsWith('\n'))
                {
                    diff.Append('\n');
                }
            }
        }

        return diff.ToString();
    }

    private static void AppendItem(StringBuilder markdown, ResponseItem item, Dictionary<string, string> calls)
    {
        switch (item)
        {
            case MessageItem { Role: "user" } user when !InitialContext.IsContextMessage(user):
                markdown.Append("## User\n\n").Append(user.Text.Trim()).Append("\n\n");
                break;
            case MessageItem { Role: "assistant" } assistant:
                markdown.Append("## Codex\n\n").Append(assistant.Text.Trim()).Append("\n\n");
                break;
            case FunctionCallItem { Name: "apply_patch" } patch:
                calls[patch.CallId] = "patch";
                AppendPatch(markdown, PatchInput(patch.Arguments));
                break;
            case CustomToolCallItem { Name: "apply_patch" } patch:
                calls[patch.CallId] = "patch";
                AppendPatch(markdown, patch.Input);
                break;
            case FunctionCallItem call:
                calls[call.CallId] = call.Name;
                markdown.Append("### ").Append(call.Name == "shell" ? "Command" : $"Tool `{call.Name}`").Append("\n\n```sh\n").Append(CommandText(call)).Append("\n```\n\n");
                break;
            case LocalShellCallItem { Action: LocalShellExecAction exec } shell:
                calls[shell.CallId ?? string.Empty] = "shell";
                markdown.Append("### Command\n\n```sh\n").Append(ShellQuoting.Join(exec.Command)).Append("\n```\n\n");
                break;
            case FunctionCallOutputItem output:
                AppendOutput(markdown, calls.GetValueOrDefault(output.CallId), output.Output);
                break;
            case CustomToolCallOutputItem output:
                AppendOutput(markdown, calls.GetValueOrDefault(output.CallId), output.Output);
                break;
        }
    }

    private static void AppendPatch(StringBuilder markdown, string patch) =>
        markdown.Append("### Patch\n\n```diff\n").Append(patch.TrimEnd('\n')).Append("\n```\n\n");

    private static void AppendOutput(StringBuilder markdown, string? kind, string output)
    {
        var (text, exitCode) = Tools.ToolOutputText.Parse(output);
        markdown.Append(exitCode is { } code ? $"Exit code: {code.ToString(CultureInfo.InvariantCulture)}\n\n" : string.Empty);
        if (kind != "patch" || exitCode != 0)
        {
            markdown.Append("```text\n").Append(text.TrimEnd('\n')).Append("\n```\n\n");
        }
    }

    private static string PatchInput(string arguments)
    {
        try
        {
            using var document = JsonDocument.Parse(arguments);
            return document.RootElement.TryGetProperty("input", out var input) && input.GetString() is { } patch ? patch : arguments;
        }
        catch (JsonException)
        {
            return arguments;
        }
    }

    private static string CommandText(FunctionCallItem call)
    {
        try
        {
            using var document = JsonDocument.Parse(call.Arguments);
            if (document.RootElement.TryGetProperty("command", out var command))
            {
                return command.ValueKind == JsonValueKind.Array
                    ? ShellQuoting.Join([.. command.EnumerateArray().Select(p => p.GetString() ?? string.Empty)])
                    : command.GetString() ?? call.Arguments;
            }
        }
        catch (JsonException)
        {
            // Shown as sent.
        }

        return call.Arguments;
    }
}
