using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;
using Codex.McpServer.Tests.Infrastructure;

namespace Codex.McpServer.Tests.Turns;

/// <summary>
/// The server binary driven line by line, without the typed client: for what the client cannot
/// show (string request ids, the exact bytes on stdout, a response that must never come).
/// Runs with the same environment as <see cref="E2eSession.StartServerAsync"/>.
/// </summary>
internal sealed class RawServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly Channel<string> _incoming = Channel.CreateUnbounded<string>();
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task _reader;

    private RawServerProcess(Process process)
    {
        _process = process;
        _process.ErrorDataReceived += (_, e) =>
        {
            if (e.Data is not null)
            {
                _stderr.Enqueue(e.Data);
            }
        };
        _process.BeginErrorReadLine();
        _reader = Task.Run(ReadStdoutAsync);
    }

    /// <summary>Every line the server wrote to stdout so far, verbatim.</summary>
    public IReadOnlyList<string> StdoutLines => [.. _stdout];

    /// <summary>Every line the server wrote to stderr so far.</summary>
    public IReadOnlyList<string> StderrLines => [.. _stderr];

    public bool HasExited => _process.HasExited;

    /// <summary>The exit code, once exited.</summary>
    public int ExitCode => _process.ExitCode;

    /// <summary>Starts the server for <paramref name="session"/>'s CODEX_HOME and workspace.</summary>
    public static RawServerProcess Start(E2eSession session, IReadOnlyDictionary<string, string?>? environment = null, IReadOnlyList<string>? arguments = null)
    {
        var startInfo = session.ServerStartInfo(environment);
        foreach (var argument in arguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }

        return new RawServerProcess(Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {ServerLocator.ServerPath()}."));
    }

    /// <summary>Writes one JSON-RPC message (compact JSON, LF-terminated).</summary>
    public async Task SendAsync(string json, CancellationToken cancellationToken)
    {
        using var document = JsonDocument.Parse(json);
        await _process.StandardInput.WriteAsync((JsonSerializer.Serialize(document.RootElement) + "\n").AsMemory(), cancellationToken);
        await _process.StandardInput.FlushAsync(cancellationToken);
    }

    /// <summary>Sends <c>tools/call</c> with request id <paramref name="id"/> (a string or an integer node).</summary>
    public Task CallToolAsync(JsonNode id, string name, JsonObject arguments, CancellationToken cancellationToken) =>
        SendAsync(
            new JsonObject
            {
                ["jsonrpc"] = "2.0",
                ["id"] = id,
                ["method"] = "tools/call",
                ["params"] = new JsonObject { ["name"] = name, ["arguments"] = arguments },
            }.ToJsonString(),
            cancellationToken);

    /// <summary>Sends <c>initialize</c>, waits for its answer, then sends <c>notifications/initialized</c>.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await SendAsync("""{"jsonrpc":"2.0","id":"init","method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"raw-e2e","version":"1.0"}}}""", cancellationToken);
        await ReadUntilAsync(m => IsResponseTo(m, "\"init\""), cancellationToken);
        await SendAsync("""{"jsonrpc":"2.0","method":"notifications/initialized"}""", cancellationToken);
    }

    /// <summary>Reads messages until one matches; returns it. Every line stays in <see cref="StdoutLines"/>.</summary>
    public async Task<JsonElement> ReadUntilAsync(Func<JsonElement, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            string line;
            try
            {
                line = await _incoming.Reader.ReadAsync(cancellationToken);
            }
            catch (ChannelClosedException)
            {
                throw new IOException($"The server closed stdout before the expected message. Stdout so far:\n{string.Join('\n', _stdout)}");
            }

            var message = Parse(line);
            if (match(message))
            {
                return message;
            }
        }
    }

    /// <summary>Parses one stdout line.</summary>
    public static JsonElement Parse(string line)
    {
        using var document = JsonDocument.Parse(line);
        return document.RootElement.Clone();
    }

    /// <summary>Whether <paramref name="message"/> is a response (result or error) whose id is exactly <paramref name="rawId"/> (JSON text, e.g. <c>7</c> or <c>"a"</c>).</summary>
    public static bool IsResponseTo(JsonElement message, string rawId) =>
        !message.TryGetProperty("method", out _)
        && message.TryGetProperty("id", out var id)
        && id.GetRawText() == rawId;

    /// <summary>Whether <paramref name="message"/> is a <c>codex/event</c> whose <c>msg.type</c> is <paramref name="type"/>.</summary>
    public static bool IsEvent(JsonElement message, string type) =>
        message.TryGetProperty("method", out var method) && method.GetString() == "codex/event"
        && message.GetProperty("params").GetProperty("msg").GetProperty("type").GetString() == type;

    /// <summary>Closes stdin and waits for the process to exit; returns whether it did within <paramref name="limit"/>.</summary>
    public async Task<bool> CloseInputAndWaitAsync(TimeSpan limit)
    {
        _process.StandardInput.Close();
        using var deadline = new CancellationTokenSource(limit);
        try
        {
            await _process.WaitForExitAsync(deadline.Token);
            await _reader.WaitAsync(deadline.Token);
            return true;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited && !await CloseInputAndWaitAsync(TimeSpan.FromSeconds(5)))
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        await _reader;
        _process.Dispose();
    }

    private async Task ReadStdoutAsync()
    {
        try
        {
            while (await _process.StandardOutput.ReadLineAsync() is { } line)
            {
                _stdout.Enqueue(line);
                _incoming.Writer.TryWrite(line);
            }
        }
        finally
        {
            _incoming.Writer.TryComplete();
        }
    }
}
