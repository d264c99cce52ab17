using System.Globalization;
using System.Text;
using System.Text.Json;
using Codex.Testing;

namespace Codex.Benchmarks;

/// <summary>
/// The scripted model both servers talk to in <see cref="CompareScenario"/>: it reads the turn's
/// prompt (the last user message of a Responses request) and answers the same way for either
/// server, so both get the same work. <c>stream</c> gets a long answer in many deltas;
/// <c>run true</c> gets a call of the server's own shell tool (the original offers
/// <c>exec_command</c>, ours <c>shell</c>) and, once its output is back, a short answer; any
/// other prompt is echoed back at once.
/// </summary>
public static class CompareScript
{
    /// <summary>The prompt that asks for the long streamed answer.</summary>
    public const string StreamPrompt = "stream";

    /// <summary>The prompt that makes the model run <c>true</c>.</summary>
    public const string RunTruePrompt = "run true";

    /// <summary>The answer once <c>true</c> has run.</summary>
    public const string RanTrueAnswer = "ran true";

    /// <summary>The script; <paramref name="streamDeltas"/> sets how many deltas <see cref="StreamPrompt"/> gets.</summary>
    public static ModelScript Create(int streamDeltas)
    {
        var streamed = StreamedText(streamDeltas);
        return ModelScript.ForEachRequest(request =>
        {
            if (request.Json is not { ValueKind: JsonValueKind.Object } body)
            {
                return null;
            }

            var (prompt, toolOutputSincePrompt) = LastPrompt(body);
            return prompt switch
            {
                StreamPrompt => ScriptedReply.Text(streamed, streamDeltas).WithUsage(10, 4),
                RunTruePrompt when toolOutputSincePrompt => ScriptedReply.Text(RanTrueAnswer, 2).WithUsage(10, 4),
                RunTruePrompt => ShellCall(body, $"call_{request.Index}").WithUsage(10, 4),
                null => null,
                _ => ScriptedReply.Text(Answer(prompt), 4).WithUsage(10, 4),
            };
        });
    }

    /// <summary>What the model answers to an ordinary prompt.</summary>
    public static string Answer(string prompt) => "answer: " + prompt;

    /// <summary>The long answer: <paramref name="deltas"/> four-character pieces, no spaces to trim.</summary>
    public static string StreamedText(int deltas)
    {
        var text = new StringBuilder(deltas * 4);
        for (var i = 0; i < deltas; i++)
        {
            text.Append((i % 10_000).ToString("0000", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    // The text of the last user message, and whether a tool's output came after it (the turn's
    // second request, after the command ran).
    private static (string? Prompt, bool ToolOutputSincePrompt) LastPrompt(JsonElement body)
    {
        if (!body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Array)
        {
            return (null, false);
        }

        string? prompt = null;
        var toolOutput = false;
        foreach (var item in input.EnumerateArray())
        {
            var type = item.TryGetProperty("type", out var t) ? t.GetString() : null;
            if (type == "function_call_output")
            {
                toolOutput = true;
            }
            else if (type == "message" && item.TryGetProperty("role", out var role) && role.GetString() == "user"
                && item.TryGetProperty("content", out var content) && content.ValueKind == JsonValueKind.Array)
            {
                var text = string.Concat(content.EnumerateArray()
                    .Where(part => part.TryGetProperty("text", out _))
                    .Select(part => part.GetProperty("text").GetString()));

                // Context messages the servers add (environment, instructions) are not prompts.
                if (!text.StartsWith('<') && !text.StartsWith("# ", StringComparison.Ordinal))
                {
                    prompt = text;
                    toolOutput = false;
                }
            }
        }

        return (prompt, toolOutput);
    }

    // `true` through whichever shell tool the server offered the model. The original's
    // exec_command runs a login shell unless told otherwise, which would add the profile scripts
    // of whoever runs the benchmark to its time; `login: false` makes it `bash -c true`.
    private static ScriptedReply ShellCall(JsonElement body, string callId)
    {
        var tools = body.TryGetProperty("tools", out var list) && list.ValueKind == JsonValueKind.Array
            ? list.EnumerateArray().Select(tool => tool.TryGetProperty("name", out var name) ? name.GetString() : null).ToHashSet()
            : [];
        return tools.Contains("exec_command")
            ? ScriptedReply.Call("exec_command", """{"cmd":"true","login":false}""", callId)
            : ScriptedReply.Call("shell", """{"command":["true"]}""", callId);
    }
}
