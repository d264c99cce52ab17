using System.Diagnostics;
using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Engine.Tools;
using Codex.Protocol;
using ModelContextProtocol;

namespace Codex.Engine.McpClients;

/// <summary>
/// What the three resource tools share: the servers that have resources, argument reading, and the
/// <c>mcp_tool_call_begin</c>/<c>_end</c> pair around each call (server <c>codex</c> when none is named).
/// </summary>
internal abstract class McpResourceTool(IReadOnlyList<McpServerSession> sessions) : IToolHandler
{
    public abstract string Name { get; }

    public abstract JsonElement Definition { get; }

    protected IReadOnlyList<McpServerSession> Sessions { get; } = sessions;

    public async Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        Dictionary<string, string> arguments;
        try
        {
            arguments = ReadArguments(call.Arguments ?? call.Input);
        }
        catch (JsonException ex)
        {
            return ToolDefinitions.ArgumentError(ex.Message);
        }

        var invocation = new McpInvocation
        {
            Server = arguments.GetValueOrDefault("server") ?? "codex",
            Tool = Name,
            Arguments = string.IsNullOrWhiteSpace(call.Arguments) ? null : JsonDocument.Parse(call.Arguments).RootElement.Clone(),
        };
        context.Emit(new McpToolCallBeginEvent { CallId = call.CallId, Invocation = invocation });
        var clock = Stopwatch.StartNew();
        try
        {
            var output = await RunAsync(arguments, cancellationToken).ConfigureAwait(false);
            context.Emit(new McpToolCallEndEvent
            {
                CallId = call.CallId,
                Invocation = invocation,
                Duration = Protocol.Duration.FromTimeSpan(clock.Elapsed),
                Result = McpJson.Build(w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("Ok");
                    w.WriteStartArray("content");
                    w.WriteStartObject();
                    w.WriteString("type", "text");
                    w.WriteString("text", output);
                    w.WriteEndObject();
                    w.WriteEndArray();
                    w.WriteEndObject();
                    w.WriteEndObject();
                }),
            });
            return output;
        }
        catch (Exception ex) when (ex is ArgumentException or McpException or IOException or TimeoutException || (ex is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            return McpCallOutcome.Failed(context, call.CallId, invocation, clock.Elapsed, ex.Message);
        }
    }

    protected abstract Task<string> RunAsync(IReadOnlyDictionary<string, string> arguments, CancellationToken cancellationToken);

    protected McpServerSession Session(string server) =>
        Sessions.FirstOrDefault(s => s.Config.Name == server)
        ?? throw new ArgumentException($"unknown MCP server `{server}`; servers with resources: {string.Join(", ", Sessions.Select(s => s.Config.Name))}");

    /// <summary>Runs a request bounded by the server's tool timeout.</summary>
    protected static async Task<T> BoundedAsync<T>(McpServerSession session, Func<CancellationToken, ValueTask<T>> request, CancellationToken cancellationToken)
    {
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(session.Config.ToolTimeout);
        try
        {
            return await request(bounded.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            throw new TimeoutException($"MCP server `{session.Config.Name}` did not answer within {session.Config.ToolTimeout.TotalSeconds:0.###} s (tool_timeout_sec)");
        }
    }

    protected static string Json(Action<Utf8JsonWriter> write) => McpJson.ToText(McpJson.Build(write));

    private static Dictionary<string, string> ReadArguments(string? text)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        if (string.IsNullOrWhiteSpace(text))
        {
            return result;
        }

        using var document = JsonDocument.Parse(text);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw new JsonException("the arguments must be a JSON object");
        }

        foreach (var property in document.RootElement.EnumerateObject())
        {
            if (property.Value.ValueKind == JsonValueKind.String)
            {
                result[property.Name] = property.Value.GetString()!;
            }
            else if (property.Value.ValueKind != JsonValueKind.Null)
            {
                throw new JsonException($"`{property.Name}` must be a string");
            }
        }

        return result;
    }
}
