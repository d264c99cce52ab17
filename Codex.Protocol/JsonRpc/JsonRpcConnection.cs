using System.Collections.Concurrent;
using System.IO.Pipelines;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace Codex.Protocol.JsonRpc;

/// <summary>
/// A JSON-RPC 2.0 peer over a pair of byte streams, one message per LF-terminated line.
/// </summary>
/// <remarks>
/// Incoming requests are dispatched concurrently, so a slow handler never blocks <c>ping</c>.
/// Every outgoing line goes through one lock-guarded writer, so lines never interleave and
/// each caller's messages keep their order. Outgoing requests get their own integer id
/// sequence (starting at 0), a pending-request table, a timeout and cancellation. The MCP
/// notification <c>notifications/cancelled</c> cancels the matching handler's token and
/// suppresses its response. Bad input is answered (<c>-32700</c>, <c>-32600</c>,
/// <c>-32601</c>) and never ends the read loop.
/// </remarks>
public sealed class JsonRpcConnection : IAsyncDisposable
{
    /// <summary>The MCP notification a peer sends to cancel one of its requests.</summary>
    public const string CancelledNotification = "notifications/cancelled";

    private readonly PipeReader _input;
    private readonly Stream _output;
    private readonly JsonRpcConnectionOptions _options;
    private readonly ILogger _logger;
    private readonly Dictionary<string, JsonRpcRequestHandler> _requestHandlers = new(StringComparer.Ordinal);
    private readonly HashSet<string> _orderedMethods = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonRpcNotificationHandler> _notificationHandlers = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<RequestId, InFlightRequest> _inFlight = new();
    private readonly ConcurrentDictionary<RequestId, TaskCompletionSource<JsonElement>> _pending = new();
    private readonly SemaphoreSlim _writeLock = new(1, 1);
    private readonly CancellationTokenSource _closed = new();
    private readonly CancellationTokenSource _stopReading = new();
    private readonly TaskCompletionSource _readLoopDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private long _nextOutgoingId = -1;
    private bool _outputBroken;
    private int _started;

    /// <summary>Creates a connection that reads <paramref name="input"/> and writes <paramref name="output"/>.</summary>
    public JsonRpcConnection(Stream input, Stream output, JsonRpcConnectionOptions? options = null, ILogger? logger = null)
        : this(PipeReader.Create(input, new StreamPipeReaderOptions(bufferSize: 64 * 1024, leaveOpen: true)), output, options, logger)
    {
    }

