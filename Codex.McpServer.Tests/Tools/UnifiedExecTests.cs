using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Exec;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary>
/// <c>exec_command</c> and <c>write_stdin</c> (feature <c>unified_exec</c>) end to end: commands on
/// a real pty, under the sandbox, that outlive a call and take input.
/// </summary>
public sealed partial class UnifiedExecTests
{
    private const string Features = "[features]\nunified_exec = true\n";

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task ExecCommand_DevServer_KeepsRunningAcrossCallsAndTurnsAndDiesWithTheServer(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var token = $"devserver{Random.Shared.Next(100_000, 999_999)}";
        int sessionId = 0;
        var script = ModelScript.ForEachRequest(request => request.Index switch
        {
            0 => ScriptedReply.Call("exec_command", Exec($"echo serving {token}; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done", yieldMs: 3000), "call_start"),
            1 => ScriptedReply.Call("write_stdin", Write(sessionId = ToolOutputs.SessionId(ToolOutputs.In(request, "call_start")!), string.Empty, 1500), "call_poll"),
            2 => ScriptedReply.Text("first turn done"),
            3 => ScriptedReply.Call("write_stdin", Write(sessionId, string.Empty, 1500), "call_poll_next_turn"),
            4 => ScriptedReply.Text("second turn done"),
            _ => null,
        });
        await using var session = await E2eSession.CreateAsync(script, wire, Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var first = await session.CodexAsync("start the server", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);
        Assert.That(first.Text, Is.EqualTo("first turn done"), first.Text);
        Assert.That(ToolNames(session.Model.Requests[0]), Does.Contain("exec_command").And.Contain("write_stdin").And.No.Contain("shell"));

        var started = ToolOutputs.For(session.Model, "call_start");
        Assert.That(started, Does.Match("^Chunk ID: [0-9a-f]{6}\nWall time: [0-9.]+ seconds\nProcess running with session ID [0-9]+\nOriginal token count: [0-9]+\nOutput:\n"));
        Assert.That(ToolOutputs.Body(started), Does.Contain($"serving {token}").And.Contain("tick 0"));
        var polled = ToolOutputs.Body(ToolOutputs.For(session.Model, "call_poll"));
        Assert.That(polled, Does.Contain("tick").And.Not.Match("(^|\n)tick 0\r?\n"), "a poll returns only the output since the last call");
        Assert.That(ProcessProbe.FindByCommandLine(token), Is.Not.Empty, "the server runs between turns");

        var begin = first.Events.Select(e => e.Msg).OfType<ExecCommandBeginEvent>().Single();
        Assert.That(begin.CallId, Is.EqualTo("call_start"));
        Assert.That(begin.Command, Is.EqualTo(new[] { UserShellProbe.Expected(), "-c", $"echo serving {token}; i=0; while true; do echo tick $i; i=$((i+1)); sleep 0.1; done" }));
        var deltas = first.Events.Select(e => e.Msg).OfType<ExecCommandOutputDeltaEvent>().ToList();
        Assert.That(deltas.All(d => d.CallId == "call_start"), Is.True, "the session's deltas carry the exec_command call id");
        Assert.That(string.Concat(deltas.Select(d => System.Text.Encoding.UTF8.GetString(d.Chunk))), Does.Contain("tick 3"));
        Assert.That(first.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>(), Is.Empty, "the server has not exited");

        var second = await session.Client.ReplyAsync(first.ConversationId!, "still serving?", cancellationToken: timeout.Token);
        Assert.That(second.Text, Is.EqualTo("second turn done"), second.Text);
        Assert.That(ToolOutputs.Body(ToolOutputs.For(session.Model, "call_poll_next_turn")), Does.Contain("tick"));
        Assert.That(ToolOutputs.For(session.Model, "call_poll_next_turn"), Does.Contain($"Process running with session ID {sessionId}"));

        await session.Client.DisposeAsync();
        await AssertGoneAsync(token);
    }

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task WriteStdin_PythonRepl_EvaluatesInputAndReportsTheExit(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        int sessionId = 0;
        var script = ModelScript.ForEachRequest(request => request.Index switch
        {
            0 => ScriptedReply.Call("exec_command", Exec("/usr/bin/python3 -q -i", yieldMs: 1500, tty: true), "call_repl"),
            1 => ScriptedReply.Call("write_stdin", Write(sessionId = ToolOutputs.SessionId(ToolOutputs.In(request, "call_repl")!), "print(6 * 7)\n", 1500), "call_print"),
            2 => ScriptedReply.Call("write_stdin", Write(sessionId, "exit(3)\n", 3000), "call_exit"),
            3 => ScriptedReply.Call("write_stdin", Write(sessionId, "x\n", 300), "call_after_exit"),
            4 => ScriptedReply.Text("repl done"),
            _ => null,
        });
        await using var session = await E2eSession.CreateAsync(script, wire, Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("use python", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("repl done"), result.Text);
        Assert.That(ToolOutputs.Body(ToolOutputs.For(session.Model, "call_repl")), Does.Contain(">>>"), "the prompt of an interactive REPL");
        Assert.That(ToolOutputs.Body(ToolOutputs.For(session.Model, "call_print")), Does.Contain("42"));
        var exited = ToolOutputs.For(session.Model, "call_exit");
        Assert.That(exited, Does.Contain("Process exited with code 3\n"));
        Assert.That(ToolOutputs.For(session.Model, "call_after_exit"), Is.EqualTo($"write_stdin failed: Unknown session id {sessionId}"));

        var end = result.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>().Single();
        Assert.That(end.CallId, Is.EqualTo("call_repl"));
        Assert.That(end.ExitCode, Is.EqualTo(3));
        Assert.That(end.AggregatedOutput, Does.Contain("42"));
    }

    [TestCase(SandboxMode.WorkspaceWrite)]
    [TestCase(SandboxMode.DangerFullAccess)]
    public async Task ExecCommand_CommandThatNeedsATerminal_SeesATty(SandboxMode sandbox)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(
            ScriptedReply.Call("exec_command", Exec("if [ -t 0 ] && [ -t 1 ] && [ -t 2 ]; then echo \"tty $(tty)\"; else echo notty; fi", tty: true), "call_tty"),
            ScriptedReply.Text("checked"));
        await using var session = await E2eSession.CreateAsync(script, "responses", Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("tty?", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = sandbox }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("checked"), result.Text);
        var output = ToolOutputs.For(session.Model, "call_tty");
        Assert.That(output, Does.Contain("Process exited with code 0\n"));
        Assert.That(ToolOutputs.Body(output), Does.StartWith("tty /dev/pts/"), output);
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task ExecCommand_TurnCancelled_KillsTheProcessGroup(bool tty)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var token = $"60.{Random.Shared.Next(100_000, 999_999)}";
        var script = ModelScript.Sequence(
            ScriptedReply.Call("exec_command", Exec($"sleep {token} & echo started > started.marker; wait", yieldMs: 30_000, tty: tty), "call_sleep"),
            ScriptedReply.Text("after cancel"));
        await using var session = await E2eSession.CreateAsync(script, "responses", Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);
        using var cancelCall = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);

        var call = session.CodexAsync("sleep", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: cancelCall.Token);
        await ProcessProbe.WaitForFileAsync(Path.Combine(session.Workspace, "started.marker"), timeout.Token);
        Assert.That(ProcessProbe.FindByCommandLine($"sleep {token}"), Is.Not.Empty, "the command runs before the cancellation");
        await cancelCall.CancelAsync();

        Assert.That(async () => await call, Throws.InstanceOf<OperationCanceledException>());
        await AssertGoneAsync(token);
        var next = await session.CodexAsync("hello", cancellationToken: timeout.Token);
        Assert.That(next.Text, Is.EqualTo("after cancel"));
    }

