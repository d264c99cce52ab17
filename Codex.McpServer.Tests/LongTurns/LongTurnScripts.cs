using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary>What the long-turn tests have the scripted model do, and how they read results.</summary>
internal static class LongTurnScripts
{
    /// <summary>A command that writes <c>made.txt</c>; under <c>untrusted</c> it needs approval.</summary>
    public static readonly string[] WriteCommand = ["/bin/sh", "-c", "printf made > made.txt"];

    /// <summary>A command that waits until the test creates <c>go</c> in the workspace: a pause the test releases.</summary>
    public static readonly string[] WaitForGoCommand = ["/bin/sh", "-c", "while [ ! -f go ]; do sleep 0.1; done; echo released"];

    /// <summary>A command that runs for a minute unless killed.</summary>
    public static readonly string[] LongSleepCommand = ["/bin/sh", "-c", "sleep 60"];

    public static ScriptedReply Shell(IReadOnlyList<string> command, string callId = "call_1") => ModelToolCalls.ShellCall(command, callId);

    /// <summary><c>codex</c> arguments in <paramref name="workspace"/> with the given approval policy.</summary>
    public static JsonObject CodexArguments(string workspace, string prompt, string approvalPolicy, bool background = false)
    {
        var arguments = new JsonObject
        {
            ["prompt"] = prompt,
            ["cwd"] = workspace,
            ["approval-policy"] = approvalPolicy,
            ["sandbox"] = "workspace-write",
        };
        if (background)
        {
            arguments["background"] = true;
        }

        return arguments;
    }

    public static JsonElement Structured(JsonElement result) => result.GetProperty("structuredContent");

    public static string Status(JsonElement result) => Structured(result).GetProperty("status").GetString()!;

    public static string ThreadId(JsonElement result) => Structured(result).GetProperty("threadId").GetString()!;

    public static string Text(JsonElement result) => result.GetProperty("content")[0].GetProperty("text").GetString()!;

    public static bool IsError(JsonElement result) => result.TryGetProperty("isError", out var e) && e.GetBoolean();

    /// <summary>Calls <c>codex-status</c> with a wait until the state is <paramref name="status"/> (or the token ends).</summary>
    public static async Task<JsonElement> WaitForStatusAsync(McpTestClient client, string threadId, string status, CancellationToken cancellationToken)
    {
        while (true)
        {
            var result = await client.CallToolAsync("codex-status", new JsonObject { ["threadId"] = threadId, ["wait-seconds"] = 20 }, cancellationToken);
            if (Status(result) == status)
            {
                return result;
            }
        }
    }
}
