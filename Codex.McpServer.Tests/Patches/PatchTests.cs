using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Testing;

namespace Codex.McpServer.Tests.Patches;

/// <summary>
/// apply_patch end to end: the scripted model sends a patch (function tool, or a shell heredoc),
/// the real server verifies it, asks when the policy says so, writes it, and reports events.
/// </summary>
public sealed class PatchTests
{
    private const string Success = "Success. Updated the following files:\n";

    [Test]
    public async Task Patch_AddThroughFunctionTool_AutoApprovedInWorkspaceWithEvents()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = ApprovalRecorder.Always(ReviewDecision.Denied);
        await using var session = await StartAsync(ModelToolCalls.PatchCall("*** Begin Patch\n*** Add File: notes/todo.txt\n+buy milk\n+call Alice\n*** End Patch"), recorder, timeout.Token);

        var result = await session.CodexAsync("add a file", OnRequestWorkspaceWrite, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(recorder.Requests, Is.Empty, "a patch inside the workspace is auto-approved under on-request");
        var path = Path.Combine(session.Workspace, "notes", "todo.txt");
        Assert.That(File.ReadAllText(path), Is.EqualTo("buy milk\ncall Alice\n"));

        var (output, exitCode) = ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1"));
        Assert.That((output, exitCode), Is.EqualTo((Success + "A notes/todo.txt\n", 0)));

        var messages = result.Events.Select(e => e.Msg).ToList();
        var begin = messages.OfType<PatchApplyBeginEvent>().Single();
        Assert.That(begin.AutoApproved, Is.True);
        Assert.That(begin.CallId, Is.EqualTo("call_1"));
        Assert.That(begin.Changes[path], Is.EqualTo(new AddFileChange("buy milk\ncall Alice\n")));
        var end = messages.OfType<PatchApplyEndEvent>().Single();
        Assert.That((end.Success, end.Stdout, end.Stderr), Is.EqualTo((true, Success + "A notes/todo.txt\n", string.Empty)));
        var diff = messages.OfType<TurnDiffEvent>().Last().UnifiedDiff;
        Assert.That(diff, Does.Contain("+buy milk\n+call Alice\n"));
        Assert.That(messages.IndexOf(begin), Is.LessThan(messages.IndexOf(end)));
        Assert.That(messages.IndexOf(end), Is.LessThan(messages.IndexOf(messages.OfType<TurnDiffEvent>().First())));
        Assert.That(messages.OfType<ApplyPatchApprovalRequestEvent>(), Is.Empty);
    }

    [Test]
    public async Task Patch_UpdateWithTwoChunksAndEndOfFile_RewritesTheFile()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var patch = "*** Begin Patch\n*** Update File: app.ini\n@@ [server]\n-port = 80\n+port = 8080\n@@\n timeout = 30\n+retries = 3\n*** End of File\n*** End Patch";
        await using var session = await StartAsync(ModelToolCalls.PatchCall(patch), ApprovalRecorder.Always(ReviewDecision.Denied), timeout.Token);
        File.WriteAllText(Path.Combine(session.Workspace, "app.ini"), "[server]\nport = 80\nhost = a\ntimeout = 30\n");

