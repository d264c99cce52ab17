using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol.JsonRpc;
using Codex.Testing;
using static Codex.McpServer.Tests.LongTurns.LongTurnScripts;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary>The <c>tasks/*</c> methods on the wire, for the cases an SDK client does not reach: bad ids, bad arguments, tools that are not tasks.</summary>
public sealed class TaskProtocolTests
{
    [Test]
    public async Task TaskAugmentedCall_BadArguments_TaskFailsWithTheToolError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"tasks":{}}""");

        var created = await client.RequestAsync("tools/call", new JsonObject { ["name"] = "codex", ["arguments"] = new JsonObject(), ["task"] = new JsonObject { ["ttl"] = 5000 } }, timeout.Token);
        var taskId = created.GetProperty("task").GetProperty("taskId").GetString()!;
        var task = await client.RequestAsync("tasks/get", new JsonObject { ["taskId"] = taskId }, timeout.Token);
        var result = await client.RequestAsync("tasks/result", new JsonObject { ["taskId"] = taskId }, timeout.Token);

        Assert.That(task.GetProperty("status").GetString(), Is.EqualTo("failed"));
        Assert.That(task.GetProperty("ttl").GetInt64(), Is.EqualTo(5000));
        Assert.That(IsError(result), Is.True);
        Assert.That(Text(result), Is.EqualTo("Failed to parse configuration for Codex tool: missing field `prompt`"));
        Assert.That(result.GetProperty("_meta").GetProperty("io.modelcontextprotocol/related-task").GetProperty("taskId").GetString(), Is.EqualTo(taskId));
        Assert.That(session.Model.Requests, Is.Empty);
    }

    [Test]
    public async Task TasksGet_UnknownTask_InvalidParamsAndNothingChanges()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"tasks":{}}""");

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => client.RequestAsync("tasks/get", new JsonObject { ["taskId"] = "nope" }, timeout.Token));
        var list = await client.RequestAsync("tasks/list", new JsonObject(), timeout.Token);

        Assert.That(error!.Code, Is.EqualTo(JsonRpcErrorCodes.InvalidParams));
        Assert.That(error.Message, Does.Contain("Unknown task 'nope'"));
        Assert.That(list.GetProperty("tasks").GetArrayLength(), Is.Zero);
    }

    [Test]
    public async Task TaskAugmentedCall_ToolWithoutTaskSupport_InvalidParams()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"tasks":{}}""");

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => client.RequestAsync(
            "tools/call",
            new JsonObject { ["name"] = "codex-status", ["arguments"] = new JsonObject { ["threadId"] = Guid.NewGuid().ToString() }, ["task"] = new JsonObject() },
            timeout.Token));

        Assert.That(error!.Code, Is.EqualTo(JsonRpcErrorCodes.InvalidParams));
        Assert.That(error.Message, Does.Contain("cannot run as a task"));
    }

    [Test]
    public async Task FinishedTask_TtlRunsOut_TaskIsGone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("quick")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"tasks":{}}""");

        var created = await client.RequestAsync(
            "tools/call",
            new JsonObject { ["name"] = "codex", ["arguments"] = CodexArguments(session.Workspace, "hi", "never"), ["task"] = new JsonObject { ["ttl"] = 1500 } },
            timeout.Token);
        var taskId = created.GetProperty("task").GetProperty("taskId").GetString()!;
        var result = await client.RequestAsync("tasks/result", new JsonObject { ["taskId"] = taskId }, timeout.Token);
        Assert.That(Text(result), Is.EqualTo("quick"));

        await Task.Delay(TimeSpan.FromSeconds(2), timeout.Token);
        var error = await Assert.ThrowsAsync<JsonRpcException>(() => client.RequestAsync("tasks/get", new JsonObject { ["taskId"] = taskId }, timeout.Token));
        Assert.That(error!.Message, Does.Contain("TTL has run out"));
    }
}
