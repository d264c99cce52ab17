using System.Text.Json;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Exec;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.McpServers;

/// <summary>
/// Turns in which the scripted model calls tools of the agent's own MCP servers ([mcp_servers]),
/// started by the real server from config.toml: stdio and Streamable HTTP, filtering, failures.
/// </summary>
public sealed class McpToolTurnTests
{
    [Test]
    public async Task Turn_ModelCallsStdioTool_OutputReachesModelWithBeginAndEndEvents()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__test__echo", """{"message":"hi there"}""", "call_1"), ScriptedReply.Text("done")),
            extraConfig: TestMcpServer.StdioEntry("test", markers),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("echo something", cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(result.Text, Is.EqualTo("done"));
        var output = ModelToolCalls.OutputFor(session.Model, "call_1");
        using (var content = JsonDocument.Parse(output))
        {
            Assert.That(content.RootElement[0].GetProperty("type").GetString(), Is.EqualTo("text"));
            Assert.That(content.RootElement[0].GetProperty("text").GetString(), Is.EqualTo("echo: hi there"));
        }

        Assert.That(File.ReadAllText(Path.Combine(markers, "calls.txt")), Is.EqualTo("echo hi there\n"), "the server itself ran the call");
        var begin = result.Events.Select(e => e.Msg).OfType<McpToolCallBeginEvent>().Single();
        var end = result.Events.Select(e => e.Msg).OfType<McpToolCallEndEvent>().Single();
        Assert.That((begin.CallId, begin.Invocation.Server, begin.Invocation.Tool), Is.EqualTo(("call_1", "test", "echo")));
        Assert.That(begin.Invocation.Arguments!.Value.GetProperty("message").GetString(), Is.EqualTo("hi there"));
        Assert.That(end.Result.GetProperty("Ok").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("echo: hi there"));
        Assert.That(end.Duration.ToTimeSpan(), Is.GreaterThan(TimeSpan.Zero));

        // The tool is offered with its description and a schema the model API accepts.
        var tool = OfferedTools(session.Model.Requests[0]).Single(t => t.GetProperty("name").GetString() == "mcp__test__echo");
        Assert.That(tool.GetProperty("description").GetString(), Is.EqualTo("Echoes the message back."));
        Assert.That(tool.GetProperty("parameters").GetProperty("type").GetString(), Is.EqualTo("object"));
        Assert.That(tool.GetProperty("parameters").GetProperty("properties").GetProperty("message").GetProperty("type").GetString(), Is.EqualTo("string"));
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Turn_TwoReadOnlyToolCallsInOneResponse_RunTogetherAndOutputsKeepTheModelsOrder()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        var both = ScriptedReply.Empty
            .WithFunctionCall("mcp__test__slow", """{"seconds":5}""", "call_a")
            .WithFunctionCall("mcp__test__echo", """{"message":"second"}""", "call_b");
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(both, ScriptedReply.Text("both done")),
            extraConfig: TestMcpServer.StdioEntry("test", markers),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("two reads", cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("both done"));
        var kinds = result.Events.Select(e => e.Msg switch
        {
            McpToolCallBeginEvent begin => "begin " + begin.CallId,
            McpToolCallEndEvent end => "end " + end.CallId,
            _ => null,
        }).OfType<string>().ToList();

        // Read-only tools of one response run together: the quick echo ends while the slow call
        // (5 s, ample for the echo even on a busy machine) still runs, and the outputs reach the model in the order the model sent the calls.
        Assert.That(kinds, Is.EqualTo(new[] { "begin call_a", "begin call_b", "end call_b", "end call_a" }));
        var input = session.Model.Requests[1].Json!.Value.GetProperty("input").EnumerateArray()
            .Where(i => i.GetProperty("type").GetString() == "function_call_output")
            .Select(i => i.GetProperty("call_id").GetString());
        Assert.That(input, Is.EqualTo(new[] { "call_a", "call_b" }));
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Turn_StreamableHttpServer_ToolCallAndStructuredContentReachModel()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        var (process, url) = await TestMcpServer.StartHttpAsync(markers, timeout.Token);
        try
        {
            await using var session = await E2eSession.CreateAsync(
                ModelScript.Sequence(ScriptedReply.Call("mcp__web__add", """{"a":2,"b":3}""", "call_1"), ScriptedReply.Text("five")),
                extraConfig: $"""
                    [mcp_servers.web]
                    url = "{url}"
                    """,
                cancellationToken: timeout.Token);
            await session.StartServerAsync(cancellationToken: timeout.Token);

            var result = await session.CodexAsync("add", cancellationToken: timeout.Token);

            Assert.That(result.IsError, Is.False, result.Text);
            using var output = JsonDocument.Parse(ModelToolCalls.OutputFor(session.Model, "call_1"));
            Assert.That(output.RootElement.GetProperty("sum").GetInt32(), Is.EqualTo(5), "structuredContent goes to the model as JSON");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(markers, recursive: true);
        }
    }

    [Test]
    public async Task Turn_EnabledAndDisabledTools_OnlyThoseAllowedAreOffered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__test__slow", """{"seconds":0}""", "call_1"), ScriptedReply.Text("done")),
            extraConfig: TestMcpServer.StdioEntry("test", markers, extraKeys: """
                enabled_tools = ["echo", "add", "slow"]
                disabled_tools = ["slow"]
                """) + TestMcpServer.StdioEntry("off", markers, extraKeys: "enabled = false"),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("list", cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        var names = OfferedTools(session.Model.Requests[0]).Select(t => t.GetProperty("name").GetString()).Where(n => n!.StartsWith("mcp__", StringComparison.Ordinal)).ToList();
        Assert.That(names, Is.EqualTo(new[] { "mcp__test__add", "mcp__test__echo" }));
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("unsupported call: mcp__test__slow"));
        Assert.That(Directory.GetFiles(markers, "pid-*"), Has.Length.EqualTo(1), "the disabled server is never started");
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Turn_OneServerFailsToStart_BackgroundEventAndTheOthersStillWork()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__good__echo", """{"message":"still here"}""", "call_1"), ScriptedReply.Text("done")),
            extraConfig: TestMcpServer.StdioEntry("good", markers)
                + TestMcpServer.StdioEntry("crashing", markers, "--exit-at-start")
                + TestMcpServer.StdioEntry("hanging", markers, "--hang-at-start", startupTimeoutSec: 2)
                + """
                [mcp_servers.missing]
                command = "/nonexistent/mcp-server"

