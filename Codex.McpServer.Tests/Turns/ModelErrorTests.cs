using System.Text.Json;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Turns;

/// <summary>Model failures: HTTP errors, dropped and idle streams, with and without retries left.</summary>
public sealed class ModelErrorTests
{
    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_Http500ThenSuccess_StreamErrorThenTheAnswer(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(500), ScriptedReply.Text("recovered")), timeout.Token, wireApi: wire);

        var result = await server.CodexAsync("go", timeout.Token, Retries(request: 1, stream: 0));

        CallAssert.Succeeded(result, "recovered");
        Assert.That(CallAssert.Of<StreamErrorEvent>(result.Events).Select(e => e.Message), Is.EqualTo(new[] { "Re-connecting... 1/1" }));
        var kinds = CallAssert.Kinds(result.Events);
        Assert.That(kinds.IndexOf("StreamError"), Is.GreaterThan(kinds.IndexOf("TaskStarted")).And.LessThan(kinds.IndexOf("AgentMessage")));
        Assert.That(CallAssert.Of<ErrorEvent>(result.Events), Is.Empty);
        Assert.That(server.Model.Requests, Has.Count.EqualTo(2));
        Assert.That(server.Model.Requests[1].Body, Is.EqualTo(server.Model.Requests[0].Body), "the same request is sent again");
    }

    [Test]
    public async Task Codex_Http500WithNoRetriesLeft_ErrorEventAndIsErrorResult()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(500)), timeout.Token);

        var result = await server.CodexAsync("go", timeout.Token);

        CallAssert.Failed(result, "We're currently experiencing high demand");
        Assert.That(CallAssert.Of<ErrorEvent>(result.Events).Single().Message, Is.EqualTo(result.Text));
        Assert.That(CallAssert.Kinds(result.Events)[^1], Is.EqualTo("Error"), "the error event is the last event before the result");
        Assert.That(CallAssert.Texts(result).Take(2), Is.EqualTo(new[] { result.Text, $"conversationId: {result.ConversationId}" }));
    }

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_Http401_ErrorWithTheProvidersMessageNotRetriedAndConversationStaysUsable(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var body = """{"error":{"message":"Incorrect API key provided: sk-wr***ng.","type":"invalid_request_error","code":"invalid_api_key"}}""";
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(401, body), ScriptedReply.Text("later answer")), timeout.Token, wireApi: wire);

        var result = await server.CodexAsync("go", timeout.Token, Retries(request: 2, stream: 2));

        CallAssert.Failed(result, "401", "Incorrect API key provided");
        Assert.That(CallAssert.Of<ErrorEvent>(result.Events).Single().Message, Is.EqualTo(result.Text));
        Assert.That(CallAssert.Of<TaskCompleteEvent>(result.Events), Is.Empty);
        Assert.That(CallAssert.Of<StreamErrorEvent>(result.Events), Is.Empty, "401 is not retried");
        Assert.That(server.Model.Requests, Has.Count.EqualTo(1));

        // No stale event of the failed turn leaks into the next call (the original's off-by-one quirk).
        var reply = await server.ReplyAsync(result.ConversationId!, "try again", timeout.Token);
        CallAssert.Succeeded(reply, "later answer");
        Assert.That(CallAssert.Kinds(reply.Events)[0], Is.EqualTo("ItemStarted"));
        Assert.That(ModelRequestView.From(server.Model.Requests[1]).Dialogue, Is.EqualTo(new[] { "user: go", "user: try again" }));
    }

    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_DroppedStreamThenSuccess_StreamErrorAndOnlyTheSecondAttemptCounts(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithMessage("half an ans", 2).ThenDropStream(), ScriptedReply.Text("whole answer")),
            timeout.Token,
            wireApi: wire);

        var result = await server.CodexAsync("go", timeout.Token, Retries(request: 0, stream: 1));

        CallAssert.Succeeded(result, "whole answer");
        Assert.That(CallAssert.Of<StreamErrorEvent>(result.Events).Select(e => e.Message), Is.EqualTo(new[] { "Re-connecting... 1/1" }));
        Assert.That(CallAssert.Of<TaskCompleteEvent>(result.Events).Single().LastAgentMessage, Is.EqualTo("whole answer"));
        Assert.That(server.Model.Requests, Has.Count.EqualTo(2));
        Assert.That(server.Model.Requests[1].Body, Is.EqualTo(server.Model.Requests[0].Body), "the failed attempt's output is not added to the history");
    }

    [TestCase("responses", "stream closed before response.completed")]
    [TestCase("chat", "stream closed before finish_reason or [DONE]")]
    public async Task Codex_DroppedStreamWithNoRetriesLeft_IsErrorResult(string wire, string reason)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Empty.ThenDropStream()), timeout.Token, wireApi: wire);

        var result = await server.CodexAsync("go", timeout.Token);

        CallAssert.Failed(result, "stream disconnected before completion: " + reason);
        Assert.That(CallAssert.Of<ErrorEvent>(result.Events).Single().Message, Is.EqualTo(result.Text));
        Assert.That(CallAssert.Of<StreamErrorEvent>(result.Events), Is.Empty);
    }

    [Test]
    public async Task Codex_IdleStream_TimesOutRetriesAndThenAnswers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithIdle(TimeSpan.FromSeconds(3)), ScriptedReply.Text("awake now")),
            timeout.Token);

        var result = await server.CodexAsync("go", timeout.Token, Retries(request: 0, stream: 1, idleMs: 300));

        CallAssert.Succeeded(result, "awake now");
        Assert.That(CallAssert.Of<StreamErrorEvent>(result.Events).Select(e => e.Message), Is.EqualTo(new[] { "Re-connecting... 1/1" }));
    }

    [Test]
    public async Task Codex_IdleStreamWithNoRetriesLeft_IsErrorNamingTheIdleTimeout()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = await RunningServer.StartAsync(ModelScript.Sequence(ScriptedReply.Empty.WithIdle(TimeSpan.FromSeconds(3))), timeout.Token);

        var result = await server.CodexAsync("go", timeout.Token, Retries(request: 0, stream: 0, idleMs: 300));

        CallAssert.Failed(result, "idle timeout waiting for SSE");
        Assert.That(CallAssert.Of<ErrorEvent>(result.Events).Single().Message, Is.EqualTo(result.Text));
    }

    private static Func<CodexToolCallParam, CodexToolCallParam> Retries(int request, int stream, int? idleMs = null) => p =>
    {
        var config = new Dictionary<string, JsonElement>
        {
            ["model_providers.mock.request_max_retries"] = JsonSerializer.SerializeToElement(request),
            ["model_providers.mock.stream_max_retries"] = JsonSerializer.SerializeToElement(stream),
        };
        if (idleMs is { } idle)
        {
            config["model_providers.mock.stream_idle_timeout_ms"] = JsonSerializer.SerializeToElement(idle);
        }

        return p with { Config = config };
    };
}
