using System.Text.Json;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// An MCP client session with any server binary over stdio (see <see cref="ServerLocator"/>):
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

    private ConformanceHarness(StdioServerProcess server) => Server = server;

    /// <summary>The server process.</summary>
    public StdioServerProcess Server { get; }

    /// <summary>Notifications and server requests that arrived while waiting for responses.</summary>
    public IReadOnlyList<JsonElement> Notifications => _notifications;

    /// <summary>Starts the located server binary.</summary>
    public static ConformanceHarness Start(params string[] arguments) =>
        new(StdioServerProcess.Start(ServerLocator.ServerPath(), arguments));

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

    /// <inheritdoc />
    public ValueTask DisposeAsync() => Server.DisposeAsync();
}
