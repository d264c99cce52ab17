using System.Collections.Concurrent;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Testing;
using static Codex.Engine.Tests.Model.ModelTestSupport;

namespace Codex.Engine.Tests.Model;

public sealed class StreamRetryLoopTests
{
    [Test]
    public async Task RunAsync_DroppedThenSuccess_RetriesWithMarkerAndCallback()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("partial").ThenDropStream(), ScriptedReply.Text("complete answer")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));
        var notices = new ConcurrentQueue<RetryNotice>();

        var events = await CollectAsync(StreamRetryLoop.RunAsync(client, Request(), 5, (notice, _) =>
        {
            notices.Enqueue(notice);
            return ValueTask.CompletedTask;
        }, cts.Token));

        var marker = events.OfType<ModelEvent.StreamRestarted>().Single();
        Assert.That(marker, Is.EqualTo(new ModelEvent.StreamRestarted(1, 5, "stream closed before response.completed")));
        var afterRestart = events.Skip(events.IndexOf(marker) + 1).ToList();
        Assert.That(Deltas(afterRestart), Is.EqualTo("complete answer"));
        Assert.That(((MessageItem)Items(afterRestart).Single()).Text, Is.EqualTo("complete answer"));
        Assert.That(Deltas(events.Take(events.IndexOf(marker))), Is.EqualTo("partial"));
        var notice = notices.Single();
        Assert.That((notice.Attempt, notice.MaxRetries, notice.Reason), Is.EqualTo((1, 5, "stream closed before response.completed")));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
        Assert.That(server.Requests[1].Body, Is.EqualTo(server.Requests[0].Body));
    }

    [Test]
    public async Task RunAsync_RetriesExhausted_ThrowsDisconnectedError()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.ThenDropStream(), ScriptedReply.Empty.ThenDropStream()), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));
        var retries = 0;

        var error = await CatchAsync<ModelException>(() => CollectAsync(StreamRetryLoop.RunAsync(client, Request(), 1, (_, _) =>
        {
            Interlocked.Increment(ref retries);
            return ValueTask.CompletedTask;
        }, cts.Token)));

        Assert.That(error.Message, Is.EqualTo("stream disconnected before completion: stream closed before response.completed"));
        Assert.That(retries, Is.EqualTo(1));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
    }

    [Test]
    public async Task RunAsync_ExhaustedHttpRetries_AreRetriedAtStreamLevel()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(503), ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Chat));
        var notices = new ConcurrentQueue<RetryNotice>();

        var events = await CollectAsync(StreamRetryLoop.RunAsync(client, Request(), 2, (notice, _) =>
        {
            notices.Enqueue(notice);
            return ValueTask.CompletedTask;
        }, cts.Token));

        Assert.That(Deltas(events), Is.EqualTo("ok"));
        Assert.That(notices.Single().Reason, Is.EqualTo("exceeded retry limit, last status: 503 Service Unavailable"));
    }

    [Test]
    public async Task RunAsync_FatalStatus_IsNotRetried()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(400), ScriptedReply.Text("never")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(StreamRetryLoop.RunAsync(client, Request(), 5, null, cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Fatal));
        Assert.That(error.Message, Does.StartWith("unexpected status 400 Bad Request: "));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task RunAsync_IdleTimeoutThenSuccess_Recovers()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithIdle(TimeSpan.FromSeconds(20)), ScriptedReply.Text("back")), cts.Token);
        var provider = Provider(server, WireApi.Responses) with { StreamIdleTimeout = TimeSpan.FromMilliseconds(300) };
        var client = Client(provider);

        var events = await CollectAsync(StreamRetryLoop.RunAsync(client, Request(), 1, null, cts.Token));

        Assert.That(events.OfType<ModelEvent.StreamRestarted>().Single().Reason, Is.EqualTo("idle timeout waiting for SSE"));
        Assert.That(Deltas(events), Is.EqualTo("back"));
    }
}