    /// <summary>Creates a connection that reads <paramref name="input"/> and writes <paramref name="output"/>.</summary>
    public JsonRpcConnection(PipeReader input, Stream output, JsonRpcConnectionOptions? options = null, ILogger? logger = null)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(output);
        _input = input;
        _output = output;
        _options = options ?? new JsonRpcConnectionOptions();
        _logger = logger ?? NullLogger.Instance;
    }

    /// <summary>Cancelled once the input has ended (the peer hung up).</summary>
    public CancellationToken Closed => _closed.Token;

    /// <summary>Handles requests for which no handler was added; by default they get <c>-32601</c>.</summary>
    public JsonRpcRequestHandler? FallbackRequestHandler { get; set; }

    /// <summary>Adds the handler for a request method. Call before <see cref="RunAsync"/>.</summary>
    /// <param name="method">The method name.</param>
    /// <param name="handler">The handler.</param>
    /// <param name="ordered">
    /// When true the handler runs to completion before the next message is read, so it sees
    /// messages strictly in arrival order (for short handlers such as <c>initialize</c>).
    /// </param>
    public void AddRequestHandler(string method, JsonRpcRequestHandler handler, bool ordered = false)
    {
        EnsureNotStarted();
        _requestHandlers[method] = handler;
        if (ordered)
        {
            _orderedMethods.Add(method);
        }
    }

    /// <summary>Adds the handler for a notification method. Call before <see cref="RunAsync"/>.</summary>
    public void AddNotificationHandler(string method, JsonRpcNotificationHandler handler)
    {
        EnsureNotStarted();
        _notificationHandlers[method] = handler;
    }

    /// <summary>
    /// Reads and dispatches messages until the input ends or <paramref name="cancellationToken"/>
    /// is cancelled. Then every pending outgoing request fails and <see cref="Closed"/> is cancelled.
    /// </summary>
    public async Task RunAsync(CancellationToken cancellationToken = default)
    {
        if (Interlocked.Exchange(ref _started, 1) != 0)
        {
            throw new InvalidOperationException("The connection is already running.");
        }

        var framer = new LineFramer(_input, _options.MaxMessageBytes);
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _stopReading.Token);
        try
        {
            while (true)
            {
                var line = await framer.ReadLineAsync(stop.Token).ConfigureAwait(false);
                if (line.Kind == FramedLineKind.EndOfStream)
                {
                    break;
                }

                if (line.Kind == FramedLineKind.TooLong)
                {
                    _logger.LogWarning("Skipped a {Length}-byte message over the {Limit}-byte limit", line.Length, _options.MaxMessageBytes);
                    await WriteAsync(JsonRpcMessageCodec.WriteError(null, new JsonRpcError
                    {
                        Code = JsonRpcErrorCodes.InvalidRequest,
                        Message = $"Invalid request: the message is {line.Length} bytes, over the {_options.MaxMessageBytes}-byte limit.",
                    }), CancellationToken.None).ConfigureAwait(false);
                    continue;
                }

                await ProcessLineAsync(line.Bytes).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (IOException ex)
        {
            _logger.LogWarning(ex, "Input failed; treating it as the end of the input");
        }
        finally
        {
            // The loop owns the reader: it is completed here, never under a pending read.
            await _input.CompleteAsync().ConfigureAwait(false);
            Close();
            _readLoopDone.TrySetResult();
        }
    }

    /// <summary>Sends a notification.</summary>
    public async Task SendNotificationAsync<T>(string method, T? parameters, JsonTypeInfo<T> typeInfo, CancellationToken cancellationToken = default)
    {
        using var line = new PooledLineWriter();
        JsonRpcMessageCodec.WriteNotification(line, method, parameters, typeInfo);
        await WriteAsync(line.WrittenMemory, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends a request and waits for its result. A peer error becomes a <see cref="JsonRpcException"/>;
    /// no answer within <paramref name="timeout"/> a <see cref="TimeoutException"/>; the input
    /// ending an <see cref="IOException"/>. On timeout or cancellation the peer is sent
    /// <c>notifications/cancelled</c>.
    /// </summary>
    /// <param name="method">The method.</param>
    /// <param name="parameters">The params.</param>
    /// <param name="typeInfo">How to serialize the params.</param>
    /// <param name="timeout">How long to wait; <see cref="Timeout.InfiniteTimeSpan"/> for no limit.</param>
    /// <param name="cancellationToken">Cancels the wait and tells the peer.</param>
    /// <param name="onIdAssigned">Called with the request's id before it is sent.</param>
    public async Task<JsonElement> SendRequestAsync<T>(
        string method,
        T parameters,
        JsonTypeInfo<T> typeInfo,
        TimeSpan? timeout = null,
        CancellationToken cancellationToken = default,
        Action<RequestId>? onIdAssigned = null)
    {
        var id = new RequestId(Interlocked.Increment(ref _nextOutgoingId));
        onIdAssigned?.Invoke(id);
        var completion = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        _pending[id] = completion;
        if (_closed.IsCancellationRequested)
        {
            _pending.TryRemove(id, out _);
            throw new IOException("The connection is closed.");
        }

        var limit = timeout ?? _options.DefaultRequestTimeout;
        using var timeoutSource = new CancellationTokenSource(limit);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeoutSource.Token);
        try
        {
            await WriteAsync(JsonRpcMessageCodec.WriteRequest(id, method, parameters, typeInfo), linked.Token).ConfigureAwait(false);
            return await completion.Task.WaitAsync(linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (linked.IsCancellationRequested && !_closed.IsCancellationRequested)
        {
            _pending.TryRemove(id, out _);
            var timedOut = timeoutSource.IsCancellationRequested && !cancellationToken.IsCancellationRequested;
            await TrySendCancelledAsync(id, timedOut ? "timed out" : "cancelled").ConfigureAwait(false);
            if (timedOut)
            {
                throw new TimeoutException($"No answer to '{method}' within {limit.TotalMilliseconds:0} ms.");
            }

            throw;
        }
        finally
        {
            _pending.TryRemove(id, out _);
        }
    }

    /// <summary>Waits until every dispatched request has finished, or the timeout passes.</summary>
    public async Task WhenIdleAsync(TimeSpan timeout)
    {
        var tasks = _inFlight.Values.Select(r => r.Task).Where(t => t is not null).Cast<Task>().ToArray();
        if (tasks.Length > 0)
        {
            await Task.WhenAny(Task.WhenAll(tasks), Task.Delay(timeout)).ConfigureAwait(false);
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Close();
        if (Volatile.Read(ref _started) == 0)
        {
            await _input.CompleteAsync().ConfigureAwait(false);
            return;
        }

        // Stop the read loop and let it complete the reader itself.
        await _stopReading.CancelAsync().ConfigureAwait(false);
        await Task.WhenAny(_readLoopDone.Task, Task.Delay(TimeSpan.FromSeconds(2))).ConfigureAwait(false);
    }

    private async Task ProcessLineAsync(ReadOnlyMemory<byte> bytes)
    {
        var parsed = JsonRpcMessageCodec.Parse(bytes.Span);
        if (parsed.Error is { } error)
        {
            _logger.LogWarning("Rejected an incoming message: {Message}", error.Message);
            await WriteAsync(JsonRpcMessageCodec.WriteError(parsed.ErrorId, error), CancellationToken.None).ConfigureAwait(false);
            return;
        }

        switch (parsed.Message)
        {
            case JsonRpcRequest request:
                var running = Dispatch(request);
                if (running is not null && _orderedMethods.Contains(request.Method))
                {
                    await running.ConfigureAwait(false);
                }

                break;
            case JsonRpcNotification notification:
                await HandleNotificationAsync(notification).ConfigureAwait(false);
                break;
            case JsonRpcResponse response:
                Complete(response.Id, completion => completion.TrySetResult(response.Result));
                break;
            case JsonRpcErrorResponse errorResponse:
                if (errorResponse.Id is { } id)
                {
                    Complete(id, completion => completion.TrySetException(new JsonRpcException(errorResponse.Error.Code, errorResponse.Error.Message, errorResponse.Error.Data)));
                }
                else
                {
                    _logger.LogWarning("The peer reported an error without an id: {Code} {Message}", errorResponse.Error.Code, errorResponse.Error.Message);
                }

                break;
        }
    }

    private void Complete(RequestId id, Action<TaskCompletionSource<JsonElement>> complete)
    {
        if (_pending.TryRemove(id, out var completion))
        {
            complete(completion);
        }
        else
        {
            _logger.LogInformation("Ignored a response to unknown or finished request {Id}", id);
        }
    }

    private Task? Dispatch(JsonRpcRequest request)
    {
        var handler = _requestHandlers.GetValueOrDefault(request.Method) ?? FallbackRequestHandler;
        var state = new InFlightRequest(CancellationTokenSource.CreateLinkedTokenSource(_closed.Token));
        if (!_inFlight.TryAdd(request.Id, state))
        {
            state.Cancellation.Dispose();
            _ = WriteAsync(JsonRpcMessageCodec.WriteError(request.Id, new JsonRpcError
            {
                Code = JsonRpcErrorCodes.InvalidRequest,
                Message = $"Invalid request: id {request.Id} is already in use by a request that is still running.",
            }), CancellationToken.None);
            return null;
        }

        // Task.Run so a handler that blocks before its first await cannot stall the read loop.
        state.Task = Task.Run(() => RunHandlerAsync(request, handler, state));
        return state.Task;
    }

    private async Task RunHandlerAsync(JsonRpcRequest request, JsonRpcRequestHandler? handler, InFlightRequest state)
    {
        byte[] reply;
        try
        {
            reply = handler is null
                ? JsonRpcMessageCodec.WriteError(request.Id, new JsonRpcError { Code = JsonRpcErrorCodes.MethodNotFound, Message = $"method not found: {request.Method}" })
                : (await handler(request, state.Cancellation.Token).ConfigureAwait(false)).Serialize(request.Id);
        }
        catch (JsonRpcException ex)
        {
            reply = JsonRpcMessageCodec.WriteError(request.Id, ex.ToError());
        }
        catch (OperationCanceledException) when (state.Cancellation.IsCancellationRequested)
        {
            reply = JsonRpcMessageCodec.WriteError(request.Id, new JsonRpcError { Code = JsonRpcErrorCodes.InternalError, Message = "Request cancelled." });
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "Handler for {Method} failed", request.Method);
            reply = JsonRpcMessageCodec.WriteError(request.Id, new JsonRpcError { Code = JsonRpcErrorCodes.InternalError, Message = $"Internal error: {ex.Message}" });
        }

        try
        {
            // MCP: a request the peer cancelled gets no response.
            if (!state.CancelledByPeer)
            {
                await WriteAsync(reply, CancellationToken.None).ConfigureAwait(false);
            }
        }
        finally
        {
            _inFlight.TryRemove(request.Id, out _);
            state.Cancellation.Dispose();
        }
    }

    private async Task HandleNotificationAsync(JsonRpcNotification notification)
    {
        if (notification.Method == CancelledNotification)
        {
            CancelFromPeer(notification.Params);
        }

        if (_notificationHandlers.TryGetValue(notification.Method, out var handler))
        {
            try
            {
                await handler(notification, _closed.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                _logger.LogError(ex, "Notification handler for {Method} failed", notification.Method);
            }
        }
        else if (notification.Method != CancelledNotification)
        {
            _logger.LogDebug("Ignored notification {Method}", notification.Method);
        }
    }

    private void CancelFromPeer(JsonElement? parameters)
    {
        if (parameters is not { ValueKind: JsonValueKind.Object } p
            || !p.TryGetProperty("requestId", out var idElement)
            || !RequestId.TryFrom(idElement, out var id))
        {
            _logger.LogWarning("Ignored notifications/cancelled without a valid requestId");
            return;
        }

        if (_inFlight.TryGetValue(id, out var state))
        {
            state.CancelledByPeer = true;
            try
            {
                state.Cancellation.Cancel();
            }
            catch (ObjectDisposedException)
            {
                // The handler finished between the lookup and the cancel.
            }
        }
        else
        {
            _logger.LogInformation("Ignored cancellation of unknown or finished request {Id}", id);
        }
    }

    private async Task TrySendCancelledAsync(RequestId id, string reason)
    {
        var bytes = JsonRpcMessageCodec.Write(new JsonRpcNotification
        {
            Method = CancelledNotification,
            Params = JsonSerializer.SerializeToElement(new CancelledParams(id, reason), JsonRpcJsonContext.Default.CancelledParams),
        });
        await WriteAsync(bytes, CancellationToken.None).ConfigureAwait(false);
    }

    private async Task WriteAsync(ReadOnlyMemory<byte> line, CancellationToken cancellationToken)
    {
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_outputBroken)
            {
                return;
            }

            await _output.WriteAsync(line, CancellationToken.None).ConfigureAwait(false);
            await _output.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException)
        {
            // The peer stopped reading; nothing more can be delivered.
            _outputBroken = true;
            _logger.LogWarning(ex, "Output failed; further messages are dropped");
        }
        finally
        {
            _writeLock.Release();
        }
    }

    private void Close()
    {
        if (_closed.IsCancellationRequested)
        {
            return;
        }

        _closed.Cancel();
        foreach (var (id, completion) in _pending)
        {
            if (_pending.TryRemove(id, out _))
            {
                completion.TrySetException(new IOException("The connection closed before the peer answered."));
            }
        }
    }

    private void EnsureNotStarted()
    {
        if (Volatile.Read(ref _started) != 0)
        {
            throw new InvalidOperationException("Handlers must be added before the connection runs.");
        }
    }

    private sealed class InFlightRequest(CancellationTokenSource cancellation)
    {
        public CancellationTokenSource Cancellation { get; } = cancellation;

        public volatile bool CancelledByPeer;

        public Task? Task { get; set; }
    }
}
