using System.Text.Json;
using Codex.Testing;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// What our issues promise beyond the original server, checked on the wire through the same
/// harness as every other conformance row (so any server command can be held to it): progress
/// notifications, sequence numbers on <c>codex/event</c>, background turns and <c>codex-status</c>,
/// approvals parked for a client without elicitation, thread resources, prompts and the turn
/// report in <c>structuredContent</c>. The original lists these rows as known differences.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class BeyondOriginalConformanceTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromMinutes(2);

    [Test]
    public async Task ToolsCall_WithProgressToken_ProgressNotificationsWithRisingProgressAndNoneAfterTheResult_BeyondOriginal()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(
            ModelScript.Sequence(Shell(["/bin/sh", "-c", "echo working"]), ScriptedReply.Text("progress done")), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        const string Token = "\"progress-token-1\"";
        var response = await harness.RequestWithIdAsync(
            "\"progress-call\"", "tools/call", $$$"""{"name":"codex","arguments":{{{Arguments("run a command", workspace.Path)}}},"_meta":{"progressToken":{{{Token}}}}}""", cts.Token);
        var beforeResponse = harness.Notifications.Count;
        // A ping after the response collects whatever the server still sends for the finished call.
        await harness.AssertAliveAsync(cts.Token);

        var progress = Progress(harness.Notifications.Take(beforeResponse));
        var values = progress.Select(p => p.GetProperty("progress").GetDouble()).ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("progress done"));
            Assert.That(progress, Is.Not.Empty, "a call with a progressToken gets progress notifications");
            Assert.That(progress.Select(p => p.GetProperty("progressToken").GetRawText()).Distinct(), Is.EqualTo(new[] { Token }), "the call's token, with its JSON type");
            Assert.That(values.Zip(values.Skip(1), (a, b) => b > a), Is.All.True, $"progress rises with every notification: {string.Join(", ", values)}");
            Assert.That(progress.Select(p => p.GetProperty("message").GetString()), Is.All.Not.Null.And.All.Not.Empty);
            Assert.That(Progress(harness.Notifications.Skip(beforeResponse)), Is.Empty, "no progress after the response");
        }

        await harness.FinishAsync();
    }

    [Test]
    public async Task CodexEvents_CarrySeq_BeyondOriginal()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(
            ModelScript.Sequence(Shell(["/bin/sh", "-c", "echo seq"]), ScriptedReply.Text("seq done")), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        await harness.CallToolAnsweringAsync("codex", Arguments("run a command", workspace.Path), _ => null, cts.Token);

        var seqs = CodexEvents(harness).Select(e => e.GetProperty("_meta").GetProperty("seq").GetInt64()).ToList();
        Assert.That(seqs, Has.Count.GreaterThanOrEqualTo(4));
        Assert.That(seqs, Is.EqualTo(Enumerable.Range(0, seqs.Count).Select(i => (long)i)), "the events of one call are numbered 0, 1, 2, … in the order they are sent");

        await harness.FinishAsync();
    }

    [Test]
    public async Task Background_StatusWaitsForTheFinalResult_BeyondOriginal()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(
            ModelScript.Sequence(Shell(["/bin/sh", "-c", "sleep 1; echo slept"]), ScriptedReply.Text("background answer")), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var (started, _) = await harness.CallToolAnsweringAsync("codex", Arguments("sleep a little", workspace.Path, background: true), _ => null, cts.Token);
        var threadId = ThreadId(started);
        var done = await WaitForStatusAsync(harness, threadId, "completed", cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(IsError(started), Is.False);
            Assert.That(Status(started), Is.AnyOf("running", "completed"));
            Assert.That(threadId, Does.Match("^[0-9a-f-]{36}$"));
            Assert.That(IsError(done), Is.False);
            Assert.That(ThreadId(done), Is.EqualTo(threadId));
            Assert.That(Text(done), Is.EqualTo("background answer"));
        }

        await harness.FinishAsync();
    }

    [Test]
    public async Task NoElicitationClient_ApprovalParkedThenApproved_BeyondOriginal()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(
            ModelScript.Sequence(Shell(["/bin/sh", "-c", "printf made > made.txt"]), ScriptedReply.Text("file written")), cts.Token);
        using var workspace = new Workspace();
        var made = System.IO.Path.Combine(workspace.Path, "made.txt");
        await harness.RequestAsync("initialize", """{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"no-elicitation-client","version":"1.0.0"}}""", cts.Token);

        var (waiting, elicitations) = await harness.CallToolAnsweringAsync("codex", Arguments("make a file", workspace.Path, "untrusted"), _ => null, cts.Token);
        Assert.That(Status(waiting), Is.EqualTo("waiting_for_approval"), Text(waiting));
        var threadId = ThreadId(waiting);
        var approvalId = Structured(waiting).GetProperty("pendingApprovals")[0].GetProperty("approvalId").GetString()!;
        var fileBeforeApproval = File.Exists(made);

        var (approved, _) = await harness.CallToolAnsweringAsync(
            "codex-approve", JsonSerializer.Serialize(new Dictionary<string, string> { ["threadId"] = threadId, ["approvalId"] = approvalId, ["decision"] = "approved" }), _ => null, cts.Token);
        var done = await WaitForStatusAsync(harness, threadId, "completed", cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(elicitations, Is.Empty, "a client without the capability is never asked");
            Assert.That(fileBeforeApproval, Is.False, "nothing runs before the approval");
            Assert.That(IsError(approved), Is.False, Text(approved));
            Assert.That(Text(done), Is.EqualTo("file written"));
            Assert.That(File.Exists(made) ? File.ReadAllText(made) : null, Is.EqualTo("made"));
        }

        await harness.FinishAsync();
    }

    [Test]
    public async Task ResourcesList_AfterATurn_ListsTheThreadAndReadsItsTranscript_BeyondOriginal()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(ModelScript.Sequence(ScriptedReply.Text("noted")), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        const string Prompt = "remember the word kumquat";
        var (result, _) = await harness.CallToolAnsweringAsync("codex", Arguments(Prompt, workspace.Path), _ => null, cts.Token);
        var uri = $"codex://threads/{ThreadId(result)}";
        var list = await harness.RequestAsync("resources/list", "{}", cts.Token);
        var read = await harness.RequestAsync("resources/read", JsonSerializer.Serialize(new Dictionary<string, string> { ["uri"] = uri }), cts.Token);

        var contents = read.GetProperty("result").GetProperty("contents").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(list.GetProperty("result").GetProperty("resources").EnumerateArray().Select(r => r.GetProperty("uri").GetString()), Does.Contain(uri));
            Assert.That(contents.Select(c => c.GetProperty("uri").GetString()), Does.Contain(uri));
            Assert.That(string.Concat(contents.Select(c => c.TryGetProperty("text", out var text) ? text.GetString() : null)), Does.Contain(Prompt));
        }

        await harness.FinishAsync();
    }

    [Test]
    public async Task PromptsList_HasTheFourPrompts_BeyondOriginal()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var list = await harness.RequestAsync("prompts/list", "{}", cts.Token);

        Assert.That(list.GetProperty("result").GetProperty("prompts").EnumerateArray().Select(p => p.GetProperty("name").GetString()),
            Is.SupersetOf(new[] { "review", "fix-tests", "explain", "resume" }));
        await harness.FinishAsync();
    }

    [Test]
    public async Task StructuredContent_HasTheTurnReport_BeyondOriginal()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var harness = await ConformanceHarness.StartAsync(
            ModelScript.Sequence(Shell(["/bin/sh", "-c", "echo checking; exit 3"]), ScriptedReply.Text("checked")), cts.Token);
        using var workspace = new Workspace();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var (result, _) = await harness.CallToolAnsweringAsync("codex", Arguments("check something", workspace.Path), _ => null, cts.Token);

        var structured = Structured(result);
        var runs = structured.GetProperty("commandsRun").EnumerateArray().ToList();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(structured.GetProperty("status").GetString(), Is.EqualTo("completed"));
            Assert.That(runs, Has.Count.EqualTo(1));
            Assert.That(runs.Select(r => r.GetProperty("exitCode").GetInt32()), Is.EqualTo(new[] { 3 }));
            Assert.That(structured.GetProperty("durationMs").GetInt64(), Is.GreaterThanOrEqualTo(0));
        }

        await harness.FinishAsync();
    }

    private static ScriptedReply Shell(string[] command) =>
        ScriptedReply.Call("shell", JsonSerializer.Serialize(new Dictionary<string, string[]> { ["command"] = command }), "call_1");

    private static string Arguments(string prompt, string cwd, string approvalPolicy = "never", bool background = false)
    {
        var arguments = JsonSerializer.Serialize(new Dictionary<string, string> { ["prompt"] = prompt, ["cwd"] = cwd, ["approval-policy"] = approvalPolicy, ["sandbox"] = "workspace-write" });
        return background ? arguments[..^1] + ",\"background\":true}" : arguments;
    }

    /// <summary>Calls <c>codex-status</c> with a wait until the thread is in <paramref name="status"/> (or the token ends).</summary>
    private static async Task<JsonElement> WaitForStatusAsync(ConformanceHarness harness, string threadId, string status, CancellationToken cancellationToken)
    {
        var arguments = $$"""{"threadId":{{JsonSerializer.Serialize(threadId)}},"wait-seconds":10}""";
        while (true)
        {
            var (result, _) = await harness.CallToolAnsweringAsync("codex-status", arguments, _ => null, cancellationToken);
            if (IsError(result) || Status(result) == status)
            {
                return result;
            }
        }
    }

    private static List<JsonElement> Progress(IEnumerable<JsonElement> messages) =>
        [.. messages.Where(n => n.GetProperty("method").GetString() == "notifications/progress").Select(n => n.GetProperty("params"))];

    private static List<JsonElement> CodexEvents(ConformanceHarness harness) =>
        [.. harness.Notifications.Where(n => n.GetProperty("method").GetString() == "codex/event").Select(n => n.GetProperty("params"))];

    private static JsonElement Structured(JsonElement result) => result.GetProperty("structuredContent");

    private static string Status(JsonElement result) => Structured(result).GetProperty("status").GetString()!;

    private static string ThreadId(JsonElement result) => Structured(result).GetProperty("threadId").GetString()!;

    private static string Text(JsonElement result) => result.GetProperty("content")[0].GetProperty("text").GetString()!;

    private static bool IsError(JsonElement result) => result.TryGetProperty("isError", out var isError) && isError.GetBoolean();

    /// <summary>A temporary working directory for the agent.</summary>
    private sealed class Workspace : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("codex-beyond-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
