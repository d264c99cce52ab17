using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;

namespace Codex.McpServer.Tests.Surface;

/// <summary>
/// A bare JSON-RPC client for the server of an <see cref="E2eSession"/> that records every
/// notification with the time it arrived, and answers the server's requests
/// (<c>sampling/createMessage</c>, <c>elicitation/create</c>) with the given handlers.
/// </summary>
internal sealed class SurfaceClient : IAsyncDisposable
{
    private static readonly string[] NotificationMethods =
    [
        CodexEvent.Method, McpMethods.ResourcesUpdated, McpMethods.ResourcesListChanged, McpMethods.ToolsListChanged,
    ];

    private readonly Process _process;
    private readonly JsonRpcConnection _connection;
    private readonly Task _runLoop;
    private readonly ConcurrentQueue<(string Method, JsonElement Params, long At)> _notifications = new();
    private readonly ConcurrentQueue<string> _stderr = new();

    private SurfaceClient(Process process, Func<JsonElement, JsonRpcReply>? sampling, Func<JsonElement, JsonRpcReply>? elicitation)
    {
        _process = process;
        _connection = new JsonRpcConnection(process.StandardOutput.BaseStream, process.StandardInput.BaseStream);
        foreach (var method in NotificationMethods)
        {
            _connection.AddNotificationHandler(method, (notification, _) =>
            {
                _notifications.Enqueue((method, notification.Params?.Clone() ?? default, Stopwatch.GetTimestamp()));
                return ValueTask.CompletedTask;
            });
        }

        if (sampling is not null)
        {
            _connection.AddRequestHandler("sampling/createMessage", (request, _) => ValueTask.FromResult(sampling(request.Params?.Clone() ?? default)));
        }

        if (elicitation is not null)
        {
            _connection.AddRequestHandler(McpMethods.ElicitationCreate, (request, _) => ValueTask.FromResult(elicitation(request.Params?.Clone() ?? default)));
        }

        _runLoop = _connection.RunAsync();
    }

    /// <summary>Every notification so far: method, params, and <see cref="Stopwatch.GetTimestamp"/> at arrival.</summary>
    public IReadOnlyList<(string Method, JsonElement Params, long At)> Notifications => [.. _notifications];

    /// <summary>The server's stderr so far.</summary>
    public string Stderr => string.Join('\n', _stderr);

    /// <summary>The <c>initialize</c> result.</summary>
    public JsonElement Initialize { get; private set; }

    /// <summary>Starts the session's server and initializes it with the given client capabilities.</summary>
    public static async Task<SurfaceClient> StartAsync(
        E2eSession session,
        CancellationToken cancellationToken,
        string capabilitiesJson = "{}",
        Func<JsonElement, JsonRpcReply>? sampling = null,
        Func<JsonElement, JsonRpcReply>? elicitation = null,
        IReadOnlyList<string>? arguments = null)
    {
        var startInfo = session.ServerStartInfo();
        foreach (var argument in arguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }

        var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ServerLocator.ServerPath()}.");
        var client = new SurfaceClient(process, sampling, elicitation);
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
                ["protocolVersion"] = "2025-11-25",
                ["capabilities"] = JsonNode.Parse(capabilitiesJson),
                ["clientInfo"] = new JsonObject { ["name"] = "surface-test-client", ["version"] = "0.1.0" },
            },
            cancellationToken);
        await client._connection.SendNotificationAsync(McpMethods.Initialized, EmptyObject.Instance, ProtocolJsonContext.Default.EmptyObject, cancellationToken);
        return client;
    }

    /// <summary>Sends a request and returns its result; a JSON-RPC error throws <see cref="JsonRpcException"/>.</summary>
    public Task<JsonElement> RequestAsync(string method, JsonNode? parameters, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse((parameters ?? new JsonObject()).ToJsonString());
        var element = document.RootElement.Clone();
        return _connection.SendRequestAsync(method, element, ProtocolJsonContext.Default.JsonElement, Timeout.InfiniteTimeSpan, cancellationToken);
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
}