                """,
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("go", cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Does.Contain("echo: still here"));
        var background = result.Events.Select(e => e.Msg).OfType<BackgroundEvent>().Select(e => e.Message).ToList();
        Assert.That(background, Has.Some.StartsWith("MCP client for `crashing` failed to start:"));
        Assert.That(background, Has.Some.Matches("MCP client for `hanging` failed to start: .*startup_timeout_sec"));
        Assert.That(background, Has.Some.StartsWith("MCP client for `missing` failed to start:"));
        Assert.That(session.Stderr, Has.Some.Contains("MCP server crashing failed to start"), "a warning in the log too");
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Turn_ToolTimesOutOrFails_ModelGetsFailedCallsAndTurnCompletes()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ScriptedReply.Call("mcp__test__slow", """{"seconds":60}""", "call_1"),
                ScriptedReply.Call("mcp__test__fail", "{}", "call_2"),
                ScriptedReply.Text("done")),
            extraConfig: TestMcpServer.StdioEntry("test", markers, extraKeys: "tool_timeout_sec = 1.5"),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("wait", cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(result.Text, Is.EqualTo("done"));
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Is.EqualTo("err: tool call timed out after 1.5 s (tool_timeout_sec)"));
        var ends = result.Events.Select(e => e.Msg).OfType<McpToolCallEndEvent>().ToList();
        Assert.That(ends[0].Result.GetProperty("Err").GetString(), Does.Contain("timed out"));
        Assert.That(ends[0].Duration.ToTimeSpan(), Is.GreaterThanOrEqualTo(TimeSpan.FromSeconds(1.4)));
        Assert.That(ends[1].Result.GetProperty("Ok").GetProperty("isError").GetBoolean(), Is.True);
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_2"), Does.Contain("deliberate failure"));
        // The timed-out call was cancelled on the server (notifications/cancelled): it leaves this marker.
        await ProcessProbe.WaitForFileAsync(Path.Combine(markers, "cancelled-slow"), timeout.Token);
        Directory.Delete(markers, recursive: true);
    }

    internal static IEnumerable<JsonElement> OfferedTools(RecordedRequest request) =>
        request.Json!.Value.GetProperty("tools").EnumerateArray().ToList();
}
