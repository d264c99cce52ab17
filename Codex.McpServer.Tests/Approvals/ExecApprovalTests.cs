using System.Collections.Concurrent;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Protocol.JsonRpc;
using Codex.Testing;

namespace Codex.McpServer.Tests.Approvals;

/// <summary>
/// Exec approvals end to end: the scripted model calls <c>shell</c>, the real server asks with
/// <c>elicitation/create</c>, and the client's answer decides what runs and what the model is told.
/// </summary>
public sealed class ExecApprovalTests
{
    private static readonly string[] WriteCommand = ["/bin/sh", "-c", "printf hello > created.txt && cat created.txt"];

    [Test]
    public async Task Exec_Approved_AsksWithSpecParamsThenRunsAndReturnsJsonOutput()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var seen = new ConcurrentQueue<CodexEvent>();
        List<Type>? eventsWhenAsked = null;
        var recorder = new ApprovalRecorder((_, _) =>
        {
            eventsWhenAsked = [.. seen.Select(e => e.Msg.GetType())];
            return ValueTask.FromResult(new ApprovalAnswer(ReviewDecision.Approved));
        });
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("create a file", Untrusted, seen.Enqueue, timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(result.Text, Is.EqualTo("done"));
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "created.txt")), Is.EqualTo("hello"));

        var request = result.Events.Single(e => e.Msg is ExecApprovalRequestEvent);
        var approvalEvent = (ExecApprovalRequestEvent)request.Msg;
        Assert.That(approvalEvent.CallId, Is.EqualTo("call_1"));
        Assert.That(approvalEvent.Command, Is.EqualTo(WriteCommand));
        Assert.That(approvalEvent.Cwd, Is.EqualTo(session.Workspace));
        Assert.That(request.Id, Is.EqualTo(result.Events.Single(e => e.Msg is TaskStartedEvent).Id), "the approval event carries the turn's submission id");

        var elicitation = recorder.Requests.Single();
        var expected = new JsonObject
        {
            ["message"] = $"Allow Codex to run `/bin/sh -c 'printf hello > created.txt && cat created.txt'` in `{session.Workspace}`?",
            ["requestedSchema"] = JsonNode.Parse(ApprovalElicitationSchema.RequestedSchema.GetRawText()),
            ["threadId"] = result.ConversationId,
            ["codex_elicitation"] = "exec-approval",
            ["codex_mcp_tool_call_id"] = request.Meta.RequestId.ToString(),
            ["codex_event_id"] = request.Id,
            ["codex_call_id"] = "call_1",
            ["codex_command"] = new JsonArray([.. WriteCommand.Select(part => JsonValue.Create(part))]),
            ["codex_cwd"] = session.Workspace,
            ["codex_parsed_cmd"] = JsonSerializer.SerializeToNode(approvalEvent.ParsedCmd, ProtocolJsonContext.Default.IReadOnlyListParsedCommand),
        };
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(elicitation.Raw.GetRawText()), expected), Is.True, $"elicitation params were {elicitation.Raw.GetRawText()}");
        Assert.That(approvalEvent.ParsedCmd, Has.Count.EqualTo(1));
        Assert.That(approvalEvent.ParsedCmd[0], Is.TypeOf<UnknownParsedCommand>());
        Assert.That(elicitation.Exec!.CodexParsedCmd[0].Cmd, Is.EqualTo("/bin/sh -c 'printf hello > created.txt && cat created.txt'"));

        Assert.That(eventsWhenAsked, Does.Contain(typeof(ExecApprovalRequestEvent)), "exec_approval_request reaches the client before the elicitation");
        Assert.That(eventsWhenAsked, Does.Not.Contain(typeof(ExecCommandBeginEvent)), "nothing runs before the answer");

        var types = result.Events.Select(e => e.Msg.GetType()).ToList();
        var begin = types.IndexOf(typeof(ExecCommandBeginEvent));
        var delta = types.IndexOf(typeof(ExecCommandOutputDeltaEvent));
        var end = types.IndexOf(typeof(ExecCommandEndEvent));
        Assert.That(types.IndexOf(typeof(ExecApprovalRequestEvent)), Is.LessThan(begin));
        Assert.That(begin, Is.LessThan(delta));
        Assert.That(delta, Is.LessThan(end));
        var deltas = result.Events.Select(e => e.Msg).OfType<ExecCommandOutputDeltaEvent>().ToList();
        Assert.That(string.Concat(deltas.Select(d => System.Text.Encoding.UTF8.GetString(d.Chunk))), Is.EqualTo("hello"));
        Assert.That(deltas.Select(d => d.Stream).Distinct(), Is.EqualTo(new[] { ExecOutputStream.Stdout }));
        var endEvent = result.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>().Single();
        Assert.That((endEvent.ExitCode, endEvent.Stdout, endEvent.CallId), Is.EqualTo((0, "hello", "call_1")));

        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        using var json = JsonDocument.Parse(output);
        Assert.That(json.RootElement.GetProperty("output").GetString(), Is.EqualTo("hello"));
        Assert.That(json.RootElement.GetProperty("metadata").GetProperty("exit_code").GetInt32(), Is.EqualTo(0));
        Assert.That(json.RootElement.GetProperty("metadata").GetProperty("duration_seconds").ValueKind, Is.EqualTo(JsonValueKind.Number));
    }

    [Test]
    public async Task Exec_Denied_ModelToldAndNothingRuns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = ApprovalRecorder.Always(ReviewDecision.Denied);
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("create a file", Untrusted, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(result.Text, Is.EqualTo("done"), "the turn continues after a denial");
        Assert.That(recorder.Requests, Has.Count.EqualTo(1));
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("exec command rejected by user"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
        Assert.That(result.Events.Select(e => e.Msg).OfType<ExecCommandBeginEvent>(), Is.Empty);
    }

    [Test]
    public async Task Exec_DeniedWithReasonThroughTypedClient_ReasonReachesModel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = new ApprovalRecorder((_, _) => ValueTask.FromResult(new ApprovalAnswer(ReviewDecision.Denied, "too risky")));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("create a file", Untrusted, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"));
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("exec command rejected by user: too risky"));
        Assert.That(result.Events.Select(e => e.Msg).OfType<BackgroundEvent>().Select(b => b.Message), Does.Contain("Command not run: too risky"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
    }

    [TestCase("""{"denied":{"rejection":"too risky"}}""")]
    [TestCase("""{"decision":{"denied":{"rejection":"too risky"}}}""")]
    public async Task Exec_RawDeniedWithRejection_TextReachesModel(string answer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"elicitation":{}}""", elicitation: _ => McpTestClient.Result(answer), protocolVersion: "2025-06-18");

        var result = await client.CodexAsync(RawArguments(session, "untrusted"), timeout.Token);

        Assert.That(result.TryGetProperty("isError", out _), Is.False, result.GetRawText());
        Assert.That(client.Elicitations, Has.Count.EqualTo(1));
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("exec command rejected by user: too risky"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
    }

    [Test]
    public async Task Exec_ApprovedForSession_SameCommandLaterInConversationIsNotAskedAgain()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        string[] append = ["/bin/sh", "-c", "echo again >> log.txt"];
        string[] other = ["/bin/sh", "-c", "echo other >> log.txt"];
        var recorder = ApprovalRecorder.Always(ReviewDecision.ApprovedForSession);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ModelToolCalls.ShellCall(append, "call_1"),
                ScriptedReply.Text("first"),
                ModelToolCalls.ShellCall(append, "call_2"),
                ModelToolCalls.ShellCall(other, "call_3"),
                ScriptedReply.Text("second")),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var first = await session.CodexAsync("append", Untrusted, cancellationToken: timeout.Token);
        var second = await session.Client.ReplyAsync(first.ConversationId!, "append again", cancellationToken: timeout.Token);

        Assert.That(second.Text, Is.EqualTo("second"));
        Assert.That(recorder.Requests.Select(r => r.Exec!.CodexCallId), Is.EqualTo(new[] { "call_1", "call_3" }), "the identical command is not asked about again; a different one is");
        Assert.That(second.Events.Select(e => e.Msg).OfType<ExecApprovalRequestEvent>().Select(e => e.CallId), Is.EqualTo(new[] { "call_3" }));
        Assert.That(File.ReadAllLines(Path.Combine(session.Workspace, "log.txt")), Is.EqualTo(new[] { "again", "again", "other" }));
        Assert.That(ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_2")).ExitCode, Is.EqualTo(0));
    }

    [Test]
    public async Task Exec_Abort_TurnAbortedAndToolCallAnsweredWithError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = ApprovalRecorder.Always(ReviewDecision.Abort);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("never sent"), ScriptedReply.Text("after abort")),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("create a file", Untrusted, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.True);
        Assert.That(result.Text, Does.Contain("user aborted"));
        var aborted = result.Events.Select(e => e.Msg).OfType<TurnAbortedEvent>().Single();
        Assert.That(aborted.Reason, Is.EqualTo(TurnAbortReason.Interrupted));
        Assert.That(result.Events.Select(e => e.Msg).OfType<TaskCompleteEvent>(), Is.Empty);
        Assert.That(result.Events.Select(e => e.Msg).OfType<ExecCommandBeginEvent>(), Is.Empty);
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
        Assert.That(session.Model.Requests, Has.Count.EqualTo(1), "the model is not called again in an aborted turn");

        // The conversation is still usable, and the model sees the aborted call closed.
        var next = await session.Client.ReplyAsync(result.ConversationId!, "go on", cancellationToken: timeout.Token);
        Assert.That(next.IsError, Is.False, next.Text);
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("aborted"));
    }

    [TestCase("accept", true, false, "")]
    [TestCase("decline", false, false, "exec command rejected by user")]
    [TestCase("cancel", false, true, "")]
    public async Task Exec_McpStandardAction_MapsToApproveDenyOrAbort(string action, bool runs, bool aborts, string modelSees)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"elicitation":{}}""", elicitation: _ => McpTestClient.Result($$"""{"action":"{{action}}"}"""), protocolVersion: "2025-06-18");

        var result = await client.CodexAsync(RawArguments(session, "untrusted"), timeout.Token);

        Assert.That(client.Elicitations, Has.Count.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.EqualTo(runs));
        Assert.That(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.EqualTo(aborts), result.GetRawText());
        Assert.That(client.EventTypes.Contains("turn_aborted"), Is.EqualTo(aborts));
        if (!aborts)
        {
            var output = ModelToolCalls.OutputFor(session.Model, "call_1");
            Assert.That(runs ? ModelToolCalls.ParseExecOutput(output).Output : output, Is.EqualTo(runs ? "hello" : modelSees));
        }
    }

    [Test]
    public async Task Exec_ErrorReplyToElicitation_DeniedWithReasonAndTurnContinues()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = new ApprovalRecorder((_, _) => throw new JsonRpcException(-32000, "user closed the dialog"));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("create a file", Untrusted, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"));
        Assert.That(recorder.Requests, Has.Count.EqualTo(1));
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        Assert.That(output, Does.StartWith("exec command rejected by user: "));
        Assert.That(output, Does.Contain("user closed the dialog"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
    }

    [Test]
    public async Task Exec_ClientWithoutElicitationCapability_NeverAskedApprovalParked()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, elicitation: _ => McpTestClient.Result("""{"decision":"approved"}"""), protocolVersion: "2025-06-18");

        var result = await client.CodexAsync(RawArguments(session, "untrusted"), timeout.Token);

        // Parked in the approval inbox (LongTurns/ covers answering it with codex-approve).
        Assert.That(result.TryGetProperty("isError", out _), Is.False, result.GetRawText());
        Assert.That(result.GetProperty("structuredContent").GetProperty("status").GetString(), Is.EqualTo("waiting_for_approval"));
        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Does.Contain("codex-approve"));
        Assert.That(client.Elicitations, Is.Empty, "a client that did not declare elicitation is never sent elicitation/create");
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
        Assert.That(client.EventTypes, Does.Contain("exec_approval_request").And.No.Contain("exec_command_begin"));
    }

    [Test]
    public async Task Exec_TypedClientWithoutApprovalHandler_DeclaresNoElicitationAndApprovalIsParked()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token);
        await session.StartServerAsync(new CodexMcpClientOptions(), cancellationToken: timeout.Token);

        var result = await session.CodexAsync("create a file", Untrusted, cancellationToken: timeout.Token);

        // Had the server asked anyway, this client would have answered with an error and the call would have gone on.
        Assert.That(result.Text, Does.Contain("is waiting for approval").And.Contain("codex-approve"), result.Text);
        Assert.That(result.Result.StructuredContent!.Value.GetProperty("status").GetString(), Is.EqualTo("waiting_for_approval"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
    }

    [Test]
    public async Task Exec_ApprovalTimeout_DeniedModelToldTurnContinues()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var handlerCancelled = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var recorder = new ApprovalRecorder(async (_, cancellationToken) =>
        {
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                handlerCancelled.TrySetResult();
                throw;
            }

            return new ApprovalAnswer(ReviewDecision.Approved);
        });
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ModelToolCalls.ShellCall(WriteCommand), ScriptedReply.Text("done")), cancellationToken: timeout.Token, topLevelConfig: "approval_timeout_ms = 500");
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("create a file", Untrusted, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(recorder.Requests, Has.Count.EqualTo(1));
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        Assert.That(output, Does.StartWith("exec command rejected by user: no answer to the approval request within 0.5 s"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "created.txt")), Is.False);
        await handlerCancelled.Task.WaitAsync(timeout.Token);
        Assert.That(handlerCancelled.Task.IsCompletedSuccessfully, Is.True, "the server cancels the unanswered elicitation (notifications/cancelled)");
    }

    private static CodexToolCallParam Untrusted(CodexToolCallParam parameters) =>
        parameters with { ApprovalPolicy = AskForApproval.Untrusted, Sandbox = SandboxMode.WorkspaceWrite };

    private static JsonObject RawArguments(E2eSession session, string approvalPolicy) => new()
    {
        ["prompt"] = "create a file",
        ["cwd"] = session.Workspace,
        ["approval-policy"] = approvalPolicy,
        ["sandbox"] = "workspace-write",
    };
}
