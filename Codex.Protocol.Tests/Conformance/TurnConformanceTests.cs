using System.Text.Json;
using Codex.Testing;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// Whole turns against the scripted model, as any MCP client sees them (spec §3–§5): the
/// <c>codex</c> result and its <c>codex/event</c> stream, <c>codex-reply</c> by <c>threadId</c> and by
/// <c>conversationId</c>, and approvals over <c>elicitation/create</c> answered every way a client
/// may answer. Rows whose names end in <c>_BeyondOriginal</c> are what our issues promise beyond
/// the original server (an answer to every request, also after <c>abort</c> or an error reply).
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class TurnConformanceTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(2);

    [Test]
    public async Task Codex_OneTurn_AnswerThreadIdAndEventsBeforeTheResponse()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(ModelScript.Sequence(ScriptedReply.Text("hello there")), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var (result, _) = await harness.CallToolAnsweringAsync("codex", Arguments("say hello", workspace.Path), _ => null, cts.Token);

        var events = CodexEvents(harness);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.False);
            Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("hello there"));
            Assert.That(result.GetProperty("structuredContent").GetProperty("threadId").GetString(), Does.Match("^[0-9a-f-]{36}$"));
            Assert.That(events.Select(e => e.GetProperty("msg").GetProperty("type").GetString()), Is.SupersetOf(new[] { "session_configured", "task_started", "agent_message", "task_complete" }));
            Assert.That(events.Select(e => e.GetProperty("_meta").GetProperty("requestId").GetRawText()).Distinct(), Is.EqualTo(new[] { "2" }), "every event names the tools/call it belongs to");
            Assert.That(events.Last(e => e.GetProperty("msg").GetProperty("type").GetString() == "task_complete").GetProperty("msg").GetProperty("last_agent_message").GetString(), Is.EqualTo("hello there"));
        }

        await harness.FinishAsync();
    }

    [TestCase("threadId")]
    [TestCase("conversationId")]
    public async Task CodexReply_ById_ContinuesTheConversationWithItsHistory(string idField)
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(ModelScript.Sequence(ScriptedReply.Text("first answer"), ScriptedReply.Text("second answer")), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var (first, _) = await harness.CallToolAnsweringAsync("codex", Arguments("remember the word kumquat", workspace.Path), _ => null, cts.Token);
        var threadId = first.GetProperty("structuredContent").GetProperty("threadId").GetString()!;
        var (second, _) = await harness.CallToolAnsweringAsync("codex-reply", $$"""{"{{idField}}":{{JsonSerializer.Serialize(threadId)}},"prompt":"which word?"}""", _ => null, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(second.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("second answer"));
            Assert.That(second.GetProperty("structuredContent").GetProperty("threadId").GetString(), Is.EqualTo(threadId));
            Assert.That(harness.Model!.Requests, Has.Count.EqualTo(2));
            Assert.That(harness.Model.Requests[1].Body, Does.Contain("kumquat").And.Contain("first answer"), "the second turn carries the first one's history");
        }

        await harness.FinishAsync();
    }

    [TestCase("""{"decision":"approved"}""", true)]
    [TestCase("""{"decision":"approved_for_session"}""", true)]
    [TestCase("""{"decision":"denied"}""", false)]
    [TestCase("""{"action":"accept"}""", true)]
    [TestCase("""{"action":"decline"}""", false)]
    public async Task ExecApproval_Answer_CommandRunsOnlyWhenApproved(string answer, bool runs)
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(TouchThenAnswer(), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var (result, elicitations) = await harness.CallToolAnsweringAsync("codex", Arguments("touch a file", workspace.Path, "untrusted"), _ => answer, cts.Token);

        var request = elicitations.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.GetProperty("codex_elicitation").GetString(), Is.EqualTo("exec-approval"));
            Assert.That(request.GetProperty("codex_command").EnumerateArray().Select(a => a.GetString()), Is.EqualTo(new[] { "touch", "ran.txt" }));
            Assert.That(request.GetProperty("codex_cwd").GetString(), Is.EqualTo(workspace.Path));
            Assert.That(request.GetProperty("message").GetString(), Does.Contain("touch"));
            Assert.That(request.GetProperty("requestedSchema").GetProperty("type").GetString(), Is.EqualTo("object"));
            Assert.That(File.Exists(System.IO.Path.Combine(workspace.Path, "ran.txt")), Is.EqualTo(runs));
            Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("done"), "the turn goes on to the model's answer");
        }

        await harness.FinishAsync();
    }

    [Test]
    public async Task PatchApproval_Approved_FileWrittenWithTheChanges()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        var patch = "*** Begin Patch\n*** Add File: notes.txt\n+hello\n*** End Patch\n";
        await using var harness = await ConformanceHarness.StartAsync(
            ModelScript.Sequence(ScriptedReply.Call("apply_patch", JsonSerializer.Serialize(new Dictionary<string, string> { ["input"] = patch }), "call_patch"), ScriptedReply.Text("done")),
            cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var (result, elicitations) = await harness.CallToolAnsweringAsync("codex", Arguments("write notes", workspace.Path, "untrusted"), _ => """{"decision":"approved"}""", cts.Token);

        var request = elicitations.Single();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.GetProperty("codex_elicitation").GetString(), Is.EqualTo("patch-approval"));
            Assert.That(request.GetProperty("codex_changes").EnumerateObject().Select(p => System.IO.Path.GetFileName(p.Name)), Is.EqualTo(new[] { "notes.txt" }));
            Assert.That(File.ReadAllText(System.IO.Path.Combine(workspace.Path, "notes.txt")), Is.EqualTo("hello\n"));
            Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("done"));
        }

        await harness.FinishAsync();
    }

    [TestCase("""{"decision":"abort"}""")]
    [TestCase("""{"action":"cancel"}""")]
    [TestCase(null)]
    public async Task ExecApproval_AbortCancelOrErrorReply_CallAnsweredCommandNotRun_BeyondOriginal(string? answer)
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(TouchThenAnswer(), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var (result, elicitations) = await harness.CallToolAnsweringAsync("codex", Arguments("touch a file", workspace.Path, "untrusted"), _ => answer, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(elicitations, Has.Count.EqualTo(1));
            Assert.That(result.GetProperty("content").GetArrayLength(), Is.GreaterThanOrEqualTo(1), "the tools/call is answered");
            Assert.That(File.Exists(System.IO.Path.Combine(workspace.Path, "ran.txt")), Is.False);
        }

        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    private static ModelScript TouchThenAnswer() =>
        ModelScript.Sequence(ScriptedReply.Call("shell", """{"command":["touch","ran.txt"]}""", "call_touch"), ScriptedReply.Text("done"));

    private static string Arguments(string prompt, string cwd, string approvalPolicy = "never") =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["prompt"] = prompt, ["cwd"] = cwd, ["approval-policy"] = approvalPolicy, ["sandbox"] = "workspace-write" });

    private static List<JsonElement> CodexEvents(ConformanceHarness harness) =>
        [.. harness.Notifications.Where(n => n.GetProperty("method").GetString() == "codex/event").Select(n => n.GetProperty("params"))];

    /// <summary>A temporary working directory for the agent.</summary>
    private sealed class Workspace : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("codex-turn-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
