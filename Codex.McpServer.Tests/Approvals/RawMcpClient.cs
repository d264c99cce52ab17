using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tests.Approvals;

/// <summary>
/// A bare JSON-RPC client for the server of an <see cref="E2eSession"/>, for answers the typed
/// client cannot give: any raw JSON result (the MCP-standard <c>{"action":…}</c>, the bare
/// <c>{"denied":{…}}</c>) or a JSON-RPC error.
/// </summary>
internal sealed class RawMcpClient : IAsyncDisposable
{
    private readonly Process _process;
    private readonly JsonRpcConnection _connection;
    private readonly Task _runLoop;
    private readonly ConcurrentQueue<JsonElement> _events = new();
    private readonly ConcurrentQueue<JsonElement> _elicitations = new();

    private RawMcpClient(Process process, Func<JsonElement, JsonRpcReply> answer)
    {
        _process = process;
        _connection = new JsonRpcConnection(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        _connection.AddNotificationHandler(CodexEvent.Method, (notification, _) =>
        {
            if (notification.Params is { } raw)
            {
                _events.Enqueue(raw.Clone());
            }

            return ValueTask.CompletedTask;
        });
        _connection.AddRequestHandler("elicitation/create", (request, _) =>
        {
            var parameters = request.Params?.Clone() ?? default;
            _elicitations.Enqueue(parameters);
            return ValueTask.FromResult(answer(parameters));
        });
        _runLoop = _connection.RunAsync();
    }

    /// <summary>Every <c>codex/event</c> params object received.</summary>
    public IReadOnlyList<JsonElement> Events => [.. _events];

    /// <summary>Every <c>elicitation/create</c> params object received.</summary>
    public IReadOnlyList<JsonElement> Elicitations => [.. _elicitations];

    /// <summary>The <c>msg.type</c> of every event, in order.</summary>
    public IReadOnlyList<string> EventTypes => [.. Events.Select(e => e.GetProperty("msg").GetProperty("type").GetString()!)];

    /// <summary>A reply whose result is the given JSON text.</summary>
    public static JsonRpcReply Result(string json)
    {
        using var document = JsonDocument.Parse(json);
        return JsonRpcReply.Result(document.RootElement.Clone(), ProtocolJsonContext.Default.JsonElement);
    }

    /// <summary>Starts the session's server and initializes it, declaring the elicitation capability or not.</summary>
    public static async Task<RawMcpClient> StartAsync(E2eSession session, Func<JsonElement, JsonRpcReply> answer, CancellationToken cancellationToken, bool declareElicitation = true)
    {
        var startInfo = session.ServerStartInfo();
        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ServerLocator.ServerPath()}.");
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        var client = new RawMcpClient(process, answer);
        var capabilities = declareElicitation ? """{"elicitation":{}}""" : "{}";
        await client.RequestAsync(
            "initialize",
            $$$"""{"protocolVersion":"2025-06-18","capabilities":{{{capabilities}}},"clientInfo":{"name":"raw-test-client","version":"0.1.0"}}""",
            cancellationToken);
        await client._connection.SendNotificationAsync("notifications/initialized", EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, cancellationToken);
        return client;
    }

    /// <summary>Calls the <c>codex</c> tool and returns the raw <c>tools/call</c> result.</summary>
    public Task<JsonElement> CodexAsync(JsonObject arguments, CancellationToken cancellationToken) =>
        RequestAsync("tools/call", new JsonObject { ["name"] = "codex", ["arguments"] = arguments }.ToJsonString(), cancellationToken);

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

    private Task<JsonElement> RequestAsync(string method, string parametersJson, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(parametersJson);
        return _connection.SendRequestAsync(method, document.RootElement.Clone(), ProtocolJsonContext.Default.JsonElement, Timeout.InfiniteTimeSpan, cancellationToken);
    }
}
