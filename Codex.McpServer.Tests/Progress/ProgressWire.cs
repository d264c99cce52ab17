using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.McpServer.Tests.Turns;

namespace Codex.McpServer.Tests.Progress;

/// <summary>
/// The server binary on raw stdio, for progress: a <c>tools/call</c> with <c>_meta.progressToken</c>,
/// and every message the server writes, in wire order, with the time it arrived. Server requests
/// (<c>elicitation/create</c>) are answered by a callback.
/// </summary>
internal sealed class ProgressWire : IAsyncDisposable
{
    private readonly RawServerProcess _raw;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private readonly List<WireMessage> _messages = [];

    // Stdout lines before the first call (the answer to initialize).
    private readonly int _baseline;

    private ProgressWire(RawServerProcess raw)
    {
        _raw = raw;
        _baseline = raw.StdoutLines.Count;
    }

    /// <summary>Everything the server wrote since <see cref="StartAsync"/> returned, in order.</summary>
    public IReadOnlyList<WireMessage> Messages => _messages;

    public static async Task<ProgressWire> StartAsync(E2eSession session, bool elicitation, CancellationToken cancellationToken, IReadOnlyList<string>? arguments = null)
    {
        var raw = RawServerProcess.Start(session, arguments: arguments);
        var capabilities = elicitation ? """{"elicitation":{}}""" : "{}";
        await raw.SendAsync(
            """{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-11-25","capabilities":""" + capabilities + ""","clientInfo":{"name":"progress-e2e","version":"1.0"}}}""",
            cancellationToken);
        await raw.ReadUntilAsync(m => RawServerProcess.IsResponseTo(m, "\"init\""), cancellationToken);
        await raw.SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", cancellationToken);
        return new ProgressWire(raw);
    }

    /// <summary>
    /// Calls <paramref name="tool"/> with request id <paramref name="id"/> and, unless null, the
    /// progress token <paramref name="token"/>; reads until the response, answering server requests
    /// with <paramref name="answer"/> (their <c>result</c>). Returns the response.
    /// </summary>
    public async Task<JsonElement> CallAsync(JsonNode id, JsonNode? token, string tool, JsonObject arguments, CancellationToken cancellationToken, Func<JsonElement, JsonNode>? answer = null)
    {
        var parameters = new JsonObject { ["name"] = tool, ["arguments"] = arguments };
        if (token is not null)
        {
            parameters["_meta"] = new JsonObject { ["progressToken"] = token };
        }

        var rawId = id.ToJsonString();
        await _raw.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = id, ["method"] = "tools/call", ["params"] = parameters }.ToJsonString(), cancellationToken);
        while (true)
        {
            var message = await _raw.ReadUntilAsync(
                m =>
                {
                    _messages.Add(new WireMessage(_clock.Elapsed, m));
                    return RawServerProcess.IsResponseTo(m, rawId) || (m.TryGetProperty("method", out _) && m.TryGetProperty("id", out _));
                },
                cancellationToken);
            if (!message.TryGetProperty("method", out _))
            {
                return message;
            }

            var result = answer?.Invoke(message) ?? throw new InvalidOperationException($"Unexpected server request {message.GetRawText()}");
            await _raw.SendAsync(new JsonObject { ["jsonrpc"] = "2.0", ["id"] = JsonNode.Parse(message.GetProperty("id").GetRawText()), ["result"] = result }.ToJsonString(), cancellationToken);
        }
    }

    /// <summary>
    /// Waits <paramref name="wait"/>, then returns what the server wrote after the last message
    /// read (for a finished call: nothing of that call may come after its response).
    /// </summary>
    public async Task<IReadOnlyList<JsonElement>> LaterMessagesAsync(TimeSpan wait)
    {
        await Task.Delay(wait);
        return [.. _raw.StdoutLines.Skip(_baseline + _messages.Count).Select(RawServerProcess.Parse)];
    }

    /// <summary>The <c>notifications/progress</c> params among <paramref name="messages"/>, with arrival times.</summary>
    public static IReadOnlyList<(TimeSpan At, JsonElement Params)> Progress(IEnumerable<WireMessage> messages) =>
        [.. messages.Where(m => Method(m.Message) == "notifications/progress").Select(m => (m.At, m.Message.GetProperty("params")))];

    /// <summary>The <c>codex/event</c> params among <paramref name="messages"/>.</summary>
    public static IReadOnlyList<JsonElement> Events(IEnumerable<WireMessage> messages) =>
        [.. messages.Where(m => Method(m.Message) == "codex/event").Select(m => m.Message.GetProperty("params"))];

    public static string? Method(JsonElement message) =>
        message.TryGetProperty("method", out var method) ? method.GetString() : null;

    public async ValueTask DisposeAsync() => await _raw.DisposeAsync();
}

/// <summary>One message from the server and when it arrived.</summary>
internal sealed record WireMessage(TimeSpan At, JsonElement Message);
