using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Approvals;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol.JsonRpc;
using Codex.Testing;

namespace Codex.McpServer.Tests.Surface;

/// <summary>
/// The <c>mcp-client</c> provider: the agent's model is the test client's sampling handler
/// (<c>sampling/createMessage</c> with tools), including a tool call and its result.
/// </summary>
public sealed class SamplingProviderTests
{
    private static readonly string[] McpClientProvider = ["-c", "model_provider=\"mcp-client\""];

    [Test]
    public async Task Codex_McpClientProvider_TurnRunsOnTheClientsSamplingWithAToolCall()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("the HTTP model must not be used")), cancellationToken: timeout.Token);
        var requests = new List<JsonElement>();
        await using var client = await McpTestClient.StartAsync(
            session,
            timeout.Token,
            capabilities: """{"sampling":{"tools":{}}}""",
            sampling: parameters =>
            {
                lock (requests)
                {
                    requests.Add(parameters);
                    return requests.Count == 1
                        ? McpTestClient.Result("""{"role":"assistant","model":"client-model","stopReason":"toolUse","content":[{"type":"text","text":"Writing the file."},{"type":"tool_use","id":"use_1","name":"shell","input":{"command":["bash","-c","echo sampled > s.txt; echo wrote it"]}}]}""")
                        : McpTestClient.Result("""{"role":"assistant","model":"client-model","stopReason":"endTurn","content":{"type":"text","text":"Done via sampling."}}""");
                }
            },
            arguments: McpClientProvider);

        var result = await client.CallToolAsync("codex", new JsonObject
        {
            ["prompt"] = "write s.txt",
            ["cwd"] = session.Workspace,
            ["approval-policy"] = "never",
            ["sandbox"] = "workspace-write",
        }, timeout.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("Done via sampling."));
            Assert.That(File.ReadAllText(Path.Combine(session.Workspace, "s.txt")), Is.EqualTo("sampled\n"), "the tool call ran");
            Assert.That(session.Model.Requests, Is.Empty, "no HTTP model request");
            Assert.That(requests, Has.Count.EqualTo(2));

            var first = requests[0];
            Assert.That(first.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "messages", "systemPrompt", "includeContext", "maxTokens", "tools", "toolChoice" }), "the members, in order, and no others");
            Assert.That(first.GetProperty("includeContext").GetString(), Is.EqualTo("none"));
            Assert.That(first.GetProperty("toolChoice").GetRawText(), Is.EqualTo("""{"mode":"auto"}"""));
            Assert.That(first.GetProperty("systemPrompt").GetString(), Is.Not.Empty);
            Assert.That(first.GetProperty("maxTokens").GetInt32(), Is.GreaterThan(0));
            var shell = first.GetProperty("tools").EnumerateArray().Single(t => t.GetProperty("name").GetString() == "shell");
            Assert.That(shell.GetProperty("inputSchema").GetProperty("properties").TryGetProperty("command", out _), Is.True);
            var lastUser = first.GetProperty("messages").EnumerateArray().Last();
            Assert.That(lastUser.GetProperty("role").GetString(), Is.EqualTo("user"));
            Assert.That(lastUser.GetProperty("content").EnumerateArray().Last().GetProperty("text").GetString(), Is.EqualTo("write s.txt"));

            var second = requests[1].GetProperty("messages").EnumerateArray().ToList();
            var use = second[^2];
            Assert.That(use.GetProperty("role").GetString(), Is.EqualTo("assistant"));
            Assert.That(use.GetProperty("content").EnumerateArray().Select(c => c.GetProperty("type").GetString()), Is.EqualTo(new[] { "text", "tool_use" }));
            Assert.That(use.GetProperty("content")[1].GetRawText(), Is.EqualTo("""{"type":"tool_use","id":"use_1","name":"shell","input":{"command":["bash","-c","echo sampled > s.txt; echo wrote it"]}}"""));
            var toolResult = second[^1].GetProperty("content").EnumerateArray().Single();
            Assert.That(second[^1].GetProperty("role").GetString(), Is.EqualTo("user"));
            Assert.That(toolResult.GetProperty("type").GetString(), Is.EqualTo("tool_result"));
            Assert.That(toolResult.GetProperty("toolUseId").GetString(), Is.EqualTo("use_1"));
            Assert.That(toolResult.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "type", "toolUseId", "content" }));
            Assert.That(toolResult.GetProperty("content").EnumerateArray().Single().EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "type", "text" }));
            Assert.That(toolResult.GetProperty("content")[0].GetProperty("text").GetString(), Does.Contain("wrote it"));
        }
    }

    [TestCase("""{"role":"assistant","model":"client-model","content":[{"type":"image","data":"iVBORw0KGgo=","mimeType":"image/png"}]}""", "answered with a `image` block, which Codex cannot use")]
    [TestCase("""{"role":"assistant","model":"client-model","content":{"type":"thinking","thinking":"hmm"}}""", "answered with a `thinking` block, which Codex cannot use")]
    [TestCase("""{"role":"assistant","model":"client-model"}""", "'content'")]
    [TestCase("""{"role":"assistant","model":"client-model","content":[{"type":"tool_use","name":"shell","input":{}}]}""", "'id'")]
    [TestCase("""{"role":"assistant","model":"client-model","content":"plain text"}""", "must be a content block or an array")]
    public async Task Codex_McpClientProviderUnusableAnswer_TurnFailsWithAClearErrorAndTheServerGoesOn(string answer, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("the HTTP model must not be used")), cancellationToken: timeout.Token);
        var asked = 0;
        await using var client = await McpTestClient.StartAsync(
            session,
            timeout.Token,
            capabilities: """{"sampling":{"tools":{}}}""",
            sampling: _ => Interlocked.Increment(ref asked) == 1
                ? McpTestClient.Result(answer)
                : McpTestClient.Result("""{"role":"assistant","model":"client-model","content":{"type":"text","text":"second turn fine"}}"""),
            arguments: McpClientProvider);

        var failed = await client.CallToolAsync("codex", new JsonObject { ["prompt"] = "hi", ["cwd"] = session.Workspace, ["approval-policy"] = "never" }, timeout.Token);
        var next = await client.CallToolAsync("codex", new JsonObject { ["prompt"] = "again", ["cwd"] = session.Workspace, ["approval-policy"] = "never" }, timeout.Token);

        var text = failed.GetProperty("content")[0].GetProperty("text").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(failed.TryGetProperty("isError", out var isError) && isError.GetBoolean(), Is.True, text);
            Assert.That(text, Does.Contain(reason));
            Assert.That(next.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("second turn fine"), "the server still serves");
            Assert.That(asked, Is.EqualTo(2), "one sampling request per turn, no retries of a fatal answer");
            Assert.That(session.Model.Requests, Is.Empty, "no HTTP model request");
        }
    }

    [TestCase("{}", "did not declare the `sampling` capability")]
    [TestCase("""{"sampling":{}}""", "does not include `tools`")]
    public async Task Codex_McpClientProviderWithoutSamplingTools_ConfigErrorNamingTheProvider(string capabilities, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("unused")), cancellationToken: timeout.Token);
        var asked = 0;
        await using var client = await McpTestClient.StartAsync(
            session,
            timeout.Token,
            capabilities: capabilities,
            sampling: _ =>
            {
                Interlocked.Increment(ref asked);
                return JsonRpcReply.Error(-32601, "no sampling here");
            },
            arguments: McpClientProvider);

        var result = await client.CallToolAsync("codex", new JsonObject { ["prompt"] = "hi", ["cwd"] = session.Workspace }, timeout.Token);

        var text = result.GetProperty("content")[0].GetProperty("text").GetString();
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
            Assert.That(text, Does.Contain("model_provider `mcp-client`").And.Contain(reason));
            Assert.That(asked, Is.Zero, "the client is never asked");
            Assert.That(session.Model.Requests, Is.Empty);
            Assert.That(Directory.Exists(Path.Combine(session.CodexHome, "sessions")) && Directory.EnumerateFiles(Path.Combine(session.CodexHome, "sessions"), "*", SearchOption.AllDirectories).Any(), Is.False, "no thread is left behind");
        }
    }
}
