using Codex.Protocol;
using System.Text.Json;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Testing;
using static Codex.Engine.Tests.Model.ModelTestSupport;

namespace Codex.Engine.Tests.Model;

public sealed class ChatModelClientTests
{
    [Test]
    public async Task StreamAsync_TextReply_StreamsDeltasThenMessageAndCompletion()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("File created!", deltas: 4).WithUsage(7, 3)), cts.Token);
        var client = Client(Provider(server, WireApi.Chat));

        var events = await CollectAsync(client.StreamAsync(Request(), cts.Token));

        Assert.That(server.Requests.Single().Path, Is.EqualTo("/v1/chat/completions"));
        Assert.That(events.OfType<ModelEvent.OutputTextDelta>().Count(), Is.EqualTo(4));
        Assert.That(Deltas(events), Is.EqualTo("File created!"));
        Assert.That(((MessageItem)Items(events).Single()).LastOutputText, Is.EqualTo("File created!"));
        var completed = (ModelEvent.Completed)events[^1];
        Assert.That(completed.Usage, Is.EqualTo(new TokenUsage { InputTokens = 7, OutputTokens = 3, TotalTokens = 10 }));
    }

    [Test]
    public async Task StreamAsync_FunctionCallReply_AccumulatesArgumentDeltas()
    {
        using var cts = Timeout();
        const string arguments = """{"command":["python3","-c","print(1)"],"workdir":null,"timeout":5000}""";
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Call("shell", arguments, "call1234")), cts.Token);
        var client = Client(Provider(server, WireApi.Chat));

        var events = await CollectAsync(client.StreamAsync(Request(), cts.Token));

        var call = (FunctionCallItem)Items(events).Single();
        Assert.That((call.Name, call.Arguments, call.CallId), Is.EqualTo(("shell", arguments, "call1234")));
        Assert.That(events[^1], Is.InstanceOf<ModelEvent.Completed>());
    }

    [Test]
    public async Task StreamAsync_ParallelToolCalls_EmitsEveryCall()
    {
        using var cts = Timeout();
        var reply = ScriptedReply.Empty
            .WithMessage("running two")
            .WithFunctionCall("shell", """{"command":["ls"]}""", "call_a")
            .WithFunctionCall("shell", """{"command":["pwd"]}""", "call_b");
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(reply), cts.Token);
        var client = Client(Provider(server, WireApi.Chat));

        var items = Items(await CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(items, Has.Count.EqualTo(3));
        Assert.That(((MessageItem)items[0]).Text, Is.EqualTo("running two"));
        Assert.That(items.Skip(1).Cast<FunctionCallItem>().Select(c => (c.CallId, c.Arguments)), Is.EqualTo(new[]
        {
            ("call_a", """{"command":["ls"]}"""),
            ("call_b", """{"command":["pwd"]}"""),
        }));
    }

    [Test]
    public async Task StreamAsync_RequestBody_MapsHistoryToChatMessages()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Chat));
        var request = Request() with
        {
            Input =
            [
                MessageItem.User("make a file"),
                new FunctionCallItem { Name = "shell", Arguments = """{"command":["touch","x"]}""", CallId = "call_1" },
                new FunctionCallOutputItem { CallId = "call_1", Output = "done" },
                MessageItem.Assistant("File created!"),
                MessageItem.Assistant("File created!"),
            ],
            Tools = [ShellTool, ApplyPatchCustomTool],
        };

        await CollectAsync(client.StreamAsync(request, cts.Token));

        var body = server.Requests.Single().Json!.Value;
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "model", "messages", "stream", "tools" }));
        Assert.That(body.GetProperty("stream").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("messages").GetRawText(), Is.EqualTo(
            """[{"role":"system","content":"You are a test."},""" +
            """{"role":"user","content":"make a file"},""" +
            """{"role":"assistant","content":null,"tool_calls":[{"id":"call_1","type":"function","function":{"name":"shell","arguments":"{\"command\":[\"touch\",\"x\"]}"}}]},""" +
            """{"role":"tool","tool_call_id":"call_1","content":"done"},""" +
            """{"role":"assistant","content":"File created!"}]"""));
        var tools = body.GetProperty("tools");
        Assert.That(tools.GetArrayLength(), Is.EqualTo(1));
        Assert.That(tools[0].GetProperty("type").GetString(), Is.EqualTo("function"));
        var function = tools[0].GetProperty("function");
        Assert.That(function.GetProperty("name").GetString(), Is.EqualTo("shell"));
        Assert.That(JsonElement.DeepEquals(function.GetProperty("parameters"), ShellTool.GetProperty("parameters")), Is.True);
        Assert.That(function.TryGetProperty("type", out _), Is.False);
    }

    [Test]
    public async Task StreamAsync_Headers_CarryBearerOriginatorAndProviderHeaders()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var provider = Provider(server, WireApi.Chat) with
        {
            HttpHeaders = new Dictionary<string, string> { ["X-Static"] = "1" },
            QueryParams = new Dictionary<string, string> { ["k"] = "v" },
        };
        var client = Client(provider);

        await CollectAsync(client.StreamAsync(Request(), cts.Token));

        var recorded = server.Requests.Single();
        Assert.That(recorded.Header("Authorization"), Is.EqualTo("Bearer " + ApiKey));
        Assert.That(recorded.Header("Accept"), Is.EqualTo("text/event-stream"));
        Assert.That(recorded.Header("originator"), Is.EqualTo("codex_cli_rs"));
        Assert.That(recorded.Header("X-Static"), Is.EqualTo("1"));
        Assert.That(recorded.Query, Is.EqualTo("?k=v"));
    }

    [Test]
    public async Task StreamAsync_Unauthorized_IsFatalAndNeverRetried()
    {
        using var cts = Timeout();
        var body = """{"error":{"message":"Incorrect API key provided.","type":"invalid_request_error","code":"invalid_api_key"}}""";
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(401, body), ScriptedReply.Text("never")), cts.Token);
        var client = Client(Provider(server, WireApi.Chat, requestRetries: 3));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Fatal));
        Assert.That(error.StatusCode, Is.EqualTo(401));
        Assert.That(error.Message, Is.EqualTo("unexpected status 401 Unauthorized: " + body));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StreamAsync_ExhaustedServerErrors_ReportRetryLimitWithStatus()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(500), ScriptedReply.Error(500)), cts.Token);
        var client = Client(Provider(server, WireApi.Chat, requestRetries: 1));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.RetryLimit));
        Assert.That(error.Message, Is.EqualTo("exceeded retry limit, last status: 500 Internal Server Error"));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task StreamAsync_StreamWithoutFinish_IsRetryableStreamError()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("partial").ThenDropStream()), cts.Token);
        var client = Client(Provider(server, WireApi.Chat));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Stream));
        Assert.That(error.IsRetryable, Is.True);
        Assert.That(error.Message, Is.EqualTo("stream closed before finish_reason or [DONE]"));
    }
}
