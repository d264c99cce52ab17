using System.Net;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Codex.Testing;

/// <summary>
/// A scripted OpenAI-compatible model on 127.0.0.1 (Kestrel, no logging). Serves <c>POST /v1/responses</c>
/// (Responses SSE) and <c>POST /v1/chat/completions</c> (Chat SSE) from a <see cref="ModelScript"/>, and
/// records every request. Any other path gets 404; a request the script has no reply for gets 500.
/// </summary>
public sealed class ScriptedModelServer : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly ModelScript _script;
    private readonly List<RecordedRequest> _requests = [];
    private readonly List<(int Count, TaskCompletionSource Done)> _waiters = [];
    private readonly Lock _gate = new();
    private int _disposed;

    private ScriptedModelServer(WebApplication app, ModelScript script)
    {
        _app = app;
        _script = script;
    }

    /// <summary>Base URL for a provider's <c>base_url</c>, e.g. <c>http://127.0.0.1:PORT/v1</c>.</summary>
    public Uri BaseUrl { get; private set; } = null!;

    /// <summary>The bound port.</summary>
    public int Port { get; private set; }

    /// <summary>A snapshot of the requests received so far, in arrival order.</summary>
    public IReadOnlyList<RecordedRequest> Requests
    {
        get
        {
            lock (_gate)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Starts a server on an ephemeral port.</summary>
    public static Task<ScriptedModelServer> StartAsync(ModelScript script, CancellationToken cancellationToken = default) =>
        StartAsync(script, 0, cancellationToken);

    /// <summary>Starts a server on <paramref name="port"/> (0 = ephemeral) of 127.0.0.1.</summary>
    public static async Task<ScriptedModelServer> StartAsync(ModelScript script, int port, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentOutOfRangeException.ThrowIfNegative(port);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(port, 65535);

        var builder = WebApplication.CreateEmptyBuilder(new WebApplicationOptions());
        builder.WebHost.UseKestrelCore().ConfigureKestrel(options => options.Listen(IPAddress.Loopback, port));
        builder.Services.AddSingleton<IHostLifetime, NoopHostLifetime>();
        var app = builder.Build();

        var server = new ScriptedModelServer(app, script);
        app.Run(server.HandleAsync);
        await app.StartAsync(cancellationToken).ConfigureAwait(false);

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()?.Addresses.FirstOrDefault()
            ?? throw new InvalidOperationException("Kestrel did not report the address it bound.");
        var bound = new Uri(address);
        server.Port = bound.Port;
        server.BaseUrl = new Uri($"http://127.0.0.1:{bound.Port}/v1");
        return server;
    }

    /// <summary>Completes once at least <paramref name="count"/> requests have arrived.</summary>
    public Task WaitForRequestsAsync(int count, CancellationToken cancellationToken)
    {
        TaskCompletionSource done;
        lock (_gate)
        {
            if (_requests.Count >= count)
            {
                return Task.CompletedTask;
            }

            done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            _waiters.Add((count, done));
        }

        return done.Task.WaitAsync(cancellationToken);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Streams that are still idling must not hold shutdown up.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(2));
        try
        {
            await _app.StopAsync(stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Shutdown timed out on open connections; disposing below closes them.
        }

        await _app.DisposeAsync().ConfigureAwait(false);
    }

    private async Task HandleAsync(HttpContext context)
    {
        var cancellationToken = context.RequestAborted;
        string body;
        using (var reader = new StreamReader(context.Request.Body, Encoding.UTF8))
        {
            body = await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false);
        }

        var request = Record(context, body);
        var path = request.Path;
        var isResponses = path.EndsWith("/responses", StringComparison.Ordinal);
        if (!HttpMethods.IsPost(request.Method) || (!isResponses && !request.IsChat))
        {
            await WriteJsonErrorAsync(context, StatusCodes.Status404NotFound, $"ScriptedModelServer: no route for {request.Method} {path}", "not_found").ConfigureAwait(false);
            return;
        }

        var reply = _script.Next(request);
        if (reply is null)
        {
            await WriteJsonErrorAsync(context, StatusCodes.Status500InternalServerError,
                $"ScriptedModelServer: the script has no reply left for request #{request.Index} ({request.Method} {path})", "script_exhausted").ConfigureAwait(false);
            return;
        }

        if (request.IsChat && ChatStreamWriter.Unsupported(reply) is { } problem)
        {
            await WriteJsonErrorAsync(context, StatusCodes.Status500InternalServerError, "ScriptedModelServer: " + problem, "script_error").ConfigureAwait(false);
            return;
        }

        var model = request.Json is { ValueKind: JsonValueKind.Object } json && json.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : "mock-model";
        var responseId = reply.ResponseId ?? $"resp_{request.Index + 1}";
        var sse = new SseResponse(context, reply);
        try
        {
            if (request.IsChat)
            {
                await ChatStreamWriter.WriteAsync(sse, reply, model, responseId, cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await ResponsesStreamWriter.WriteAsync(sse, reply, model, responseId, cancellationToken).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The client went away (e.g. its idle timeout fired); nothing left to send.
        }
        catch (IOException) when (cancellationToken.IsCancellationRequested)
        {
            // Same: the connection closed under a write.
        }
    }

    private RecordedRequest Record(HttpContext context, string body)
    {
        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (name, values) in context.Request.Headers)
        {
            headers[name] = values.ToString();
        }

        JsonElement? json = null;
        if (!string.IsNullOrWhiteSpace(body))
        {
            try
            {
                using var document = JsonDocument.Parse(body);
                json = document.RootElement.Clone();
            }
            catch (JsonException)
            {
                // Not JSON: the raw body is still recorded.
            }
        }

        lock (_gate)
        {
            var request = new RecordedRequest
            {
                Index = _requests.Count,
                Method = context.Request.Method,
                Path = context.Request.Path.Value ?? string.Empty,
                Query = context.Request.QueryString.Value ?? string.Empty,
                Headers = headers,
                Body = body,
                Json = json,
            };
            _requests.Add(request);
            for (var i = _waiters.Count - 1; i >= 0; i--)
            {
                if (_requests.Count >= _waiters[i].Count)
                {
                    _waiters[i].Done.TrySetResult();
                    _waiters.RemoveAt(i);
                }
            }

            return request;
        }
    }

    private static async Task WriteJsonErrorAsync(HttpContext context, int status, string message, string type)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "application/json";
        var payload = JsonSerializer.Serialize(new Dictionary<string, Dictionary<string, string>>
        {
            ["error"] = new() { ["message"] = message, ["type"] = type },
        });
        await context.Response.WriteAsync(payload, context.RequestAborted).ConfigureAwait(false);
    }
}
