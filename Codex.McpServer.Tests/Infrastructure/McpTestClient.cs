using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tests.Infrastructure;

/// <summary>
/// A bare JSON-RPC client of the real server of an <see cref="E2eSession"/>, for what the typed client
/// cannot do: any method and tool, any raw answer to the server's requests (<c>elicitation/create</c>,
/// <c>sampling/createMessage</c>) or a JSON-RPC error, and a record of every notification with the time
/// it arrived, plus a transcript for the test output.
/// </summary>
internal sealed class McpTestClient : IAsyncDisposable
{
    private static readonly string[] NotificationMethods =
    [
        CodexEvent.Method, McpMethods.ResourcesUpdated, McpMethods.ResourcesListChanged, McpMethods.ToolsListChanged, "notifications/tasks/status",
    ];

    private readonly Process _process;
    private readonly JsonRpcConnection _connection;
    private readonly Task _runLoop;
    private readonly ConcurrentQueue<(string Method, JsonElement Params, long At)> _notifications = new();
    private readonly ConcurrentQueue<JsonElement> _elicitations = new();
    private readonly ConcurrentQueue<string> _transcript = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private McpTestClient(Process process, Func<JsonElement, JsonRpcReply?>? elicitation, Func<JsonElement, JsonRpcReply>? sampling)
    {
        _process = process;
        _connection = new JsonRpcConnection(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        foreach (var method in NotificationMethods)
        {
            _connection.AddNotificationHandler(method, (notification, _) =>
            {
                var parameters = notification.Params?.Clone() ?? default;
                _notifications.Enqueue((method, parameters, Stopwatch.GetTimestamp()));
                if (method != CodexEvent.Method)
                {
                    _transcript.Enqueue($"<- {method} {Shorten(parameters.GetRawText())}");
                }

                return ValueTask.CompletedTask;
            });
        }

        _connection.AddRequestHandler(McpMethods.ElicitationCreate, (request, _) =>
        {
            var parameters = request.Params?.Clone() ?? default;
            _elicitations.Enqueue(parameters);
            _transcript.Enqueue($"<- elicitation/create {parameters.GetRawText()}");
            return ValueTask.FromResult(elicitation?.Invoke(parameters) ?? JsonRpcReply.Error(JsonRpcErrorCodes.MethodNotFound, "this client does not answer elicitations"));
        });
        if (sampling is not null)
        {
            _connection.AddRequestHandler("sampling/createMessage", (request, _) => ValueTask.FromResult(sampling(request.Params?.Clone() ?? default)));
        }

        _runLoop = _connection.RunAsync();
    }

    /// <summary>Every notification so far: method, params, and <see cref="Stopwatch.GetTimestamp"/> at arrival.</summary>
    public IReadOnlyList<(string Method, JsonElement Params, long At)> Notifications => [.. _notifications];

    /// <summary>Every <c>codex/event</c> params object received.</summary>
    public IReadOnlyList<JsonElement> Events => Of(CodexEvent.Method);

    /// <summary>The <c>msg.type</c> of every event, in order.</summary>
    public IReadOnlyList<string> EventTypes => [.. Events.Select(e => e.GetProperty("msg").GetProperty("type").GetString()!)];

    /// <summary>Every <c>notifications/tasks/status</c> params object received.</summary>
    public IReadOnlyList<JsonElement> TaskStatuses => Of("notifications/tasks/status");

    /// <summary>Every <c>elicitation/create</c> params object received.</summary>
    public IReadOnlyList<JsonElement> Elicitations => [.. _elicitations];

    /// <summary>Every request and answer, one line each, for a transcript in the test output.</summary>
    public IReadOnlyList<string> Transcript => [.. _transcript];

    /// <summary>The server's stderr so far.</summary>
    public string Stderr => string.Join('\n', _stderr);

    /// <summary>The <c>initialize</c> result.</summary>
    public JsonElement Initialize { get; private set; }

    /// <summary>
    /// Starts the session's server (with extra <paramref name="arguments"/>) and initializes it with the given
    /// client capabilities. Elicitations are answered by <paramref name="elicitation"/>, or with a JSON-RPC error
    /// when it is absent or returns null; sampling requests by <paramref name="sampling"/>, when given.
    /// </summary>
    public static async Task<McpTestClient> StartAsync(
        E2eSession session,
        CancellationToken cancellationToken,
        string capabilities = "{}",
        Func<JsonElement, JsonRpcReply?>? elicitation = null,
        Func<JsonElement, JsonRpcReply>? sampling = null,
        IReadOnlyList<string>? arguments = null,
        string protocolVersion = "2025-11-25")
    {
        var startInfo = session.ServerStartInfo();
        foreach (var argument in arguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ServerLocator.ServerPath()}.");
        var client = new McpTestClient(process, elicitation, sampling);
        process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is { } line)
            {
                client._stderr.Enqueue(line);
            }
        };
        process.BeginErrorReadLine();
        client.Initialize = await client.RequestAsync(
            "initialize",
            new JsonObject
            {
                ["protocolVersion"] = protocolVersion,
                ["capabilities"] = JsonNode.Parse(capabilities),
                ["clientInfo"] = new JsonObject { ["name"] = "codex-test-client", ["version"] = "0.1.0" },
            },
            cancellationToken);
        await client._connection.SendNotificationAsync(McpMethods.Initialized, EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, cancellationToken);
        return client;
    }

    /// <summary>A reply whose result is the given JSON text.</summary>
    public static JsonRpcReply Result(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonRpcReply.Result(document.RootElement.Clone(), ProtocolJsonContext.Default.JsonElement);
    }

    /// <summary>Sends a request and returns its raw result; a JSON-RPC error throws <see cref="JsonRpcException"/>.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        var json = (parameters ?? new JsonObject()).ToJsonString();
        _transcript.Enqueue($"-> {method} {Shorten(json)}");
        using var document = JsonDocument.Parse(json);
        var element = document.RootElement.Clone();
        try
        {
            var result = await _connection.SendRequestAsync(method, element, ProtocolJsonContext.Default.JsonElement, Timeout.InfiniteTimeSpan, cancellationToken);
            _transcript.Enqueue($"<- {Shorten(result.GetRawText())}");
            return result;
        }
        catch (JsonRpcException ex)
        {
            _transcript.Enqueue($"<- error {ex.Code}: {ex.Message}");
            throw;
        }
    }

    /// <summary>Sends a request that must fail, and returns the error.</summary>
    public async Task<JsonRpcException> RequestErrorAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        try
        {
            var result = await RequestAsync(method, parameters, cancellationToken);
            Assert.Fail($"{method} succeeded with {result.GetRawText()}");
            throw new UnreachableException();
        }
        catch (JsonRpcException ex)
        {
            return ex;
        }
    }

    /// <summary>Calls a tool and returns the raw result.</summary>
    public Task<JsonElement> CallToolAsync(string name, JsonObject arguments, CancellationToken cancellationToken) =>
        RequestAsync("tools/call", new JsonObject { ["name"] = name, ["arguments"] = arguments }, cancellationToken);

    /// <summary>Calls the <c>codex</c> tool and returns the raw result.</summary>
    public Task<JsonElement> CodexAsync(JsonObject arguments, CancellationToken cancellationToken) => CallToolAsync("codex", arguments, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        try
        {
            _process.StandardInput.Close();
            using var wait = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await _process.WaitForExitAsync(wait.Token);
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or IOException)
        {
            _process.Kill(entireProcessTree: true);
        }

        // The server is gone, so the read loop ends at the end of its output; only then is the
        // connection disposed (completing the reader under a running loop makes it throw).
        await _runLoop.WaitAsync(TimeSpan.FromSeconds(5));
        await _connection.DisposeAsync();
        _process.Dispose();
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..397] + "...";

    private IReadOnlyList<JsonElement> Of(string method) => [.. _notifications.Where(n => n.Method == method).Select(n => n.Params)];
}