    [Test]
    public async Task ExecCommand_SandboxDenialUnderNever_ReportedAsFailedInSandbox()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = Approvals.OutsideDirectory.Create();
        var target = Path.Combine(outside.Path, "x.txt");
        var recorder = Approvals.ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("exec_command", Exec($"printf x > {target}"), "call_write"), ScriptedReply.Text("done")), extraConfig: Features, cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("write", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(File.Exists(target), Is.False);
        Assert.That(ToolOutputs.For(session.Model, "call_write"), Is.EqualTo("failed in sandbox: Read-only file system"));
        var end = result.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>().Single();
        Assert.That((end.ExitCode, end.AggregatedOutput), Is.EqualTo((-1, "failed in sandbox: Read-only file system")));
        Assert.That(recorder.Requests, Is.Empty);
    }

    [Test]
    public async Task ExecCommand_SandboxDenialUnderOnFailure_FailedAttemptEndsThenAskThenUnsandboxedRerun()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = Approvals.OutsideDirectory.Create();
        var target = Path.Combine(outside.Path, "x.txt");
        var recorder = Approvals.ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("exec_command", Exec($"printf x > {target} && echo wrote"), "call_write"), ScriptedReply.Text("done")), extraConfig: Features, cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("write", p => p with { ApprovalPolicy = AskForApproval.OnFailure, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(File.ReadAllText(target), Is.EqualTo("x"), "the unsandboxed re-run wrote the file");
        var exec = result.Events.Select(e => e.Msg).Where(m => m is ExecCommandBeginEvent or ExecCommandEndEvent or ExecApprovalRequestEvent).ToList();
        Assert.That(exec.Select(m => m.GetType()), Is.EqualTo(new[]
        {
            typeof(ExecCommandBeginEvent), typeof(ExecCommandEndEvent), typeof(ExecApprovalRequestEvent), typeof(ExecCommandBeginEvent), typeof(ExecCommandEndEvent),
        }));
        var failed = (ExecCommandEndEvent)exec[1];
        Assert.That((failed.ExitCode, failed.AggregatedOutput), Is.Not.EqualTo((0, string.Empty)));
        Assert.That(failed.AggregatedOutput, Does.Contain("Read-only file system"));
        Assert.That(((ExecApprovalRequestEvent)exec[2]).Reason, Is.EqualTo("command failed; retry without sandbox?"));
        Assert.That(((ExecCommandEndEvent)exec[4]).ExitCode, Is.EqualTo(0));
        var output = ToolOutputs.For(session.Model, "call_write");
        Assert.That(output, Does.Contain("Process exited with code 0"));
        Assert.That(ToolOutputs.Body(output), Does.Contain("wrote").And.Not.Contain("Read-only file system"), "the model sees the re-run, not the refused attempt");
    }

    [Test]
    public async Task Tools_WithoutTheFeature_ShellIsOfferedNotExecCommand()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("hi")), cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("hi"));
        Assert.That(ToolNames(session.Model.Requests[0]), Does.Contain("shell").And.No.Contain("exec_command").And.No.Contain("write_stdin"));
    }

    [Test]
    public async Task Tools_UnifiedExecFeature_DefinitionsMatchTheCaptureOf0153()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("hi")), "responses", Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("hi"));
        var captured = JsonNode.Parse(File.ReadAllText(Path.Combine(TestContext.CurrentContext.TestDirectory, "Tools", "TestData", "unified-exec-tools-0.153.4.json")))!.AsArray()
            .ToDictionary(t => (string)t!["name"]!, t => t!.ToJsonString());
        var sent = session.Model.Requests[0].Json!.Value.GetProperty("tools").EnumerateArray()
            .Where(t => t.TryGetProperty("name", out var name) && name.GetString() is "exec_command" or "write_stdin")
            .ToDictionary(t => t.GetProperty("name").GetString()!, t => JsonNode.Parse(t.GetRawText())!.ToJsonString());

        // Compared as text, so the order of the properties counts as well as their values.
        Assert.That(captured.Keys, Is.EquivalentTo(new[] { "exec_command", "write_stdin" }));
        Assert.That(sent, Is.EqualTo(captured));
    }

    [TestCase("sandbox_permissions")]
    [TestCase("with_escalated_permissions")]
    public async Task ExecCommand_EscalationRequested_AsksWithTheJustificationRunsUnsandboxedAndPrefixRuleWidensNothing(string how)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = Approvals.OutsideDirectory.Create();
        var first = Path.Combine(outside.Path, "first.txt");
        var second = Path.Combine(outside.Path, "second.txt");
        string Escalated(string cmd, string justification)
        {
            var arguments = new JsonObject { ["cmd"] = cmd, ["login"] = false, ["justification"] = justification, ["prefix_rule"] = new JsonArray("printf") };
            arguments[how] = how == "sandbox_permissions" ? "require_escalated" : true;
            return arguments.ToJsonString();
        }

        // Approved for the session: only that exact command; the prefix rule the model proposed must not cover the next printf.
        var recorder = Approvals.ApprovalRecorder.Always(ReviewDecision.ApprovedForSession);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ScriptedReply.Call("exec_command", Escalated($"printf x > {first} && echo wrote", "Write first.txt outside the workspace?"), "call_first"),
                ScriptedReply.Call("exec_command", Escalated($"printf y > {second}", "Write second.txt too?"), "call_second"),
                ScriptedReply.Text("done")),
            extraConfig: Features,
            cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("write", p => p with { ApprovalPolicy = AskForApproval.OnRequest, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        var asked = result.Events.Select(e => e.Msg).OfType<ExecApprovalRequestEvent>().ToList();
        Assert.That(asked.Select(a => (a.CallId, a.Reason)), Is.EqualTo(new[] { ("call_first", "Write first.txt outside the workspace?"), ("call_second", "Write second.txt too?") }));
        Assert.That(recorder.Requests, Has.Count.EqualTo(2));
        Assert.That((File.ReadAllText(first), File.ReadAllText(second)), Is.EqualTo(("x", "y")), "both ran without the sandbox once approved");
        var output = ToolOutputs.For(session.Model, "call_first");
        Assert.That(output, Does.Contain("Process exited with code 0\n"));
        Assert.That(ToolOutputs.Body(output), Is.EqualTo("wrote\n"));
    }

    [Test]
    public async Task ExecCommand_BadSandboxPermissionsPrefixRuleOrTty_ClearArgumentErrorAndNothingRuns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        (string Extra, string Error)[] cases =
        [
            ("""{"sandbox_permissions":"always"}""", "unknown variant `always` for `sandbox_permissions`, expected `use_default` or `require_escalated`"),
            ("""{"sandbox_permissions":true}""", "invalid type for `sandbox_permissions`, expected a string"),
            ("""{"prefix_rule":"git pull"}""", "invalid type for `prefix_rule`, expected an array of strings"),
            ("""{"prefix_rule":["git",1]}""", "invalid type for `prefix_rule`, expected an array of strings"),
            ("""{"tty":"yes"}""", "invalid type for `tty`, expected a boolean"),
        ];
        string Call(string extra)
        {
            var arguments = new JsonObject { ["cmd"] = "touch ran.marker", ["login"] = false };
            foreach (var (name, value) in JsonNode.Parse(extra)!.AsObject())
            {
                arguments[name] = value?.DeepClone();
            }

            return arguments.ToJsonString();
        }

        var replies = cases.Select((c, i) => ScriptedReply.Call("exec_command", Call(c.Extra), $"call_{i}")).Append(ScriptedReply.Text("done")).ToArray();
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(replies), "responses", Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("run", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        for (var i = 0; i < cases.Length; i++)
        {
            Assert.That(ToolOutputs.For(session.Model, $"call_{i}"), Is.EqualTo($"failed to parse function arguments: {cases[i].Error}"), cases[i].Extra);
        }

        Assert.That(File.Exists(Path.Combine(session.Workspace, "ran.marker")), Is.False);
        Assert.That(result.Events.Select(e => e.Msg).OfType<ExecCommandBeginEvent>(), Is.Empty);
    }

    [Test]
    public async Task ExecCommand_TtyOmitted_RunsOnPipesWithStdinClosedAndStderrInArrivalOrder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        // 1 s gaps keep the arrival order certain on a busy machine; both fit in the default 10 s yield.
        const string Command = "if [ -t 1 ] || [ -t 0 ]; then echo terminal; else echo pipes; fi; sleep 1; echo to-stderr >&2; sleep 1; "
            + "if read -r line; then echo stdin-open; else echo stdin-closed; fi; exit 4";
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("exec_command", Exec(Command), "call_pipes"), ScriptedReply.Text("checked")), "responses", Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("pipes?", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("checked"), result.Text);
        var output = ToolOutputs.For(session.Model, "call_pipes");
        Assert.That(output, Does.Contain("Process exited with code 4\n"));
        Assert.That(ToolOutputs.Body(output), Is.EqualTo("pipes\nto-stderr\nstdin-closed\n"), output);
        var end = result.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>().Single();
        Assert.That((end.CallId, end.ExitCode, end.Stdout, end.Stderr, end.AggregatedOutput), Is.EqualTo(("call_pipes", 4, "pipes\nstdin-closed\n", "to-stderr\n", "pipes\nto-stderr\nstdin-closed\n")));
        var deltas = result.Events.Select(e => e.Msg).OfType<ExecCommandOutputDeltaEvent>().ToList();
        Assert.That(string.Concat(deltas.Select(d => System.Text.Encoding.UTF8.GetString(d.Chunk))), Is.EqualTo("pipes\nto-stderr\nstdin-closed\n"));
    }

    [Test]
    public async Task WriteStdin_PipeSession_CharsRefusedAndAnEmptyPollWaitsAtLeastFiveSeconds()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var token = $"60.{Random.Shared.Next(100_000, 999_999)}";
        int sessionId = 0;
        var script = ModelScript.ForEachRequest(request => request.Index switch
        {
            0 => ScriptedReply.Call("exec_command", Exec($"echo started; exec sleep {token}", yieldMs: 500), "call_start"),
            1 => ScriptedReply.Call("write_stdin", Write(sessionId = ToolOutputs.SessionId(ToolOutputs.In(request, "call_start")!), "hello\n", 300), "call_write"),
            2 => ScriptedReply.Call("write_stdin", Write(sessionId, string.Empty, 1), "call_poll"),
            3 => ScriptedReply.Text("done"),
            _ => null,
        });
        await using var session = await E2eSession.CreateAsync(script, "responses", Features, timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("poll", p => p with { ApprovalPolicy = AskForApproval.Never, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(ToolOutputs.Body(ToolOutputs.For(session.Model, "call_start")), Is.EqualTo("started\n"));
        Assert.That(ToolOutputs.For(session.Model, "call_write"), Is.EqualTo("write_stdin failed: stdin is closed for this session; rerun exec_command with tty=true to keep stdin open"));
        var polled = ToolOutputs.For(session.Model, "call_poll");
        Assert.That(polled, Does.Contain($"Process running with session ID {sessionId}\n"), "the refused write left the session running");
        Assert.That(ToolOutputs.Body(polled), Is.Empty);
        var wall = double.Parse(WallTime().Match(polled).Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(wall, Is.GreaterThanOrEqualTo(5.0), "an empty poll waits at least 5000 ms whatever yield_time_ms asks");

        await session.Client.DisposeAsync();
        await AssertGoneAsync(token);
    }

    // No login shell: this machine's profile scripts (pyenv and the like) print and take their time.
    private static string Exec(string cmd, int? yieldMs = null, bool? tty = null)
    {
        var arguments = new JsonObject { ["cmd"] = cmd, ["login"] = false };
        if (yieldMs is { } ms)
        {
            arguments["yield_time_ms"] = ms;
        }

        if (tty is { } terminal)
        {
            arguments["tty"] = terminal;
        }

        return arguments.ToJsonString();
    }

    private static string Write(int sessionId, string chars, int yieldMs) =>
        new JsonObject { ["session_id"] = sessionId, ["chars"] = chars, ["yield_time_ms"] = yieldMs }.ToJsonString();

    private static List<string> ToolNames(RecordedRequest request) =>
        [.. request.Json!.Value.GetProperty("tools").EnumerateArray().Select(t =>
            t.TryGetProperty("name", out var name) ? name.GetString()! : t.GetProperty("function").GetProperty("name").GetString()!)];

    private static async Task AssertGoneAsync(string token)
    {
        var left = ProcessProbe.FindByCommandLine(token);
        try
        {
            using var gone = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            foreach (var pid in left)
            {
                Assert.That(await ProcessProbe.WaitUntilGoneAsync(pid, gone.Token), Is.True, $"process {pid} was killed with its group");
            }

            Assert.That(ProcessProbe.FindByCommandLine(token), Is.Empty);
        }
        finally
        {
            foreach (var pid in left)
            {
                ProcessProbe.KillIfRunning(pid);
            }
        }
    }

    [System.Text.RegularExpressions.GeneratedRegex(@"Wall time: ([0-9.]+) seconds")]
    private static partial System.Text.RegularExpressions.Regex WallTime();
}
