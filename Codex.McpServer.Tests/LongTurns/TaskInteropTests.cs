using System.Diagnostics;
using System.Text.Json;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;
using static Codex.McpServer.Tests.LongTurns.LongTurnScripts;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary>
/// MCP tasks (2025-11-25) through a real SDK client: the official TypeScript SDK's experimental
/// tasks client (pinned in build/common.sh, installed into artifacts/npm-clients, found through <c>CODEX_MCP_TS_SDK</c>) drives the real
/// server: create, poll, <c>input_required</c> while an approval waits, the approval answered
/// through an elicitation tied to the task, the result; then <c>tasks/cancel</c>.
/// </summary>
public sealed class TaskInteropTests
{
    [Test]
    public async Task TypeScriptSdk_TaskAugmentedCodex_CreatePollApproveResultCancel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(150));
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                Shell(WriteCommand),
                ScriptedReply.Text("task done"),
                Shell(LongSleepCommand, "call_2"),
                ScriptedReply.Text("after the cancel")),
            cancellationToken: timeout.Token);

        var steps = await RunScriptAsync(session, timeout.Token);
        TestContext.Out.WriteLine(string.Join('\n', steps.Select(s => s.GetRawText())));
        JsonElement Step(string name) => steps.First(s => s.GetProperty("step").GetString() == name);

        var tasksCapability = Step("initialized").GetProperty("tasks");
        Assert.That(tasksCapability.GetProperty("requests").GetProperty("tools").TryGetProperty("call", out _), Is.True);
        Assert.That(Step("tools").GetProperty("execution").GetProperty("codex").GetString(), Is.EqualTo("optional"));
        Assert.That(Step("tools").GetProperty("execution").GetProperty("codex-status").ValueKind, Is.EqualTo(JsonValueKind.Null));

        var created = Step("taskCreated");
        var taskId = created.GetProperty("taskId").GetString();
        Assert.That(created.GetProperty("status").GetString(), Is.EqualTo("working"));
        Assert.That(created.GetProperty("ttl").GetInt64(), Is.EqualTo(120000));

        var elicitation = Step("elicitation");
        Assert.That(elicitation.GetProperty("relatedTaskId").GetString(), Is.EqualTo(taskId), "the approval is tied to the task");
        Assert.That(elicitation.GetProperty("statusWhenAsked").GetString(), Is.EqualTo("input_required"));
        Assert.That(elicitation.GetProperty("message").GetString(), Does.Contain("printf made > made.txt"));

        var result = Step("result");
        Assert.That(result.GetProperty("text").GetString(), Is.EqualTo("task done"));
        Assert.That(result.GetProperty("structured").GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(result.GetProperty("meta").GetProperty("io.modelcontextprotocol/related-task").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "made.txt")), Is.EqualTo("made"));
        Assert.That(Step("firstFinal").GetProperty("status").GetString(), Is.EqualTo("completed"));
        Assert.That(steps.Where(s => s.GetProperty("step").GetString() == "statusNotification" && s.GetProperty("taskId").GetString() == taskId)
            .Select(s => s.GetProperty("status").GetString()), Is.SupersetOf(new[] { "input_required", "completed" }));

        Assert.That(Step("secondCreated").GetProperty("status").GetString(), Is.EqualTo("working"));
        Assert.That(Step("cancelled").GetProperty("status").GetString(), Is.EqualTo("cancelled"));
        Assert.That(Step("cancelledResult").GetProperty("status").GetString(), Is.EqualTo("interrupted"));
        Assert.That(Step("list").GetProperty("tasks").EnumerateArray().Select(t => t.GetProperty("status").GetString()), Is.EqualTo(new[] { "completed", "cancelled" }));
        Assert.That(Step("cancelAgain").GetProperty("error").GetString(), Does.Contain("already cancelled"));
        var reply = Step("reply");
        Assert.That((reply.GetProperty("status").GetString(), reply.GetProperty("text").GetString()), Is.EqualTo(("completed", "after the cancel")));
        Assert.That(steps.Last().GetProperty("step").GetString(), Is.EqualTo("closed"));
    }

    private static async Task<List<JsonElement>> RunScriptAsync(E2eSession session, CancellationToken cancellationToken)
    {
        var sdk = Surface.TypeScriptSdk.RequireModules();

        var start = new ProcessStartInfo("node", [Path.Combine(TestContext.CurrentContext.TestDirectory, "LongTurns", "tasks-interop.mjs")])
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = session.Workspace,
        };
        start.Environment["CODEX_MCP_TS_SDK"] = sdk;
        start.Environment["TASKS_SERVER"] = ServerLocator.ServerPath();
        start.Environment["TASKS_WORKSPACE"] = session.Workspace;
        var env = new System.Text.Json.Nodes.JsonObject(session.ServerEnvironment()
            .Where(kv => kv.Value is not null)
            .Select(kv => KeyValuePair.Create(kv.Key, (System.Text.Json.Nodes.JsonNode?)kv.Value)));
        start.Environment["TASKS_SERVER_ENV"] = env.ToJsonString();
        using var node = Process.Start(start)!;
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        var steps = new List<JsonElement>();
        while (await node.StandardOutput.ReadLineAsync(cancellationToken) is { } line)
        {
            using var document = JsonDocument.Parse(line);
            steps.Add(document.RootElement.Clone());
        }

        await node.WaitForExitAsync(cancellationToken);
        Assert.That(node.ExitCode, Is.Zero, $"node failed: {await stderr}\nsteps: {string.Join('\n', steps.Select(s => s.GetRawText()))}");
        return steps;
    }
}
