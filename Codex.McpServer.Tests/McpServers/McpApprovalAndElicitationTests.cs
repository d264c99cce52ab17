using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.McpServers;

/// <summary>
/// Approvals of MCP tool calls (asked with <c>elicitation/create</c> for a tool that is not
/// read-only), and elicitations of an agent MCP server forwarded to our client.
/// </summary>
public sealed class McpApprovalAndElicitationTests
{
    [Test]
    public async Task Approval_NonReadOnlyToolApproved_AskedWithServerToolAndArgumentsThenRuns()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        var recorder = ApprovalRecorder.Always(ReviewDecision.Approved);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ScriptedReply.Call("mcp__notes__echo", """{"message":"read-only"}""", "call_1"),
                ScriptedReply.Call("mcp__notes__write_note", """{"text":"remember this"}""", "call_2"),
                ScriptedReply.Text("saved it")),
            extraConfig: TestMcpServer.StdioEntry("notes", markers),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("save a note", p => p with { ApprovalPolicy = AskForApproval.OnRequest }, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(File.ReadAllText(Path.Combine(markers, "notes.txt")), Is.EqualTo("remember this\n"));
        var asked = recorder.Requests.Single().Raw;
        Assert.That(asked.GetProperty("codex_elicitation").GetString(), Is.EqualTo("mcp-tool-call-approval"), "only the write was asked about; the read-only echo was not");
        Assert.That(asked.GetProperty("codex_mcp_server").GetString(), Is.EqualTo("notes"));
        Assert.That(asked.GetProperty("codex_mcp_tool").GetString(), Is.EqualTo("write_note"));
        Assert.That(asked.GetProperty("codex_mcp_arguments").GetProperty("text").GetString(), Is.EqualTo("remember this"));
        Assert.That(asked.GetProperty("codex_call_id").GetString(), Is.EqualTo("call_2"));
        Assert.That(asked.GetProperty("threadId").GetString(), Is.EqualTo(result.ConversationId));
        Assert.That(asked.GetProperty("message").GetString(), Does.Contain("`write_note`").And.Contain("`notes`"));
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Approval_Denied_ToolNotCalledAndModelToldItWasRejected()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        var recorder = ApprovalRecorder.Always(ReviewDecision.Denied);
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__notes__write_note", """{"text":"nope"}""", "call_1"), ScriptedReply.Text("ok")),
            extraConfig: TestMcpServer.StdioEntry("notes", markers),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(recorder.Options, cancellationToken: timeout.Token);

        var result = await session.CodexAsync("save a note", p => p with { ApprovalPolicy = AskForApproval.Untrusted }, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(recorder.Requests, Has.Count.EqualTo(1));
        Assert.That(File.Exists(Path.Combine(markers, "notes.txt")), Is.False, "a denied call never reaches the server");
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("err: user rejected MCP tool call"));
        var end = result.Events.Select(e => e.Msg).OfType<McpToolCallEndEvent>().Single();
        Assert.That(end.Result.GetProperty("Err").GetString(), Is.EqualTo("user rejected MCP tool call"));
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Elicitation_FromAgentServer_ForwardedToOurClientAndAnswerReturned()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__people__ask_name", "{}", "call_1"), ScriptedReply.Text("greeted")),
            extraConfig: TestMcpServer.StdioEntry("people", markers),
            cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"elicitation":{}}""", elicitation: _ => McpTestClient.Result("""{"action":"accept","content":{"name":"Ada"}}"""), protocolVersion: "2025-06-18");

        var result = await client.CodexAsync(new JsonObject { ["prompt"] = "ask", ["cwd"] = session.Workspace }, timeout.Token);

        Assert.That(result.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.False, result.GetRawText());
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Does.Contain("hello Ada"));
        var forwarded = client.Elicitations.Single();
        Assert.That(forwarded.GetProperty("codex_elicitation").GetString(), Is.EqualTo("mcp-server-elicitation"));
        Assert.That(forwarded.GetProperty("codex_mcp_server").GetString(), Is.EqualTo("people"));
        Assert.That(forwarded.GetProperty("message").GetString(), Is.EqualTo("[MCP server `people`] What is your name?"));
        Assert.That(forwarded.GetProperty("requestedSchema").GetProperty("properties").TryGetProperty("name", out _), Is.True);
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Elicitation_ClientCannotElicit_DeclinedWithReason()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__people__ask_name", "{}", "call_1"), ScriptedReply.Text("no name")),
            extraConfig: TestMcpServer.StdioEntry("people", markers),
            cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, elicitation: _ => McpTestClient.Result("{}"), protocolVersion: "2025-06-18");

        await client.CodexAsync(new JsonObject { ["prompt"] = "ask", ["cwd"] = session.Workspace }, timeout.Token);

        Assert.That(client.Elicitations, Is.Empty);
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        Assert.That(output, Does.Contain("elicitation decline: ").And.Contain("did not declare the `elicitation` capability"));
        Directory.Delete(markers, recursive: true);
    }

    [TestCase("""{"action":1}""")]
    [TestCase("""{"action":"maybe"}""")]
    [TestCase("""[]""")]
    public async Task Elicitation_ClientAnswersWithSomethingElse_DeclinedWithReasonAndTurnGoesOn(string answer)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__people__ask_name", "{}", "call_1"), ScriptedReply.Text("no name")),
            extraConfig: TestMcpServer.StdioEntry("people", markers),
            cancellationToken: timeout.Token);
        await using var client = await McpTestClient.StartAsync(session, timeout.Token, """{"elicitation":{}}""", elicitation: _ => McpTestClient.Result(answer));

        var result = await client.CodexAsync(new JsonObject { ["prompt"] = "ask", ["cwd"] = session.Workspace }, timeout.Token);

        Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("no name"), result.GetRawText());
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Does.Contain("elicitation decline: ").And.Contain("which is not an elicitation result"));
        Directory.Delete(markers, recursive: true);
    }
}
