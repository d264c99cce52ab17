using System.Collections.Concurrent;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Testing;
using static Codex.Engine.Tests.Model.ModelTestSupport;

namespace Codex.Engine.Tests.Model;

/// <summary>
/// <c>response_headers_timeout_ms</c>: an endpoint that accepts the connection and never answers costs each
/// request try that long, the request-level retries re-send it, and then the request fails for good.
/// </summary>
public sealed class ResponseHeadersTimeoutTests
{
    [TestCase(WireApi.Responses)]
    [TestCase(WireApi.Chat)]
    public async Task StreamAsync_EndpointNeverAnswers_EachTryTimesOutAndRetriesAreCounted(WireApi wire)
    {
        using var cts = Timeout();
        await using var endpoint = new SilentEndpoint();
        var provider = new ModelProviderInfo
        {
            Name = "silent",
            BaseUrl = endpoint.BaseUrl,
            WireApi = wire,
            RequestMaxRetries = 2,

            // Long enough that even a cold first connect finishes inside the try; a connect still pending
            // when its try gives up would be handed to the next try and the count would be off.
            ResponseHeadersTimeout = TimeSpan.FromMilliseconds(1000),
        };
        var notices = new ConcurrentQueue<RetryNotice>();

        var error = await CatchAsync<ModelException>(() => CollectAsync(Client(provider).StreamAsync(Request(onRetry: notices.Enqueue), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.ResponseHeadersTimeout));
        Assert.That(error.IsRetryable, Is.False, "the stream loop must not multiply the request tries");
        Assert.That(error.Message, Is.EqualTo("Connection failed: the model endpoint sent no response headers within 1000 ms"));
        Assert.That(notices.Select(n => n.Reason), Is.EqualTo(new[] { "connection failed", "connection failed" }));
        Assert.That(endpoint.Connections, Is.EqualTo(3), "one connection per request try: 1 + request_max_retries");
        Assert.That(cts.IsCancellationRequested, Is.False);
    }

    [Test]
    public async Task StreamRetryLoop_HeaderTimeout_IsNotRetriedAtStreamLevel()
    {
        using var cts = Timeout();
        await using var endpoint = new SilentEndpoint();
        var provider = new ModelProviderInfo
        {
            Name = "silent",
            BaseUrl = endpoint.BaseUrl,
            WireApi = WireApi.Responses,
            RequestMaxRetries = 1,
            StreamMaxRetries = 5,
            ResponseHeadersTimeout = TimeSpan.FromMilliseconds(1000),
        };
        var streamRetries = 0;

        var error = await CatchAsync<ModelException>(() => CollectAsync(StreamRetryLoop.RunAsync(
            Client(provider),
            Request(),
            provider.StreamMaxRetries,
            (_, _) =>
            {
                streamRetries++;
                return ValueTask.CompletedTask;
            },
            cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.ResponseHeadersTimeout));
        Assert.That(streamRetries, Is.Zero);
        Assert.That(endpoint.Connections, Is.EqualTo(2));
    }

    [Test]
    public async Task StreamAsync_SlowButAnsweringServer_BodyMayBeQuietLongerThanTheHeaderTimeout()
    {
        using var cts = Timeout();

        // Headers come at once; the body's first event comes 800 ms later, well past the 300 ms header timeout.
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithIdle(TimeSpan.FromMilliseconds(800)).WithMessage("late but fine")), cts.Token);
        var provider = Provider(server, WireApi.Responses) with { ResponseHeadersTimeout = TimeSpan.FromMilliseconds(300) };

        var events = await CollectAsync(Client(provider).StreamAsync(Request(), cts.Token));

        Assert.That(Deltas(events), Is.EqualTo("late but fine"));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StreamAsync_CallerCancelsWhileWaitingForHeaders_IsACancellationNotATimeout()
    {
        using var cts = Timeout();
        await using var endpoint = new SilentEndpoint();
        var provider = new ModelProviderInfo { Name = "silent", BaseUrl = endpoint.BaseUrl, WireApi = WireApi.Responses, ResponseHeadersTimeout = TimeSpan.FromSeconds(20) };
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);
        cancel.CancelAfter(TimeSpan.FromMilliseconds(200));

        Assert.That(async () => await CollectAsync(Client(provider).StreamAsync(Request(), cancel.Token)), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(cts.IsCancellationRequested, Is.False);
    }
}
