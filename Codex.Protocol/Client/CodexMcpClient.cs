using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.Protocol.Client;

/// <summary>
/// A typed client for a Codex MCP server: it starts the server (or wraps two streams), runs
/// <c>initialize</c>, calls <c>codex</c>/<c>codex-reply</c>, streams each call's
/// <c>codex/event</c> notifications to the caller and answers approvals through a delegate.
/// </summary>
/// <example>
/// <code>
/// await using var client = await CodexMcpClient.StartAsync(
///     new CodexServerProcessOptions { FileName = "codex-mcp-server" },
///     new CodexMcpClientOptions { ApprovalHandler = (_, _) => ValueTask.FromResult(new ApprovalAnswer(ReviewDecision.Approved)) });
/// var first = await client.CodexAsync(new CodexToolCallParam { Prompt = "Add a README" }, e => Console.WriteLine(e.Msg));
/// Console.WriteLine(first.Text);
/// var next = await client.ReplyAsync(first.ConversationId!, "Now add a licence");
/// </code>
/// </example>
public sealed class CodexMcpClient : IAsyncDisposable
{
    private readonly JsonRpcConnection _connection;
    private readonly CodexMcpClientOptions _options;
    private readonly Process? _process;
    private readonly Task _runLoop;
    private readonly ConcurrentDictionary<RequestId, Action<CodexEvent>> _calls = new();

    private CodexMcpClient(JsonRpcConnection connection, CodexMcpClientOptions options, Process? process, ILogger? logger)
    {
        _connection = connection;
        _options = options;
        _process = process;
        connection.AddNotificationHandler(CodexEvent.Method, OnCodexEventAsync);
        connection.AddRequestHandler(McpMethods.ElicitationCreate, OnElicitationAsync);
        connection.AddRequestHandler(McpMethods.Ping, (_, _) => ValueTask.FromResult(JsonRpcReply.Result(EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject)));
        _runLoop = connection.RunAsync();
        _ = logger;
    }

    /// <summary>The server's answer to <c>initialize</c>.</summary>
    public InitializeResult Server { get; private set; } = null!;

    /// <summary>The underlying connection, for raw requests.</summary>
    public JsonRpcConnection Connection => _connection;

    /// <summary>The server process, when this client started it.</summary>
    public Process? Process => _process;

