using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using Codex.Engine.Config;
using Codex.Engine.Model;
using Codex.Testing;
using static Codex.Engine.Tests.Model.ModelTestSupport;

namespace Codex.Engine.Tests.Model;

public sealed class ModelRetryTests
{
    [Test]
    public async Task StreamAsync_ServerErrorThenSuccess_RetriesOnceAndReportsIt()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(500), ScriptedReply.Text("recovered")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses, requestRetries: 2));
        var notices = new ConcurrentQueue<RetryNotice>();

        var events = await CollectAsync(client.StreamAsync(Request(onRetry: notices.Enqueue), cts.Token));

        Assert.That(Deltas(events), Is.EqualTo("recovered"));
        Assert.That(server.Requests, Has.Count.EqualTo(2));
        var notice = notices.Single();
        Assert.That((notice.Attempt, notice.MaxRetries, notice.Reason), Is.EqualTo((1, 2, "500 Internal Server Error")));
        Assert.That(notice.Delay, Is.InRange(TimeSpan.FromMilliseconds(180), TimeSpan.FromMilliseconds(220)));
    }

    [Test]
    public async Task StreamAsync_RetryAfterHeader_IsTheRetryDelay()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Error(429, retryAfter: TimeSpan.FromSeconds(1)), ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses, requestRetries: 1));
        var notices = new ConcurrentQueue<RetryNotice>();

        var events = await CollectAsync(client.StreamAsync(Request(onRetry: notices.Enqueue), cts.Token));

        Assert.That(Deltas(events), Is.EqualTo("ok"));
        Assert.That(notices.Single().Delay, Is.EqualTo(TimeSpan.FromSeconds(1)));
        Assert.That(notices.Single().Reason, Is.EqualTo("429 Too Many Requests"));
    }

    [Test]
    public async Task StreamAsync_RetryAfterMsHeader_WinsOverRetryAfter()
    {
        using var cts = Timeout();
        var throttled = ScriptedReply.Error(503, retryAfter: TimeSpan.FromSeconds(30)).WithHeader("retry-after-ms", "50");
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(throttled, ScriptedReply.Text("ok")), cts.Token);
        var client = Client(Provider(server, WireApi.Chat, requestRetries: 1));
        var notices = new ConcurrentQueue<RetryNotice>();

        await CollectAsync(client.StreamAsync(Request(onRetry: notices.Enqueue), cts.Token));

        Assert.That(notices.Single().Delay, Is.EqualTo(TimeSpan.FromMilliseconds(50)));
    }

    [Test]
    public async Task StreamAsync_ResponsesServerErrorsExhausted_ReportHighDemand()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(500)), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.RetryLimit));
        Assert.That(error.Message, Is.EqualTo("We're currently experiencing high demand, which may cause temporary errors."));
    }

    [Test]
    public async Task StreamAsync_ResponsesBadGatewayExhausted_ReportsLastStatus()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(502)), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Message, Is.EqualTo("exceeded retry limit, last status: 502 Bad Gateway"));
    }

    [Test]
    public async Task StreamAsync_Unauthorized_IsFatalWithProviderMessage()
    {
        using var cts = Timeout();
        var body = """{"error":{"message":"Your organization is not verified.","type":"invalid_request_error"}}""";
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(401, body)), cts.Token);
        var client = Client(Provider(server, WireApi.Responses, requestRetries: 3));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Fatal));
        Assert.That(error.IsRetryable, Is.False);
        Assert.That(error.Message, Does.StartWith("unexpected status 401 Unauthorized: "));
        Assert.That(error.Message, Does.Contain("Your organization is not verified."));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StreamAsync_ErrorBodyEchoingTheKey_NeverExposesIt()
    {
        using var cts = Timeout();
        var body = $$$"""{"error":{"message":"Incorrect API key provided: {{{ApiKey}}}.","type":"invalid_request_error"}}""";
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(403, body)), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.ToString(), Does.Not.Contain(ApiKey));
        Assert.That(error.Message, Does.Contain("Incorrect API key provided: [REDACTED]."));
    }

    [Test]
    public async Task StreamAsync_UsageLimit_IsNotRetried()
    {
        using var cts = Timeout();
        var body = """{"error":{"type":"usage_limit_reached","message":"limit"}}""";
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Error(429, body), ScriptedReply.Text("never")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses, requestRetries: 2));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.UsageLimitReached));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StreamAsync_ConnectionRefused_RetriesThenReportsConnectionFailure()
    {
        using var cts = Timeout();
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        var provider = new ModelProviderInfo { Name = "closed", BaseUrl = $"http://127.0.0.1:{port}/v1", WireApi = WireApi.Responses, RequestMaxRetries = 1 };
        var client = Client(provider);
        var notices = new ConcurrentQueue<RetryNotice>();

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(onRetry: notices.Enqueue), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Connection));
        Assert.That(error.Message, Does.StartWith("Connection failed: "));
        Assert.That(notices.Single().Reason, Is.EqualTo("connection failed"));
    }

    [Test]
    public async Task StreamAsync_DroppedStream_IsRetryableStreamError()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("partial").ThenDropStream()), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Stream));
        Assert.That(error.Message, Is.EqualTo("stream closed before response.completed"));
    }

    [Test]
    public async Task StreamAsync_AbortedConnection_IsRetryableError()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("partial").WithDelay(TimeSpan.FromMilliseconds(100)).ThenAbortConnection()), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        // A reset can overtake data still in flight, so it may surface while reading headers (connection) or the body (stream).
        Assert.That(error.IsRetryable, Is.True);
        Assert.That(error.Kind, Is.AnyOf(ModelErrorKind.Stream, ModelErrorKind.Connection));
    }

    [Test]
    public async Task StreamAsync_IdleStream_TimesOut()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Empty.WithIdle(TimeSpan.FromSeconds(20))), cts.Token);
        var provider = Provider(server, WireApi.Responses) with { StreamIdleTimeout = TimeSpan.FromMilliseconds(300) };
        var client = Client(provider);

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Stream));
        Assert.That(error.Message, Is.EqualTo("idle timeout waiting for SSE"));
    }

    [Test]
    public async Task StreamAsync_CancelledWhileWaiting_ThrowsOperationCanceledNotModelError()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("a").WithIdle(TimeSpan.FromSeconds(20))), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(cts.Token);

        var error = await CatchAsync<OperationCanceledException>(async () =>
        {
            await foreach (var modelEvent in StreamRetryLoop.RunAsync(client, Request(), 5, null, cancel.Token))
            {
                if (modelEvent is ModelEvent.OutputItemDone)
                {
                    await cancel.CancelAsync();
                }
            }
        });

        Assert.That(error.CancellationToken.IsCancellationRequested, Is.True);
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task StreamAsync_IdleAfterSomeDeltas_TimesOutOnChat()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Text("some text").WithIdle(TimeSpan.FromSeconds(20))), cts.Token);
        var provider = Provider(server, WireApi.Chat) with { StreamIdleTimeout = TimeSpan.FromMilliseconds(300) };
        var client = Client(provider);
        var received = new List<ModelEvent>();

        var error = await CatchAsync<ModelException>(async () =>
        {
            await foreach (var modelEvent in client.StreamAsync(Request(), cts.Token))
            {
                received.Add(modelEvent);
            }
        });

        Assert.That(Deltas(received), Is.EqualTo("some text"));
        Assert.That(error.Message, Is.EqualTo("idle timeout waiting for SSE"));
    }

    [Test]
    public async Task StreamAsync_ResponseFailedContextLength_IsContextWindowError()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.ThenFail("context_length_exceeded", "too long")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.ContextWindowExceeded));
        Assert.That(error.Message, Is.EqualTo("Codex ran out of room in the model's context window. Start a new conversation or clear earlier history before retrying."));
    }

    [Test]
    public async Task StreamAsync_ResponseFailedRateLimit_CarriesSuggestedDelay()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.ThenFail("rate_limit_exceeded", "Rate limit reached. Please try again in 1.5s.")), cts.Token);
        var client = Client(Provider(server, WireApi.Responses));

        var error = await CatchAsync<ModelException>(() => CollectAsync(client.StreamAsync(Request(), cts.Token)));

        Assert.That(error.Kind, Is.EqualTo(ModelErrorKind.Stream));
        Assert.That(error.Message, Is.EqualTo("Rate limit reached. Please try again in 1.5s."));
        Assert.That(error.RetryDelay, Is.EqualTo(TimeSpan.FromSeconds(1.5)));
    }
}
