using System.Collections.Concurrent;
using System.Text.Json;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.Protocol.Tests.JsonRpc;

[TestFixture]
public sealed class JsonRpcConnectionTests
{
    private static readonly TimeSpan TestTimeout = TimeSpan.FromSeconds(30);

    [Test]
    public async Task RunAsync_HandlerBlocked_PingIsStillAnswered()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var started = NewSignal();
        var gate = NewSignal();
        connection.AddRequestHandler("slow", async (_, ct) =>
        {
            started.TrySetResult();
            await gate.Task.WaitAsync(ct);
            return JsonRpcReply.Result("done", ProtocolJsonContext.Default.String);
        });
        AddPing(connection);
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"method":"slow"}""", cts.Token);
        await started.Task.WaitAsync(cts.Token);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", cts.Token);
        var first = await peer.ReadAsync(cts.Token);
        gate.SetResult();
        var second = await peer.ReadAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":2,"result":{}}"""));
            Assert.That(second.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":1,"result":"done"}"""));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task SendNotificationAsync_EightConcurrentSendersOfLargeMessages_LinesNeverInterleave()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        await using var connection = peer.CreateConnection();
        const int senders = 8;
        const int perSender = 12;
        const int padLength = 48 * 1024;

        var sending = Enumerable.Range(0, senders).Select(sender => Task.Run(async () =>
        {
            for (var seq = 0; seq < perSender; seq++)
            {
                using var doc = JsonDocument.Parse($$"""{"sender":{{sender}},"seq":{{seq}},"pad":"{{new string((char)('a' + sender), padLength)}}"}""");
                await connection.SendNotificationAsync("bulk", doc.RootElement, ProtocolJsonContext.Default.JsonElement, cts.Token);
            }
        })).ToArray();

        var nextSeq = new int[senders];
        var problems = new List<string>();
        for (var i = 0; i < senders * perSender; i++)
        {
            var line = await peer.ReadLineAsync(cts.Token);
            try
            {
                using var doc = JsonDocument.Parse(line!);
                var parameters = doc.RootElement.GetProperty("params");
                var sender = parameters.GetProperty("sender").GetInt32();
                var seq = parameters.GetProperty("seq").GetInt32();
                var pad = parameters.GetProperty("pad").GetString()!;
                if (seq != nextSeq[sender]++)
                {
                    problems.Add($"sender {sender}: got seq {seq} out of order");
                }

                if (pad.Length != padLength || pad.Any(c => c != (char)('a' + sender)))
                {
                    problems.Add($"sender {sender} seq {seq}: padding corrupted");
                }
            }
            catch (JsonException ex)
            {
                problems.Add($"line {i} is not one JSON object: {ex.Message}");
            }
        }

        await Task.WhenAll(sending).WaitAsync(cts.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(problems, Is.Empty);
            Assert.That(nextSeq, Is.All.EqualTo(perSender));
        }
    }

    [Test]
    public async Task SendRequestAsync_TwoRequests_IdsAreIntegersFromZero()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        var first = connection.SendRequestAsync("first", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, TestTimeout, cts.Token);
        var firstRequest = await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":0,"result":{"n":10}}""", cts.Token);
        var firstResult = await first.WaitAsync(cts.Token);
        var second = connection.SendRequestAsync("second", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, TestTimeout, cts.Token);
        var secondRequest = await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":1,"result":{"n":20}}""", cts.Token);
        var secondResult = await second.WaitAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstRequest.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":0,"method":"first","params":{}}"""));
            Assert.That(secondRequest.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":1,"method":"second","params":{}}"""));
            Assert.That(firstResult.GetProperty("n").GetInt32(), Is.EqualTo(10));
            Assert.That(secondResult.GetProperty("n").GetInt32(), Is.EqualTo(20));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task SendRequestAsync_PeerAnswersWithError_ThrowsJsonRpcExceptionWithTheCode()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        var call = connection.SendRequestAsync("elicitation/create", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, TestTimeout, cts.Token);
        await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":0,"error":{"code":-32042,"message":"user closed the dialog","data":{"why":"x"}}}""", cts.Token);

        var error = await Assert.ThrowsAsync<JsonRpcException>(() => call);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error?.Code, Is.EqualTo(-32042));
            Assert.That(error?.Message, Is.EqualTo("user closed the dialog"));
            Assert.That(error?.ErrorData?.GetProperty("why").GetString(), Is.EqualTo("x"));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task SendRequestAsync_NoAnswerInTime_TimeoutExceptionAndPeerToldCancelled()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        var call = connection.SendRequestAsync("slow/thing", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, TimeSpan.FromMilliseconds(200), cts.Token);
        var request = await peer.ReadAsync(cts.Token);

        await Assert.ThrowsAsync<TimeoutException>(() => call);
        var cancelled = await peer.ReadAsync(cts.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(request.GetProperty("id").GetInt32(), Is.Zero);
            Assert.That(cancelled.GetProperty("method").GetString(), Is.EqualTo("notifications/cancelled"));
            Assert.That(cancelled.GetProperty("params").GetProperty("requestId").ValueKind, Is.EqualTo(JsonValueKind.Number));
            Assert.That(cancelled.GetProperty("params").GetProperty("requestId").GetInt32(), Is.Zero);
            Assert.That(cancelled.TryGetProperty("id", out _), Is.False);
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task SendRequestAsync_CallerCancels_OperationCanceledAndPeerToldCancelled()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        using var callCancellation = new CancellationTokenSource();
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        var call = connection.SendRequestAsync("long", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, TestTimeout, callCancellation.Token);
        await peer.ReadAsync(cts.Token);
        await callCancellation.CancelAsync();

        await Assert.ThrowsAsync(Is.InstanceOf<OperationCanceledException>(), () => call);
        var cancelled = await peer.ReadAsync(cts.Token);
        Assert.That(cancelled.GetProperty("method").GetString(), Is.EqualTo("notifications/cancelled"));

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_PeerCancelsRequest_HandlerTokenCancelledAndNoResponseWritten()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var started = NewSignal();
        var tokenCancelled = NewSignal();
        connection.AddRequestHandler("work", async (_, ct) =>
        {
            using var registration = ct.Register(() => tokenCancelled.TrySetResult());
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return JsonRpcReply.Result("finished", ProtocolJsonContext.Default.String);
        });
        AddPing(connection);
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"jsonrpc":"2.0","id":"w1","method":"work"}""", cts.Token);
        await started.Task.WaitAsync(cts.Token);
        await peer.SendAsync("""{"jsonrpc":"2.0","method":"notifications/cancelled","params":{"requestId":"w1","reason":"user"}}""", cts.Token);
        await tokenCancelled.Task.WaitAsync(cts.Token);

        // Whatever the cancelled handler was going to write is written before it leaves the in-flight set.
        await connection.WhenIdleAsync(TestTimeout);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":2,"method":"ping"}""", cts.Token);
        var next = await peer.ReadAsync(cts.Token);

        Assert.That(next.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":2,"result":{}}"""));

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_InputEnds_PendingRequestsFailWithIOExceptionAndClosedIsCancelled()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        var call = connection.SendRequestAsync("never/answered", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, Timeout.InfiniteTimeSpan, cts.Token);
        await peer.ReadAsync(cts.Token);
        var closedBefore = connection.Closed.IsCancellationRequested;
        await peer.CloseInputAsync();

        await Assert.ThrowsAsync<IOException>(() => call);
        await run.WaitAsync(cts.Token);
        using (Assert.EnterMultipleScope())
        {
            Assert.That(closedBefore, Is.False);
            Assert.That(connection.Closed.IsCancellationRequested, Is.True);
        }

        await Assert.ThrowsAsync<IOException>(() => connection.SendRequestAsync("late", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, TestTimeout, cts.Token));
    }

    [Test]
    public async Task RunAsync_InputEnds_RunningHandlerTokenIsCancelled()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var started = NewSignal();
        var tokenCancelled = NewSignal();
        connection.AddRequestHandler("work", async (_, ct) =>
        {
            using var registration = ct.Register(() => tokenCancelled.TrySetResult());
            started.TrySetResult();
            await Task.Delay(Timeout.Infinite, ct);
            return JsonRpcReply.Result("finished", ProtocolJsonContext.Default.String);
        });
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"id":1,"method":"work"}""", cts.Token);
        await started.Task.WaitAsync(cts.Token);
        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);

        await tokenCancelled.Task.WaitAsync(cts.Token);
        Assert.That(tokenCancelled.Task.IsCompletedSuccessfully, Is.True);
    }

    [Test]
    public async Task RunAsync_UnknownMethod_MethodNotFoundWithTheName()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"jsonrpc":"2.0","id":"q","method":"foo/bar","params":{}}""", cts.Token);
        var reply = await peer.ReadAsync(cts.Token);

        Assert.That(reply.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":"q","error":{"code":-32601,"message":"method not found: foo/bar"}}"""));

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_FallbackHandler_AnswersUnknownMethods()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        connection.FallbackRequestHandler = (request, _) => ValueTask.FromResult(JsonRpcReply.Result(request.Method, ProtocolJsonContext.Default.String));
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"id":1,"method":"any/thing"}""", cts.Token);
        var reply = await peer.ReadAsync(cts.Token);

        Assert.That(reply.GetProperty("result").GetString(), Is.EqualTo("any/thing"));

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_HandlerThrows_InternalErrorAndTheLoopGoesOn()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        connection.AddRequestHandler("boom", (_, _) => throw new InvalidOperationException("kaput"));
        AddPing(connection);
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"id":1,"method":"boom"}""", cts.Token);
        var error = await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"id":2,"method":"ping"}""", cts.Token);
        var pong = await peer.ReadAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.GetProperty("id").GetInt32(), Is.EqualTo(1));
            Assert.That(error.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(JsonRpcErrorCodes.InternalError));
            Assert.That(error.GetProperty("error").GetProperty("message").GetString(), Does.Contain("kaput"));
            Assert.That(pong.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":2,"result":{}}"""));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_HandlerThrowsJsonRpcException_ThatErrorIsTheReply()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        connection.AddRequestHandler("strict", (_, _) => throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "Invalid params for strict"));
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"id":1,"method":"strict"}""", cts.Token);
        var reply = await peer.ReadAsync(cts.Token);

        Assert.That(reply.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":1,"error":{"code":-32602,"message":"Invalid params for strict"}}"""));

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_OrderedRequest_RunsToCompletionBeforeTheNextMessageIsRead()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var events = new ConcurrentQueue<string>();
        var started = NewSignal();
        var gate = NewSignal();
        connection.AddRequestHandler("init", async (_, ct) =>
        {
            events.Enqueue("init started");
            started.TrySetResult();
            await gate.Task.WaitAsync(ct);
            events.Enqueue("init finished");
            return JsonRpcReply.Result("init", ProtocolJsonContext.Default.String);
        }, ordered: true);
        connection.AddRequestHandler("probe", (_, _) =>
        {
            events.Enqueue("probe");
            return ValueTask.FromResult(JsonRpcReply.Result("probe", ProtocolJsonContext.Default.String));
        });
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"id":1,"method":"init"}""" + "\n" + """{"id":2,"method":"probe"}""", cts.Token);
        await started.Task.WaitAsync(cts.Token);

        // Give an unordered dispatcher every chance to run the probe while init is blocked.
        await Task.Delay(150, cts.Token);
        var eventsWhileBlocked = events.ToArray();
        gate.SetResult();
        var first = await peer.ReadAsync(cts.Token);
        var second = await peer.ReadAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(eventsWhileBlocked, Is.EqualTo(new[] { "init started" }));
            Assert.That(events, Is.EqualTo(new[] { "init started", "init finished", "probe" }));
            Assert.That(first.GetProperty("id").GetInt32(), Is.EqualTo(1));
            Assert.That(second.GetProperty("id").GetInt32(), Is.EqualTo(2));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_MalformedLines_AnsweredAndTheLoopGoesOn()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        AddPing(connection);
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("{not json", cts.Token);
        var parseError = await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""[{"id":1,"method":"ping"}]""", cts.Token);
        var batchError = await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"id":3}""", cts.Token);
        var shapeError = await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"id":4,"method":"ping"}""", cts.Token);
        var pong = await peer.ReadAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parseError.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(parseError.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32700));
            Assert.That(batchError.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(batchError.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32600));
            Assert.That(shapeError.GetProperty("id").GetInt32(), Is.EqualTo(3));
            Assert.That(shapeError.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32600));
            Assert.That(pong.GetProperty("id").GetInt32(), Is.EqualTo(4));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_MessageOverTheLimit_InvalidRequestAndTheNextMessageIsServed()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection(new JsonRpcConnectionOptions { MaxMessageBytes = 256 });
        AddPing(connection);
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync($$$"""{"id":1,"method":"ping","params":{"pad":"{{{new string('p', 4096)}}}"}}""", cts.Token);
        var tooLong = await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"id":2,"method":"ping"}""", cts.Token);
        var pong = await peer.ReadAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(tooLong.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(tooLong.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32600));
            Assert.That(pong.GetProperty("id").GetInt32(), Is.EqualTo(2));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_DuplicateIdWhileTheFirstRuns_InvalidRequest()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var started = NewSignal();
        var gate = NewSignal();
        connection.AddRequestHandler("slow", async (_, ct) =>
        {
            started.TrySetResult();
            await gate.Task.WaitAsync(ct);
            return JsonRpcReply.Result("slow", ProtocolJsonContext.Default.String);
        });
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"id":5,"method":"slow"}""", cts.Token);
        await started.Task.WaitAsync(cts.Token);
        await peer.SendAsync("""{"id":5,"method":"slow"}""", cts.Token);
        var duplicate = await peer.ReadAsync(cts.Token);
        gate.SetResult();
        var original = await peer.ReadAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(duplicate.GetProperty("id").GetInt32(), Is.EqualTo(5));
            Assert.That(duplicate.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32600));
            Assert.That(original.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":5,"result":"slow"}"""));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_Notification_HandlerGetsItAndNothingIsSentBack()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var received = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        connection.AddNotificationHandler("note", (notification, _) =>
        {
            received.TrySetResult(notification.Params!.Value.Clone());
            return ValueTask.CompletedTask;
        });
        AddPing(connection);
        var run = connection.RunAsync(cts.Token);

        await peer.SendAsync("""{"method":"note","params":{"k":"v"}}""", cts.Token);
        var parameters = await received.Task.WaitAsync(cts.Token);
        await peer.SendAsync("""{"id":1,"method":"ping"}""", cts.Token);
        var next = await peer.ReadAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(parameters.GetProperty("k").GetString(), Is.EqualTo("v"));
            Assert.That(next.GetProperty("id").GetInt32(), Is.EqualTo(1));
        }

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task RunAsync_ResponseWithTheOtherIdType_DoesNotCompleteTheRequest()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        var call = connection.SendRequestAsync("q", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, TestTimeout, cts.Token);
        await peer.ReadAsync(cts.Token);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":"0","result":"wrong"}""", cts.Token);
        await peer.SendAsync("""{"jsonrpc":"2.0","id":0,"result":"right"}""", cts.Token);
        var result = await call.WaitAsync(cts.Token);

        Assert.That(result.GetString(), Is.EqualTo("right"));

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    [Test]
    public async Task AddRequestHandler_AfterRunStarted_Throws()
    {
        using var cts = new CancellationTokenSource(TestTimeout);
        await using var peer = new InMemoryPeer();
        var connection = peer.CreateConnection();
        var run = connection.RunAsync(cts.Token);

        Assert.That(() => connection.AddRequestHandler("late", (_, _) => throw new NotSupportedException()), Throws.InvalidOperationException);

        await peer.CloseInputAsync();
        await run.WaitAsync(cts.Token);
    }

    private static TaskCompletionSource NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    private static void AddPing(JsonRpcConnection connection) =>
        connection.AddRequestHandler("ping", (_, _) => ValueTask.FromResult(JsonRpcReply.Result(EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject)));
}
