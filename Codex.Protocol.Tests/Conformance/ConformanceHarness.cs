using System.Text.Json;
using Codex.Protocol.Tests.Interop;
using Codex.Testing;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// An MCP client session with any server over stdio (<see cref="ServerLocator.ServerCommand"/>:
/// <c>CODEX_MCP_SERVER_CMD</c>, or our binary), whose fresh CODEX_HOME/config.toml points it at a
/// scripted model, as a user points a server at any OpenAI-compatible endpoint:
/// numbered requests, matching of responses by id (keeping the id's JSON type), notifications
/// kept aside, and <see cref="FinishAsync"/> to close stdin and check that the server exited with 0
/// and wrote nothing but JSON-RPC on stdout.
/// </summary>
public sealed class ConformanceHarness : IAsyncDisposable
{
    /// <summary>How long any single read waits.</summary>
    public static readonly TimeSpan ReadTimeout = TimeSpan.FromSeconds(15);

    private readonly List<JsonElement> _notifications = [];
    private long _nextId = 1;

    private readonly ScriptedModelServer? _ownModel;

    private ConformanceHarness(StdioServerProcess server, ScriptedModelServer? ownModel)
    {
        Server = server;
        _ownModel = ownModel;
    }

    /// <summary>The server process.</summary>
    public StdioServerProcess Server { get; }

    /// <summary>Notifications and server requests that arrived while waiting for responses.</summary>
    public IReadOnlyList<JsonElement> Notifications => _notifications;

    /// <summary>The scripted model this harness's server talks to (its own, or the shared one).</summary>
    public ScriptedModelServer? Model => _ownModel ?? ConformanceModel.Shared;

    /// <summary>Starts the located server, configured for the shared scripted model (every request: "ok").</summary>
    public static ConformanceHarness Start(params string[] arguments) =>
        new(StartServer(ConformanceModel.Shared?.BaseUrl, arguments), null);

    /// <summary>Starts the located server with a scripted model of its own playing <paramref name="script"/>.</summary>
    public static async Task<ConformanceHarness> StartAsync(ModelScript script, CancellationToken cancellationToken, params string[] arguments)
    {
        var model = await ScriptedModelServer.StartAsync(script, cancellationToken);
        try
        {
            return new ConformanceHarness(StartServer(model.BaseUrl, arguments), model);
        }
        catch
        {
            await model.DisposeAsync();
            throw;
        }
    }

    private static StdioServerProcess StartServer(Uri? modelUrl, string[] arguments)
    {
        var command = ServerLocator.ServerCommand();
        return StdioServerProcess.Start(command.FileName, [.. command.Arguments, .. arguments], configToml: modelUrl is null ? null : ScriptedConfig.Toml(modelUrl));
    }

    /// <summary>Sends a request with the next integer id and returns its response (the whole message).</summary>
    public Task<JsonElement> RequestAsync(string method, string? paramsJson = null, CancellationToken cancellationToken = default) =>
        RequestWithIdAsync(_nextId++.ToString(System.Globalization.CultureInfo.InvariantCulture), method, paramsJson, cancellationToken);