    /// <summary>Starts a server process and initializes it.</summary>
    public static async Task<CodexMcpClient> StartAsync(CodexServerProcessOptions server, CodexMcpClientOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(server);
        options ??= new CodexMcpClientOptions();
        var startInfo = new ProcessStartInfo(server.FileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = server.WorkingDirectory ?? string.Empty,
        };
        foreach (var argument in server.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in server.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {server.FileName}.");
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                options.OnStderrLine?.Invoke(e.Data);
            }
        };
        process.BeginErrorReadLine();
        var connection = new JsonRpcConnection(process.StandardOutput.BaseStream, process.StandardInput.BaseStream, logger: logger);
        var client = new CodexMcpClient(connection, options, process, logger);
        try
        {
            await client.InitializeAsync(cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            await client.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return client;
    }

    /// <summary>Wraps an already running server's streams and initializes it.</summary>
    /// <param name="fromServer">What the server writes (its stdout).</param>
    /// <param name="toServer">What the server reads (its stdin).</param>
    /// <param name="options">Client settings.</param>
    /// <param name="logger">Optional logger.</param>
    /// <param name="cancellationToken">Cancels initialization.</param>
    public static async Task<CodexMcpClient> ConnectAsync(Stream fromServer, Stream toServer, CodexMcpClientOptions? options = null, ILogger? logger = null, CancellationToken cancellationToken = default)
    {
        var client = new CodexMcpClient(new JsonRpcConnection(fromServer, toServer, logger: logger), options ?? new CodexMcpClientOptions(), null, logger);
        await client.InitializeAsync(cancellationToken).ConfigureAwait(false);
        return client;
    }

    /// <summary>Pings the server.</summary>
    public Task PingAsync(CancellationToken cancellationToken = default) =>
        _connection.SendRequestAsync(McpMethods.Ping, EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, _options.RequestTimeout, cancellationToken);

    /// <summary>Lists the server's tools.</summary>
    public async Task<IReadOnlyList<Tool>> ListToolsAsync(CancellationToken cancellationToken = default)
    {
        var result = await _connection.SendRequestAsync(McpMethods.ToolsList, new PaginatedRequestParams(), ProtocolJsonContext.Default.PaginatedRequestParams, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        return result.Deserialize(ProtocolJsonContext.Default.ListToolsResult)?.Tools ?? [];
    }

    /// <summary>Starts a conversation with the <c>codex</c> tool and waits for its result.</summary>
    /// <param name="parameters">The tool arguments.</param>
    /// <param name="onEvent">Receives this call's events as they arrive.</param>
    /// <param name="cancellationToken">Cancelling sends <c>notifications/cancelled</c>, which interrupts the turn.</param>
    public Task<CodexCallResult> CodexAsync(CodexToolCallParam parameters, Action<CodexEvent>? onEvent = null, CancellationToken cancellationToken = default) =>
        CallAsync(CodexToolCallParam.ToolName, JsonSerializer.SerializeToElement(parameters, ProtocolJsonContext.Default.CodexToolCallParam), onEvent, cancellationToken);

    /// <summary>Continues a conversation with the <c>codex-reply</c> tool.</summary>
    public Task<CodexCallResult> ReplyAsync(string conversationId, string prompt, Action<CodexEvent>? onEvent = null, CancellationToken cancellationToken = default) =>
        CallAsync(
            CodexToolCallReplyParam.ToolName,
            JsonSerializer.SerializeToElement(new CodexToolCallReplyParam { Prompt = prompt, ThreadId = conversationId, ConversationId = conversationId }, ProtocolJsonContext.Default.CodexToolCallReplyParam),
            onEvent,
            cancellationToken);

    /// <summary>Calls any tool with raw arguments and collects the events of that call.</summary>
    public async Task<CodexCallResult> CallAsync(string toolName, JsonElement? arguments, Action<CodexEvent>? onEvent = null, CancellationToken cancellationToken = default)
    {
        var events = new List<CodexEvent>();
        var call = new CallToolRequestParams { Name = toolName, Arguments = arguments };

        var gate = new object();
        void Collect(CodexEvent e)
        {
            lock (gate)
            {
                events.Add(e);
            }

            onEvent?.Invoke(e);
        }

        // Routing is registered when the id is assigned, before the request is written, so no
        // event of this call can arrive unrouted.
        var registration = new CallRegistration(this, Collect);
        try
        {
            var result = await _connection.SendRequestAsync(McpMethods.ToolsCall, call, ProtocolJsonContext.Default.CallToolRequestParams, Timeout.InfiniteTimeSpan, cancellationToken, registration.Bind).ConfigureAwait(false);
            var parsed = result.Deserialize(ProtocolJsonContext.Default.CallToolResult)
                ?? throw new JsonException("The server answered tools/call with an empty result.");
            lock (gate)
            {
                // A stable sort: events without a seq (older servers) keep their arrival order.
                return new CodexCallResult { Result = parsed, Events = [.. events.OrderBy(e => e.Meta.Seq ?? 0)] };
            }
        }
        finally
        {
            registration.Dispose();
        }
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        if (_process is not null)
        {
            try
            {
                _process.StandardInput.Close();
                using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
                await _process.WaitForExitAsync(wait.Token).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
            {
                try
                {
                    _process.Kill(entireProcessTree: true);
                }
                catch (InvalidOperationException)
                {
                    // Already gone.
                }
            }
        }

        // The connection stops its own read loop (which ends by itself once the server exited).
        await _connection.DisposeAsync().ConfigureAwait(false);
        try
        {
            await _runLoop.WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is TimeoutException or IOException)
        {
            // A stream that failed or never ended; nothing more to report on shutdown.
        }

        _process?.Dispose();
    }

    private async Task InitializeAsync(CancellationToken cancellationToken)
    {
        var parameters = new InitializeRequestParams
        {
            ProtocolVersion = _options.ProtocolVersion,
            ClientInfo = _options.ClientInfo,
            Capabilities = _options.ApprovalHandler is null
                ? new ClientCapabilities()
                : new ClientCapabilities { Elicitation = JsonSerializer.SerializeToElement(EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject) },
        };
        var result = await _connection.SendRequestAsync(McpMethods.Initialize, parameters, ProtocolJsonContext.Default.InitializeRequestParams, _options.RequestTimeout, cancellationToken).ConfigureAwait(false);
        Server = result.Deserialize(ProtocolJsonContext.Default.InitializeResult) ?? throw new JsonException("The server answered initialize with an empty result.");
        await _connection.SendNotificationAsync<EmptyObject>(McpMethods.Initialized, null, ProtocolJsonContext.Default.EmptyObject, cancellationToken).ConfigureAwait(false);
    }

    private ValueTask OnCodexEventAsync(JsonRpcNotification notification, CancellationToken cancellationToken)
    {
        if (notification.Params is not { } raw)
        {
            return ValueTask.CompletedTask;
        }

        var codexEvent = raw.Deserialize(ProtocolJsonContext.Default.CodexEvent);
        if (codexEvent is null)
        {
            return ValueTask.CompletedTask;
        }

        _options.OnEvent?.Invoke(codexEvent);
        if (_calls.TryGetValue(codexEvent.Meta.RequestId, out var route))
        {
            route(codexEvent);
        }

        return ValueTask.CompletedTask;
    }

    private async ValueTask<JsonRpcReply> OnElicitationAsync(JsonRpcRequest request, CancellationToken cancellationToken)
    {
        if (_options.ApprovalHandler is not { } handler)
        {
            return JsonRpcReply.Error(JsonRpcErrorCodes.MethodNotFound, "This client does not answer elicitations.");
        }

        var raw = request.Params ?? default;
        var kind = raw.ValueKind == JsonValueKind.Object && raw.TryGetProperty("codex_elicitation", out var k) && k.ValueKind == JsonValueKind.String ? k.GetString()! : string.Empty;
        var approval = new ApprovalRequest(
            kind,
            kind == CodexElicitationKinds.ExecApproval ? raw.Deserialize(ProtocolJsonContext.Default.ExecApprovalElicitRequestParams) : null,
            kind == CodexElicitationKinds.PatchApproval ? raw.Deserialize(ProtocolJsonContext.Default.PatchApprovalElicitRequestParams) : null,
            raw);
        var answer = await handler(approval, cancellationToken).ConfigureAwait(false);
        return JsonRpcReply.Result(answer, ProtocolJsonContext.Default.ApprovalAnswer);
    }

    /// <summary>Routes a call's events from the moment its id is assigned until it is answered.</summary>
    private sealed class CallRegistration(CodexMcpClient client, Action<CodexEvent> route) : IDisposable
    {
        private RequestId? _id;

        public void Bind(RequestId id)
        {
            _id = id;
            client._calls[id] = route;
        }

        public void Dispose()
        {
            if (_id is { } id)
            {
                client._calls.TryRemove(id, out _);
            }
        }
    }
}
