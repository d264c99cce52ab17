using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tests.LongTurns;

/// <summary>
/// A bare JSON-RPC client of the real server for the long-turn tools: any tool, any method, and a
/// record of <c>codex/event</c>, <c>elicitation/create</c> and <c>notifications/tasks/status</c>.
/// Elicitations are answered by the given function (or with a JSON-RPC error when it returns null).
/// </summary>
internal sealed class LongTurnClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly JsonRpcConnection _connection;
    private readonly Task _runLoop;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly ConcurrentQueue<JsonElement> _elicitations = new();
    private readonly ConcurrentQueue<JsonElement> _taskStatuses = new();
    private readonly ConcurrentQueue<string> _transcript = new();

    private LongTurnClient(Process process, Func<JsonElement, JsonRpcReply?> answer)
    {
        _process = process;
        _connection = new JsonRpcConnection(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        _connection.AddNotificationHandler(CodexEvent.Method, (notification, _) =>
        {
            _events.Enqueue(notification.Params?.Clone() ?? default);
            return ValueTask.CompletedTask;
        });
        _connection.AddNotificationHandler("notifications/tasks/status", (notification, _) =>
        {
            var status = notification.Params?.Clone() ?? default;
            _taskStatuses.Enqueue(status);
            _transcript.Enqueue($"<- notifications/tasks/status {status.GetRawText()}");
            return ValueTask.CompletedTask;
        });
        _connection.AddRequestHandler("elicitation/create", (request, _) =>
        {
            var parameters = request.Params?.Clone() ?? default;
            _elicitations.Enqueue(parameters);
            _transcript.Enqueue($"<- elicitation/create {parameters.GetRawText()}");
            return ValueTask.FromResult(answer(parameters) ?? JsonRpcReply.Error(JsonRpcErrorCodes.MethodNotFound, "this client does not answer elicitations"));
        });
        _runLoop = _connection.RunAsync();
    }

    public IReadOnlyList<JsonElement> Events => [.. _events];

    public IReadOnlyList<JsonElement> Elicitations => [.. _elicitations];

    public IReadOnlyList<JsonElement> TaskStatuses => [.. _taskStatuses];

    /// <summary>Every request and answer, one line each, for a transcript in the test output.</summary>
    public IReadOnlyList<string> Transcript => [.. _transcript];

    /// <summary>Starts the session's server and initializes it with the given capabilities JSON.</summary>
    public static async Task<LongTurnClient> StartAsync(E2eSession session, string capabilities, CancellationToken cancellationToken, Func<JsonElement, JsonRpcReply?>? answer = null)
    {
        var process = Process.Start(session.ServerStartInfo()) ?? throw new InvalidOperationException($"Could not start {ServerLocator.ServerPath()}.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var client = new LongTurnClient(process, answer ?? (_ => null));
        await client.RequestAsync(
            "initialize",
            JsonNode.Parse($$$"""{"protocolVersion":"2025-11-25","capabilities":{{{capabilities}}},"clientInfo":{"name":"long-turn-test","version":"0.1.0"}}""")!.AsObject(),
            cancellationToken);
        await client._connection.SendNotificationAsync("notifications/initialized", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, cancellationToken);
        return client;
    }

    /// <summary>A reply whose result is the given JSON text.</summary>
    public static JsonRpcReply Result(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonRpcReply.Result(document.RootElement.Clone(), ProtocolJsonContext.Default.JsonElement);
    }

    /// <summary>Calls a tool and returns the raw result.</summary>
    public Task<JsonElement> CallToolAsync(string name, JsonObject arguments, CancellationToken cancellationToken) =>
        RequestAsync("tools/call", new JsonObject { ["name"] = name, ["arguments"] = arguments }, cancellationToken);

    /// <summary>Sends any request and returns its raw result.</summary>
    public async Task<JsonElement> RequestAsync(string method, JsonObject parameters, CancellationToken cancellationToken)
    {
        _transcript.Enqueue($"-> {method} {Shorten(parameters.ToJsonString())}");
        using var document = JsonDocument.Parse(parameters.ToJsonString());
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

        await _runLoop.WaitAsync(TimeSpan.FromSeconds(5));
        await _connection.DisposeAsync();
        _process.Dispose();
    }

    private static string Shorten(string text) => text.Length <= 400 ? text : text[..397] + "...";
}
