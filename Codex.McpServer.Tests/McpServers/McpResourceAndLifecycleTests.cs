using System.Diagnostics;
using System.Text.Json;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Exec;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.McpServers;

/// <summary>The resource tools, cancellation of a call in flight, the real third-party server, and no orphans at exit.</summary>
public sealed class McpResourceAndLifecycleTests
{
    [Test]
    public async Task ResourceTools_ListTemplatesAndRead_ReturnTheServersResources()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(
                ScriptedReply.Call("list_mcp_resources", "{}", "call_1"),
                ScriptedReply.Call("list_mcp_resource_templates", """{"server":"res"}""", "call_2"),
                ScriptedReply.Call("read_mcp_resource", """{"server":"res","uri":"test://greeting"}""", "call_3"),
                ScriptedReply.Call("read_mcp_resource", """{"server":"nope","uri":"test://greeting"}""", "call_4"),
                ScriptedReply.Text("read")),
            extraConfig: TestMcpServer.StdioEntry("res", markers),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("resources", cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        var names = McpToolTurnTests.OfferedTools(session.Model.Requests[0]).Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.That(names, Is.SupersetOf(new[] { "list_mcp_resources", "list_mcp_resource_templates", "read_mcp_resource" }));

        using var list = JsonDocument.Parse(ModelToolCalls.OutputFor(session.Model, "call_1"));
        var resource = list.RootElement.GetProperty("resources").EnumerateArray().Single();
        Assert.That((resource.GetProperty("server").GetString(), resource.GetProperty("uri").GetString()), Is.EqualTo(("res", "test://greeting")));

        using var templates = JsonDocument.Parse(ModelToolCalls.OutputFor(session.Model, "call_2"));
        Assert.That(templates.RootElement.GetProperty("resourceTemplates")[0].GetProperty("uriTemplate").GetString(), Is.EqualTo("test://items/{id}"));

        using var read = JsonDocument.Parse(ModelToolCalls.OutputFor(session.Model, "call_3"));
        Assert.That(read.RootElement.GetProperty("contents")[0].GetProperty("text").GetString(), Is.EqualTo("hello from the test resource"));
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_4"), Does.StartWith("err: unknown MCP server `nope`"));
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task Cancel_TurnWhileToolCallInFlight_ServerGetsNotificationsCancelled()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__test__slow", """{"seconds":60}""", "call_1"), ScriptedReply.Text("never")),
            extraConfig: TestMcpServer.StdioEntry("test", markers),
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        var began = new TaskCompletionSource();

        var call = session.CodexAsync("wait", onEvent: e =>
        {
            if (e.Msg is McpToolCallBeginEvent)
            {
                began.TrySetResult();
            }
        }, cancellationToken: cancel.Token);
        await began.Task.WaitAsync(timeout.Token);
        await ProcessProbe.WaitForFileAsync(Path.Combine(markers, "calls.txt"), timeout.Token);
        await cancel.CancelAsync();
        try
        {
            await call;
        }
        catch (OperationCanceledException)
        {
            // The client gives up on the call; the server goes on cancelling it.
        }

        // The agent's MCP server saw notifications/cancelled: it leaves this marker.
        await ProcessProbe.WaitForFileAsync(Path.Combine(markers, "cancelled-slow"), timeout.Token);
        Directory.Delete(markers, recursive: true);
    }

    [Test]
    public async Task ThirdParty_EverythingServerEchoTool_CalledInATurn()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        var entry = TestMcpServer.EverythingEntry("everything");
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__everything__echo", """{"message":"from codex"}""", "call_1"), ScriptedReply.Text("the server echoed")),
            extraConfig: entry,
            cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        // Its tools carry no annotations, so upstream's rule would ask; `never` lets the call run unasked.
        var result = await session.CodexAsync("call the everything server", p => p with { ApprovalPolicy = AskForApproval.Never }, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(ModelToolCalls.OutputFor(session.Model, "call_1"), Does.Contain("Echo: from codex"));
        var end = result.Events.Select(e => e.Msg).OfType<McpToolCallEndEvent>().Single();
        Assert.That(end.Invocation.Server, Is.EqualTo("everything"));
        var offered = McpToolTurnTests.OfferedTools(session.Model.Requests[0]).Select(t => t.GetProperty("name").GetString()).ToList();
        Assert.That(offered, Has.Member("mcp__everything__add").And.Member("list_mcp_resources"));
        TestContext.Out.WriteLine(string.Join('\n', result.Events.Select(e => JsonSerializer.Serialize(e, ProtocolJsonContext.Default.CodexEvent))));
    }

    [Test]
    public async Task StdinEof_AfterATurn_AgentMcpServerProcessesAreGone()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var markers = Directory.CreateTempSubdirectory("mcp-markers-").FullName;
        await using var session = await E2eSession.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Call("mcp__a__echo", """{"message":"x"}""", "call_1"), ScriptedReply.Text("done")),
            extraConfig: TestMcpServer.StdioEntry("a", markers) + TestMcpServer.StdioEntry("b", markers),
            cancellationToken: timeout.Token);
        using var server = Process.Start(session.ServerStartInfo())!;
        server.ErrorDataReceived += (_, _) => { };
        server.BeginErrorReadLine();
        var stdout = server.StandardOutput;
        async Task<JsonDocument> SendAsync(string line, int id)
        {
            await server.StandardInput.WriteLineAsync(line);
            await server.StandardInput.FlushAsync();
            while (await stdout.ReadLineAsync(timeout.Token) is { } reply)
            {
                var document = JsonDocument.Parse(reply);
                if (document.RootElement.TryGetProperty("id", out var replyId) && replyId.ValueKind == JsonValueKind.Number && replyId.GetInt32() == id)
                {
                    return document;
                }
            }

            throw new EndOfStreamException("the server closed stdout");
        }

        (await SendAsync("""{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"t","version":"1"}}}""", 1)).Dispose();
        await server.StandardInput.WriteLineAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""");
        var call = new System.Text.Json.Nodes.JsonObject
        {
            ["jsonrpc"] = "2.0",
            ["id"] = 2,
            ["method"] = "tools/call",
            ["params"] = new System.Text.Json.Nodes.JsonObject
            {
                ["name"] = "codex",
                ["arguments"] = new System.Text.Json.Nodes.JsonObject { ["prompt"] = "go", ["cwd"] = session.Workspace },
            },
        }.ToJsonString();
        (await SendAsync(call, 2)).Dispose();

        var children = Directory.GetFiles(markers, "pid-*").Select(f => int.Parse(Path.GetFileName(f)["pid-".Length..], System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.That(children, Has.Count.EqualTo(2), "both servers were started");
        Assert.That(children.Select(ParentOf), Is.All.EqualTo(server.Id), "the agent's MCP servers are children of our server");

        server.StandardInput.Close();
        await server.WaitForExitAsync(timeout.Token);
        for (var i = 0; i < 50 && children.Any(IsAlive); i++)
        {
            await Task.Delay(100, timeout.Token);
        }

        Assert.That(children.Where(IsAlive), Is.Empty, "no orphan MCP server processes after stdin EOF");
        Directory.Delete(markers, recursive: true);
    }

    /// <summary>The parent pid from /proc (the `dotnet` host is the server process itself).</summary>
    private static int ParentOf(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>Alive: present in /proc and not a zombie waiting to be reaped.</summary>
    private static bool IsAlive(int pid)
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            return stat[(stat.LastIndexOf(')') + 2)] != 'Z';
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
