using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.Testing;

namespace Codex.McpServer.Tests.Approvals;

/// <summary>
/// Builds the tool calls the scripted model makes, and reads back what the model was sent
/// for them (the <c>function_call_output</c> items of later requests).
/// </summary>
internal static class ModelToolCalls
{
    /// <summary>The <c>justification</c> sent with every escalated call.</summary>
    public const string Justification = "the test needs it";

    /// <summary>The arguments of a <c>shell</c> call.</summary>
    public static string Shell(IReadOnlyList<string> command, bool escalated = false, int? timeoutMs = null, string? workdir = null)
    {
        var arguments = new JsonObject { ["command"] = new JsonArray([.. command.Select(part => JsonValue.Create(part))]) };
        if (escalated)
        {
            arguments["with_escalated_permissions"] = true;
            arguments["justification"] = Justification;
        }

        if (timeoutMs is { } timeout)
        {
            arguments["timeout_ms"] = timeout;
        }

        if (workdir is not null)
        {
            arguments["workdir"] = workdir;
        }

        return arguments.ToJsonString();
    }

    /// <summary>A scripted <c>shell</c> call.</summary>
    public static ScriptedReply ShellCall(IReadOnlyList<string> command, string callId = "call_1", bool escalated = false, int? timeoutMs = null) =>
        ScriptedReply.Call("shell", Shell(command, escalated, timeoutMs), callId);

    /// <summary>A scripted call of the <c>apply_patch</c> function tool, <c>{"input": patch}</c>.</summary>
    public static ScriptedReply PatchCall(string patch, string callId = "call_1") =>
        ScriptedReply.Call("apply_patch", new JsonObject { ["input"] = patch }.ToJsonString(), callId);

    /// <summary>A scripted <c>shell</c> call of <c>bash -lc "apply_patch &lt;&lt;'EOF' … EOF"</c>, optionally after <c>cd dir &amp;&amp;</c>.</summary>
    public static ScriptedReply HeredocPatchCall(string patch, string callId = "call_1", string? cdInto = null)
    {
        var script = $"apply_patch <<'EOF'\n{patch.TrimEnd('\n')}\nEOF\n";
        if (cdInto is not null)
        {
            script = $"cd {cdInto} && {script}";
        }

        return ShellCall(["bash", "-lc", script], callId);
    }

    /// <summary>
    /// The output the model was sent for <paramref name="callId"/>, from the first request that
    /// carries it; fails the test when no request does.
    /// </summary>
    public static string OutputFor(ScriptedModelServer model, string callId)
    {
        foreach (var request in model.Requests)
        {
            if (request.Json is not { } body || !body.TryGetProperty("input", out var input) || input.ValueKind != JsonValueKind.Array)
            {
                continue;
            }

            foreach (var item in input.EnumerateArray())
            {
                if (item.TryGetProperty("type", out var type) && type.GetString() is "function_call_output" or "custom_tool_call_output"
                    && item.TryGetProperty("call_id", out var id) && id.GetString() == callId)
                {
                    return item.GetProperty("output").GetString() ?? string.Empty;
                }
            }
        }

        Assert.Fail($"No request to the model carried an output for {callId}; {model.Requests.Count} request(s) were made.");
        return string.Empty;
    }

    /// <summary>Reads the JSON form of an exec output, <c>{"output":…,"metadata":{"exit_code":…}}</c>.</summary>
    public static (string Output, int ExitCode) ParseExecOutput(string text)
    {
        using var document = JsonDocument.Parse(text);
        var root = document.RootElement;
        return (root.GetProperty("output").GetString()!, root.GetProperty("metadata").GetProperty("exit_code").GetInt32());
    }
}