    /// <summary>Sends a request with the given id (raw JSON: <c>7</c> or <c>"abc"</c>) and returns its response.</summary>
    public async Task<JsonElement> RequestWithIdAsync(string idJson, string method, string? paramsJson = null, CancellationToken cancellationToken = default)
    {
        var parameters = paramsJson is null ? string.Empty : $",\"params\":{paramsJson}";
        await Server.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{idJson},\"method\":{JsonSerializer.Serialize(method)}{parameters}}}", cancellationToken);
        return await ReadResponseAsync(idJson, cancellationToken);
    }

    /// <summary>Sends a notification.</summary>
    public Task NotifyAsync(string method, string? paramsJson = null, CancellationToken cancellationToken = default)
    {
        var parameters = paramsJson is null ? string.Empty : $",\"params\":{paramsJson}";
        return Server.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"method\":{JsonSerializer.Serialize(method)}{parameters}}}", cancellationToken);
    }

    /// <summary>Reads until the response whose id is <paramref name="idJson"/> (compared with its JSON type).</summary>
    public async Task<JsonElement> ReadResponseAsync(string idJson, CancellationToken cancellationToken = default)
    {
        using var expected = JsonDocument.Parse(idJson);
        while (true)
        {
            var message = await Server.ReadMessageAsync(ReadTimeout, cancellationToken);
            if (message.TryGetProperty("method", out _))
            {
                _notifications.Add(message);
                continue;
            }

            if (message.TryGetProperty("id", out var id) && id.ValueKind == expected.RootElement.ValueKind && id.GetRawText() == expected.RootElement.GetRawText())
            {
                return message;
            }

            throw new InvalidOperationException($"Expected the response to id {idJson}, got {message.GetRawText()}.{Server.Diagnostics()}");
        }
    }

    /// <summary>Sends <c>initialize</c> and returns its response.</summary>
    public Task<JsonElement> InitializeAsync(string protocolVersion = "2025-06-18", string clientName = "conformance-client", string clientVersion = "9.8.7", CancellationToken cancellationToken = default) =>
        RequestAsync("initialize", $$$"""{"protocolVersion":{{{JsonSerializer.Serialize(protocolVersion)}}},"capabilities":{"elicitation":{}},"clientInfo":{"name":{{{JsonSerializer.Serialize(clientName)}}},"version":{{{JsonSerializer.Serialize(clientVersion)}}}}}""", cancellationToken);

    /// <summary>Sends <c>tools/call</c> and returns the response's <c>result</c>.</summary>
    public async Task<JsonElement> CallToolAsync(string name, string? argumentsJson, CancellationToken cancellationToken = default)
    {
        var arguments = argumentsJson is null ? string.Empty : $",\"arguments\":{argumentsJson}";
        var response = await RequestAsync("tools/call", $"{{\"name\":{JsonSerializer.Serialize(name)}{arguments}}}", cancellationToken);
        return response.TryGetProperty("result", out var result)
            ? result
            : throw new InvalidOperationException($"tools/call {name} got no result: {response.GetRawText()}");
    }

    /// <summary>Pings and checks the answer is <c>{}</c>.</summary>
    public async Task AssertAliveAsync(CancellationToken cancellationToken = default)
    {
        var pong = await RequestAsync("ping", null, cancellationToken);
        Assert.That(pong.GetProperty("result").GetRawText(), Is.EqualTo("{}"), "ping must still be answered with {}");
    }

    /// <summary>
    /// Closes stdin and checks that the server exits with 0 (within <paramref name="within"/> when
    /// given; it is killed after 10 s regardless) and that every stdout line was a JSON-RPC message.
    /// Returns the time from EOF to exit.
    /// </summary>
    public async Task<TimeSpan> FinishAsync(TimeSpan? within = null)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        Server.CloseStdin();
        var exitCode = await Server.WaitForExitAsync(TimeSpan.FromSeconds(10));
        var elapsed = stopwatch.Elapsed;
        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero, $"exit code after stdin EOF{Server.Diagnostics()}");
            if (within is { } limit)
            {
                Assert.That(elapsed, Is.LessThan(limit), $"time from stdin EOF to exit{Server.Diagnostics()}");
            }

            Assert.That(Server.ProtocolViolations, Is.Empty, "stdout must carry only JSON-RPC messages");
        }

        return elapsed;
    }

    /// <summary>
    /// Calls a tool and waits for its response, answering each <c>elicitation/create</c> on the way
    /// with <paramref name="answer"/>'s JSON result (null: an error reply). Returns the response's
    /// result and the elicitations' params.
    /// </summary>
    public async Task<(JsonElement Result, IReadOnlyList<JsonElement> Elicitations)> CallToolAnsweringAsync(string name, string argumentsJson, Func<JsonElement, string?> answer, CancellationToken cancellationToken)
    {
        var idJson = _nextId++.ToString(System.Globalization.CultureInfo.InvariantCulture);
        await Server.SendLineAsync($"{{\"jsonrpc\":\"2.0\",\"id\":{idJson},\"method\":\"tools/call\",\"params\":{{\"name\":{JsonSerializer.Serialize(name)},\"arguments\":{argumentsJson}}}}}", cancellationToken);
        var elicitations = new List<JsonElement>();
        while (true)
        {
            var message = await Server.ReadMessageAsync(TurnTimeout, cancellationToken);
            if (message.TryGetProperty("method", out var method))
            {
                _notifications.Add(message);
                if (method.GetString() == "elicitation/create" && message.TryGetProperty("id", out var requestId))
                {
                    var parameters = message.GetProperty("params");
                    elicitations.Add(parameters);
                    var result = answer(parameters);
                    await Server.SendLineAsync(result is null
                        ? $"{{\"jsonrpc\":\"2.0\",\"id\":{requestId.GetRawText()},\"error\":{{\"code\":-32000,\"message\":\"the client could not ask\"}}}}"
                        : $"{{\"jsonrpc\":\"2.0\",\"id\":{requestId.GetRawText()},\"result\":{result}}}", cancellationToken);
                }

                continue;
            }

            if (message.TryGetProperty("id", out var id) && id.GetRawText() == idJson)
            {
                return (message.TryGetProperty("result", out var result) ? result : throw new InvalidOperationException($"tools/call {name} failed: {message.GetRawText()}"), elicitations);
            }

            throw new InvalidOperationException($"Expected the response to id {idJson}, got {message.GetRawText()}.{Server.Diagnostics()}");
        }
    }

    /// <summary>How long a turn's next message may take.</summary>
    public static readonly TimeSpan TurnTimeout = TimeSpan.FromSeconds(60);

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await Server.DisposeAsync();
        if (_ownModel is not null)
        {
            await _ownModel.DisposeAsync();
        }
    }
}
