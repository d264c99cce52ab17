using Codex.Protocol;
using System.Text.Json;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Testing;
using static Codex.Engine.Tests.Model.ModelTestSupport;

namespace Codex.Engine.Tests.Model;

public sealed class ResponsesModelClientTests
{
    [Test]
    public async Task StreamAsync_TextReply_StreamsDeltasThenMessageAndCompletion()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("hello world", deltas: 3).WithUsage(10, 5, cachedInputTokens: 2, reasoningOutputTokens: 1).WithResponseId("resp-1")),
            cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var events = await CollectAsync(client.StreamAsync(Request(), cts.Token));

        Assert.That(events.OfType<ModelEvent.OutputTextDelta>().Count(), Is.EqualTo(3));
        Assert.That(Deltas(events), Is.EqualTo("hello world"));
        var message = Items(events).Single() as MessageItem;
        Assert.That(message, Is.Not.Null);
        Assert.That(message!.Role, Is.EqualTo("assistant"));
        Assert.That(message.LastOutputText, Is.EqualTo("hello world"));
        Assert.That(events[^1], Is.EqualTo(new ModelEvent.Completed("resp-1", new TokenUsage
        {
            InputTokens = 10, CachedInputTokens = 2, OutputTokens = 5, ReasoningOutputTokens = 1, TotalTokens = 15,
        })));
        Assert.That(events.IndexOf(events.First(e => e is ModelEvent.OutputItemDone)), Is.GreaterThan(events.FindLastIndex(e => e is ModelEvent.OutputTextDelta)));
    }

    [Test]
    public async Task StreamAsync_FunctionCallReply_EmitsFunctionCallItem()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Call("shell", """{"command":["ls"],"timeout_ms":1000}""", "c1")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var events = await CollectAsync(client.StreamAsync(Request(), cts.Token));

        var call = Items(events).Single() as FunctionCallItem;
        Assert.That(call, Is.Not.Null);
        Assert.That(call!.Name, Is.EqualTo("shell"));
        Assert.That(call.Arguments, Is.EqualTo("""{"command":["ls"],"timeout_ms":1000}"""));
        Assert.That(call.CallId, Is.EqualTo("c1"));
        Assert.That(events[^1], Is.InstanceOf<ModelEvent.Completed>());
    }

    [Test]
    public async Task StreamAsync_CustomToolCallAndReasoning_EmitsSectionBreaksSummaryDeltasAndItems()
    {
        using var cts = Timeout();
        var reply = ScriptedReply.Empty
            .WithReasoning(["first part", "second part"], rawContent: "raw thoughts", encryptedContent: "enc-blob")
            .WithCustomToolCall("apply_patch", "*** Begin Patch\n*** End Patch", "call_2");
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(reply), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var events = await CollectAsync(client.StreamAsync(Request(), cts.Token));

        Assert.That(events.OfType<ModelEvent.ReasoningSectionBreak>().Count(), Is.EqualTo(2));
        Assert.That(string.Concat(events.OfType<ModelEvent.ReasoningSummaryDelta>().Select(d => d.Delta)), Is.EqualTo("first partsecond part"));
        Assert.That(string.Concat(events.OfType<ModelEvent.ReasoningRawDelta>().Select(d => d.Delta)), Is.EqualTo("raw thoughts"));
        var items = Items(events);
        var reasoning = (ReasoningItem)items[0];
        Assert.That(reasoning.Summary.Cast<ReasoningSummaryText>().Select(s => s.Text), Is.EqualTo(new[] { "first part", "second part" }));
        Assert.That(reasoning.EncryptedContent, Is.EqualTo("enc-blob"));
        var custom = (CustomToolCallItem)items[1];
        Assert.That((custom.Name, custom.Input, custom.CallId), Is.EqualTo(("apply_patch", "*** Begin Patch\n*** End Patch", "call_2")));
    }

    [Test]
    public async Task StreamAsync_RequestBody_HasTheSpecShapeWithoutItemIds()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));
        var request = Request() with
        {
            Input =
            [
                MessageItem.User("list files"),
                new FunctionCallItem { Id = "fc_1", Name = "shell", Arguments = """{"command":["ls"]}""", CallId = "call_1" },
                new FunctionCallOutputItem { CallId = "call_1", Output = "a.txt" },
                MessageItem.Assistant("done") with { Id = "msg_9" },
            ],
            Tools = [ShellTool, ApplyPatchCustomTool],
            Reasoning = new ReasoningOptions { Effort = "medium", Summary = "auto" },
        };

        await CollectAsync(client.StreamAsync(request, cts.Token));

        var body = server.Requests.Single().Json!.Value;
        Assert.That(server.Requests.Single().Path, Is.EqualTo("/v1/responses"));
        Assert.That(body.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[]
        {
            "model", "instructions", "input", "tools", "tool_choice", "parallel_tool_calls", "reasoning", "store", "stream", "include", "prompt_cache_key",
        }));
        Assert.That(body.GetProperty("model").GetString(), Is.EqualTo("mock-model"));
        Assert.That(body.GetProperty("instructions").GetString(), Is.EqualTo("You are a test."));
        Assert.That(body.GetProperty("input").GetRawText(), Is.EqualTo(
            """[{"type":"message","role":"user","content":[{"type":"input_text","text":"list files"}]},""" +
            """{"type":"function_call","name":"shell","arguments":"{\"command\":[\"ls\"]}","call_id":"call_1"},""" +
            """{"type":"function_call_output","call_id":"call_1","output":"a.txt"},""" +
            """{"type":"message","role":"assistant","content":[{"type":"output_text","text":"done"}]}]"""));
        Assert.That(body.GetProperty("tools").GetArrayLength(), Is.EqualTo(2));
        Assert.That(JsonElement.DeepEquals(body.GetProperty("tools")[0], ShellTool), Is.True);
        Assert.That(body.GetProperty("tool_choice").GetString(), Is.EqualTo("auto"));
        Assert.That(body.GetProperty("parallel_tool_calls").GetBoolean(), Is.False);
        Assert.That(body.GetProperty("reasoning").GetRawText(), Is.EqualTo("""{"effort":"medium","summary":"auto"}"""));
        Assert.That(body.GetProperty("store").GetBoolean(), Is.False);
        Assert.That(body.GetProperty("stream").GetBoolean(), Is.True);
        Assert.That(body.GetProperty("include").GetRawText(), Is.EqualTo("""["reasoning.encrypted_content"]"""));
        Assert.That(body.GetProperty("prompt_cache_key").GetString(), Is.EqualTo("0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10"));
    }

    [Test]
    public async Task StreamAsync_WithoutReasoning_SendsNullReasoningEmptyIncludeAndVerbosity()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        await CollectAsync(client.StreamAsync(Request() with { Verbosity = "low" }, cts.Token));

        var body = server.Requests.Single().Json!.Value;
        Assert.That(body.GetProperty("reasoning").ValueKind, Is.EqualTo(JsonValueKind.Null));
        Assert.That(body.GetProperty("include").GetArrayLength(), Is.EqualTo(0));
        Assert.That(body.GetProperty("text").GetRawText(), Is.EqualTo("""{"verbosity":"low"}"""));
    }

    [Test]
    public async Task StreamAsync_Headers_CarryBearerConversationIdsAndProviderHeaders()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var provider = Provider(server, WireApi.Responses) with
        {
            QueryParams = new Dictionary<string, string> { ["api-version"] = "2025-04-01-preview", ["x"] = "y" },
            HttpHeaders = new Dictionary<string, string> { ["X-Static"] = "static-value" },
            EnvHttpHeaders = new Dictionary<string, string> { ["X-From-Env"] = "MY_HEADER_VAR", ["X-Unset"] = "UNSET_VAR" },
        };
        var client = Client(provider, environment: name => name == "MY_HEADER_VAR" ? "env-value" : null);

        await CollectAsync(client.StreamAsync(Request() with { UserAgent = "codex_cli_rs/0.1.0 (test)" }, cts.Token));

        var recorded = server.Requests.Single();
        Assert.That(recorded.Query, Is.EqualTo("?api-version=2025-04-01-preview&x=y"));
        Assert.That(recorded.Header("Authorization"), Is.EqualTo("Bearer " + ApiKey));
        Assert.That(recorded.Header("OpenAI-Beta"), Is.EqualTo("responses=experimental"));
        Assert.That(recorded.Header("conversation_id"), Is.EqualTo("0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10"));
        Assert.That(recorded.Header("session_id"), Is.EqualTo("0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10"));
        Assert.That(recorded.Header("Accept"), Is.EqualTo("text/event-stream"));
        Assert.That(recorded.Header("Codex-Task-Type"), Is.EqualTo("standard"));
        Assert.That(recorded.Header("originator"), Is.EqualTo("codex_cli_rs"));
        Assert.That(recorded.Header("User-Agent"), Is.EqualTo("codex_cli_rs/0.1.0 (test)"));
        Assert.That(recorded.Header("X-Static"), Is.EqualTo("static-value"));
        Assert.That(recorded.Header("X-From-Env"), Is.EqualTo("env-value"));
        Assert.That(recorded.Header("X-Unset"), Is.Null);
        Assert.That(recorded.Header("api-key"), Is.Null);
    }

    [Test]
    public async Task StreamAsync_AzureProvider_SendsApiKeyHeaderStoreTrueAndKeepsIds()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var provider = Provider(server, WireApi.Responses) with
        {
            Name = "azure",
            QueryParams = new Dictionary<string, string> { ["api-version"] = "2025-04-01-preview" },
        };
        var client = Client(provider);
        var request = Request() with { Input = [MessageItem.Assistant("earlier") with { Id = "msg_1" }, MessageItem.User("next")] };

        await CollectAsync(client.StreamAsync(request, cts.Token));

        var recorded = server.Requests.Single();
        Assert.That(recorded.Header("api-key"), Is.EqualTo(ApiKey));
        Assert.That(recorded.Header("Authorization"), Is.Null);
        Assert.That(recorded.Query, Is.EqualTo("?api-version=2025-04-01-preview"));
        Assert.That(recorded.Json!.Value.GetProperty("store").GetBoolean(), Is.True);
        Assert.That(recorded.Json!.Value.GetProperty("input")[0].GetProperty("id").GetString(), Is.EqualTo("msg_1"));
    }

    [Test]
    public async Task StreamAsync_NoCredential_SendsNoAuthorizationHeader()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses), key: null);

        await CollectAsync(client.StreamAsync(Request(), cts.Token));

        Assert.That(server.Requests.Single().Header("Authorization"), Is.Null);
    }

    [Test]
    public async Task StreamAsync_RateLimitHeaders_EmitsSnapshotFirst()
    {
        using var cts = Timeout();
        var reply = ScriptedReply.Text("ok")
            .WithHeader("x-codex-primary-used-percent", "42.5")
            .WithHeader("x-codex-primary-window-minutes", "300")
            .WithHeader("x-codex-primary-reset-at", "1795270000")
            .WithHeader("x-codex-secondary-used-percent", "0");
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(reply), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var events = await CollectAsync(client.StreamAsync(Request(), cts.Token));

        Assert.That(events[0], Is.EqualTo(new ModelEvent.RateLimits(new RateLimitSnapshot
        {
            Primary = new RateLimitWindow { UsedPercent = 42.5, WindowMinutes = 300, ResetsAt = 1795270000 },
            Secondary = null,
        })));
    }

    [Test]
    public async Task StreamAsync_NoRateLimitHeaders_EmitsNoSnapshot()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var events = await CollectAsync(client.StreamAsync(Request(), cts.Token));

        Assert.That(events.OfType<ModelEvent.RateLimits>(), Is.Empty);
    }
}