        var result = await session.CodexAsync("edit", OnRequestWorkspaceWrite, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "app.ini")), Is.EqualTo("[server]\nport = 8080\nhost = a\ntimeout = 30\nretries = 3\n"));
        Assert.That(ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1")).Output, Is.EqualTo(Success + "M app.ini\n"));
        var diff = result.Events.Select(e => e.Msg).OfType<TurnDiffEvent>().Last().UnifiedDiff;
        Assert.That(diff, Does.Contain("-port = 80\n+port = 8080\n"));
        Assert.That(diff, Does.Contain("+retries = 3\n"));
    }

    [Test]
    public async Task Patch_UpdateAndMove_WritesDestinationAndRemovesSource()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var patch = "*** Begin Patch\n*** Update File: src/Greeter.cs\n*** Move to: src/Greeting.cs\n@@ class Greeter\n public string Hello()\n {\n-    return \"hi\";\n+    return \"hello\";\n }\n*** End Patch";
        await using var session = await StartAsync(ModelToolCalls.PatchCall(patch), ApprovalRecorder.Always(ReviewDecision.Denied), timeout.Token);
        Directory.CreateDirectory(Path.Combine(session.Workspace, "src"));
        File.WriteAllText(Path.Combine(session.Workspace, "src", "Greeter.cs"), "class Greeter\n{\npublic string Hello()\n{\n    return \"hi\";\n}\n}\n");

        var result = await session.CodexAsync("rename", OnRequestWorkspaceWrite, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(File.Exists(Path.Combine(session.Workspace, "src", "Greeter.cs")), Is.False);
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "src", "Greeting.cs")), Is.EqualTo("class Greeter\n{\npublic string Hello()\n{\n    return \"hello\";\n}\n}\n"));
        Assert.That(ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1")).Output, Is.EqualTo(Success + "M src/Greeting.cs\n"));
        var change = result.Events.Select(e => e.Msg).OfType<PatchApplyBeginEvent>().Single().Changes[Path.Combine(session.Workspace, "src", "Greeter.cs")];
        Assert.That(((UpdateFileChange)change).MovePath, Is.EqualTo(Path.Combine(session.Workspace, "src", "Greeting.cs")));
    }

    [Test]
    public async Task Patch_Delete_RemovesTheFile()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await StartAsync(ModelToolCalls.PatchCall("*** Begin Patch\n*** Delete File: old.log\n*** End Patch"), ApprovalRecorder.Always(ReviewDecision.Denied), timeout.Token);
        File.WriteAllText(Path.Combine(session.Workspace, "old.log"), "stale\n");

        var result = await session.CodexAsync("delete", OnRequestWorkspaceWrite, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(File.Exists(Path.Combine(session.Workspace, "old.log")), Is.False);
        Assert.That(ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1")).Output, Is.EqualTo(Success + "D old.log\n"));
        var change = result.Events.Select(e => e.Msg).OfType<PatchApplyBeginEvent>().Single().Changes.Values.Single();
        Assert.That(change, Is.EqualTo(new DeleteFileChange("stale\n")));
        Assert.That(result.Events.Select(e => e.Msg).OfType<TurnDiffEvent>().Last().UnifiedDiff, Does.Contain("-stale\n"));
    }

    [Test]
    public async Task Patch_TypographicQuotesInContext_FuzzyMatchApplies()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var patch = "*** Begin Patch\n*** Update File: x.js\n@@\n function f() {\n   return \u201cx\u201d;\n-}\n+} // done\n*** End Patch";
        await using var session = await StartAsync(ModelToolCalls.PatchCall(patch), ApprovalRecorder.Always(ReviewDecision.Denied), timeout.Token);
        File.WriteAllText(Path.Combine(session.Workspace, "x.js"), "function f() {\n  return \"x\";\n}\n");

        var result = await session.CodexAsync("edit", OnRequestWorkspaceWrite, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        Assert.That(ModelToolCalls.ParseExecOutput(output).ExitCode, Is.EqualTo(0), output);

        // Matched lines take the patch's text (spec §8.3): the context line now has the typographic quotes.
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "x.js")), Is.EqualTo("function f() {\n  return \u201cx\u201d;\n} // done\n"));
    }

    [Test]
    public async Task Patch_DoesNotApply_VerificationFailedNothingChangedNobodyAsked()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var patch = "*** Begin Patch\n*** Add File: new.txt\n+created\n*** Update File: a.txt\n@@\n-not in the file\n+replacement\n*** End Patch";
        var recorder = ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await StartAsync(ModelToolCalls.PatchCall(patch), recorder, timeout.Token);
        File.WriteAllText(Path.Combine(session.Workspace, "a.txt"), "original\n");

        var result = await session.CodexAsync("edit", p => p with { ApprovalPolicy = AskForApproval.Untrusted, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(
            ModelToolCalls.OutputFor(session.Model, "call_1"),
            Is.EqualTo($"apply_patch verification failed: Failed to find expected lines in {Path.Combine(session.Workspace, "a.txt")}:\nnot in the file"));
        Assert.That(recorder.Requests, Is.Empty, "a patch that does not apply is never shown for approval");
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "a.txt")), Is.EqualTo("original\n"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "new.txt")), Is.False);
        var messages = result.Events.Select(e => e.Msg).ToList();
        Assert.That(messages.OfType<PatchApplyBeginEvent>(), Is.Empty);
        Assert.That(messages.OfType<ApplyPatchApprovalRequestEvent>(), Is.Empty);
        Assert.That(messages.OfType<TurnDiffEvent>(), Is.Empty);
    }

    [Test]
    public async Task Patch_NeedsApproval_ElicitationHasSpecParamsThenApplies()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var patch = "*** Begin Patch\n*** Update File: destination_file.txt\n@@\n-original content\n+modified content\n*** Add File: added.txt\n+new\n*** End Patch";
        var recorder = ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await StartAsync(ModelToolCalls.PatchCall(patch), recorder, timeout.Token);
        var destination = Path.Combine(session.Workspace, "destination_file.txt");
        var added = Path.Combine(session.Workspace, "added.txt");
        File.WriteAllText(destination, "original content\n");

        var result = await session.CodexAsync("edit", p => p with { ApprovalPolicy = AskForApproval.Untrusted, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        var request = result.Events.Single(e => e.Msg is ApplyPatchApprovalRequestEvent);
        var elicitation = recorder.Requests.Single();
        var expected = new JsonObject
        {
            ["message"] = "Allow Codex to apply proposed code changes?",
            ["requestedSchema"] = JsonNode.Parse(ApprovalElicitationSchema.RequestedSchema.GetRawText()),
            ["threadId"] = result.ConversationId,
            ["codex_elicitation"] = "patch-approval",
            ["codex_mcp_tool_call_id"] = request.Meta.RequestId.ToString(),
            ["codex_event_id"] = request.Id,
            ["codex_call_id"] = "call_1",
            ["codex_changes"] = new JsonObject
            {
                [destination] = new JsonObject { ["update"] = new JsonObject { ["unified_diff"] = "@@ -1 +1 @@\n-original content\n+modified content\n", ["move_path"] = null } },
                [added] = new JsonObject { ["add"] = new JsonObject { ["content"] = "new\n" } },
            },
        };
        Assert.That(JsonNode.DeepEquals(JsonNode.Parse(elicitation.Raw.GetRawText()), expected), Is.True, $"elicitation params were {elicitation.Raw.GetRawText()}");
        Assert.That(request.Id, Is.EqualTo(result.Events.Single(e => e.Msg is TaskStartedEvent).Id));

        Assert.That(File.ReadAllText(destination), Is.EqualTo("modified content\n"));
        Assert.That(File.ReadAllText(added), Is.EqualTo("new\n"));
        var messages = result.Events.Select(e => e.Msg).ToList();
        var begin = messages.OfType<PatchApplyBeginEvent>().Single();
        Assert.That(begin.AutoApproved, Is.False);
        Assert.That(messages.IndexOf(request.Msg), Is.LessThan(messages.IndexOf(begin)));
        Assert.That(messages.OfType<PatchApplyEndEvent>().Single().Success, Is.True);
        Assert.That(messages.OfType<TurnDiffEvent>().Last().UnifiedDiff, Does.Contain("-original content\n+modified content\n"));
    }

    [Test]
    public async Task Patch_Denied_ModelToldNothingWritten()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = ApprovalRecorder.Always(ReviewDecision.Denied);
        await using var session = await StartAsync(ModelToolCalls.PatchCall("*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch"), recorder, timeout.Token);

        var result = await session.CodexAsync("add", p => p with { ApprovalPolicy = AskForApproval.Untrusted, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(recorder.Requests.Select(r => r.Kind), Is.EqualTo(new[] { CodexElicitationKinds.PatchApproval }));
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("patch rejected by user"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "hello.txt")), Is.False);
        Assert.That(result.Events.Select(e => e.Msg).OfType<PatchApplyEndEvent>().Where(e => e.Success), Is.Empty);
    }

    [Test]
    public async Task Patch_Abort_TurnAbortedCallAnsweredWithErrorNothingWritten()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = ApprovalRecorder.Always(ReviewDecision.Abort);
        await using var session = await StartAsync(ModelToolCalls.PatchCall("*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch"), recorder, timeout.Token);

        var result = await session.CodexAsync("add", p => p with { ApprovalPolicy = AskForApproval.Untrusted, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.True);
        Assert.That(result.Text, Does.Contain("user aborted"));
        Assert.That(result.Events.Select(e => e.Msg).OfType<TurnAbortedEvent>().Single().Reason, Is.EqualTo(TurnAbortReason.Interrupted));
        Assert.That(result.Events.Select(e => e.Msg).OfType<TaskCompleteEvent>(), Is.Empty);
        Assert.That(File.Exists(Path.Combine(session.Workspace, "hello.txt")), Is.False);
    }

    [Test]
    public async Task Patch_HeredocThroughShell_IsAppliedAsAPatchNotRunAsACommand()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var recorder = ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await StartAsync(ModelToolCalls.HeredocPatchCall("*** Begin Patch\n*** Add File: hello.txt\n+hello from heredoc\n*** End Patch"), recorder, timeout.Token);

        var result = await session.CodexAsync("add", p => p with { ApprovalPolicy = AskForApproval.Untrusted, Sandbox = SandboxMode.WorkspaceWrite }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        Assert.That(recorder.Requests.Select(r => r.Kind), Is.EqualTo(new[] { CodexElicitationKinds.PatchApproval }), "a heredoc patch is asked about as a patch, not as a command");
        Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "hello.txt")), Is.EqualTo("hello from heredoc\n"));
        Assert.That(ModelToolCalls.ParseExecOutput(ModelToolCalls.OutputFor(session.Model, "call_1")).Output, Is.EqualTo(Success + "A hello.txt\n"));
        Assert.That(result.Events.Select(e => e.Msg).OfType<ExecCommandBeginEvent>(), Is.Empty);
    }

    [Test]
    public async Task Patch_HeredocAfterCd_ResolvesAndWritesInTheCdTarget()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var patch = "*** Begin Patch\n*** Update File: existing.txt\n@@\n-one\n+two\n*** Add File: added.txt\n+added\n*** End Patch";
        await using var session = await StartAsync(ModelToolCalls.HeredocPatchCall(patch, cdInto: "sub"), ApprovalRecorder.Always(ReviewDecision.Denied), timeout.Token);
        var sub = Path.Combine(session.Workspace, "sub");
        Directory.CreateDirectory(sub);
        File.WriteAllText(Path.Combine(sub, "existing.txt"), "one\n");

        var result = await session.CodexAsync("edit", OnRequestWorkspaceWrite, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        Assert.That(ModelToolCalls.ParseExecOutput(output).Output, Is.EqualTo(Success + "A added.txt\nM existing.txt\n"));
        Assert.That(File.ReadAllText(Path.Combine(sub, "existing.txt")), Is.EqualTo("two\n"));
        Assert.That(File.ReadAllText(Path.Combine(sub, "added.txt")), Is.EqualTo("added\n"));
        Assert.That(File.Exists(Path.Combine(session.Workspace, "added.txt")), Is.False);
    }

    [TestCase("*** Begin Patch\n*** Add File: link/evil.txt\n+pwned\n*** End Patch", "evil.txt")]
    [TestCase("*** Begin Patch\n*** Update File: linked.txt\n@@\n-original\n+pwned\n*** End Patch", "target.txt")]
    public async Task Patch_ThroughSymlinkLeavingTheWorkspace_IsNotWrittenWithoutApproval(string patch, string outsideFile)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var outside = OutsideDirectory.Create();
        var target = Path.Combine(outside.Path, "target.txt");
        File.WriteAllText(target, "original\n");
        var recorder = ApprovalRecorder.Always(ReviewDecision.Denied);
        await using var session = await StartAsync(ModelToolCalls.PatchCall(patch), recorder, timeout.Token);
        File.CreateSymbolicLink(Path.Combine(session.Workspace, "link"), outside.Path);
        File.CreateSymbolicLink(Path.Combine(session.Workspace, "linked.txt"), target);

        var result = await session.CodexAsync("edit", OnRequestWorkspaceWrite, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("done"), result.Text);
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        Assert.That(File.ReadAllText(target), Is.EqualTo("original\n"), output);
        Assert.That(File.Exists(Path.Combine(outside.Path, "evil.txt")), Is.False, output);
        Assert.That(recorder.Requests.Select(r => r.Kind), Is.EqualTo(new[] { CodexElicitationKinds.PatchApproval }), $"a write that really lands in {outsideFile} outside the workspace is asked about; the model saw: {output}");
        Assert.That(output, Is.EqualTo("patch rejected by user"));
    }

    private static CodexToolCallParam OnRequestWorkspaceWrite(CodexToolCallParam parameters) =>
        parameters with { ApprovalPolicy = AskForApproval.OnRequest, Sandbox = SandboxMode.WorkspaceWrite };

    private static async Task<E2eSession> StartAsync(ScriptedReply step, ApprovalRecorder recorder, CancellationToken cancellationToken)
    {
        var session = await E2eSession.CreateAsync(ModelScript.Sequence(step, ScriptedReply.Text("done")), cancellationToken: cancellationToken);
        try
        {
            await session.StartServerAsync(recorder.Options, cancellationToken: cancellationToken);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }
}
