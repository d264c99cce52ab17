using System.Diagnostics;
using System.Text.Json;
using Codex.Engine.Approvals;
using Codex.Engine.Conversations;
using Codex.Engine.Tools;
using Codex.Protocol;
using Microsoft.Extensions.Logging;
using ModelContextProtocol;
using ModelContextProtocol.Protocol;

namespace Codex.Engine.McpClients;

/// <summary>
/// One tool of an agent MCP server, offered as <c>mcp__SERVER__TOOL</c>. A call asks for approval
/// where upstream does, is bounded by <c>tool_timeout_sec</c>, and never ends the turn: errors and
/// timeouts reach the model as a failed call. Cancelling the turn cancels the call (the SDK sends
/// <c>notifications/cancelled</c>).
/// </summary>
internal sealed class McpToolHandler : IToolHandler
{
    private readonly McpServerSession _session;
    private readonly Tool _tool;
    private readonly McpApprovals _approvals;
    private readonly ILogger _logger;

    public McpToolHandler(McpServerSession session, Tool tool, string name, McpApprovals approvals, ILogger logger)
    {
        _session = session;
        _tool = tool;
        _approvals = approvals;
        _logger = logger;
        Name = name;
        var parameters = McpSchemaSanitizer.Sanitize(tool.InputSchema);
        Definition = McpJson.Build(w =>
        {
            w.WriteStartObject();
            w.WriteString("type", "function");
            w.WriteString("name", name);
            w.WriteString("description", tool.Description ?? string.Empty);
            w.WriteBoolean("strict", false);
            w.WritePropertyName("parameters");
            parameters.WriteTo(w);
            w.WriteEndObject();
        });
    }

    public string Name { get; }

    public JsonElement Definition { get; }

    /// <summary>
    /// A tool the server marks read-only (and not destructive) runs unasked, so it may run together
    /// with the response's other read-only calls.
    /// </summary>
    public bool IsReadOnly(ToolCall call, TurnContext context) =>
        _tool.Annotations?.ReadOnlyHint == true && _tool.Annotations.DestructiveHint != true;

    public async Task<string> HandleAsync(ToolCall call, TurnContext context, CancellationToken cancellationToken)
    {
        var server = _session.Config.Name;
        if (!TryParseArguments(call.Arguments ?? call.Input, out var arguments, out var error))
        {
            return ToolDefinitions.ArgumentError(error);
        }

        var invocation = new McpInvocation { Server = server, Tool = _tool.Name, Arguments = arguments };
        if (NeedsApproval(_tool.Annotations) && !await _approvals.IsApprovedAsync(context, call.CallId, server, _tool.Name, arguments, cancellationToken).ConfigureAwait(false))
        {
            McpCallOutcome.Begin(context, call.CallId, invocation);
            return McpCallOutcome.Failed(context, call.CallId, invocation, TimeSpan.Zero, "user rejected MCP tool call");
        }

        McpCallOutcome.Begin(context, call.CallId, invocation);
        var clock = Stopwatch.StartNew();
        var timeout = _session.Config.ToolTimeout;
        using var scope = _session.EnterCall(new McpCallScope(context.Conversation.Id, _tool.Name, context.Config.ApprovalTimeout));
        using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        bounded.CancelAfter(timeout);
        try
        {
            var request = new CallToolRequestParams
            {
                Name = _tool.Name,
                Arguments = arguments is { } args ? args.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.Clone(), StringComparer.Ordinal) : null,
            };
            var result = await _session.Client.CallToolAsync(request, bounded.Token).ConfigureAwait(false);
            return McpCallOutcome.Succeeded(context, call.CallId, invocation, clock.Elapsed, result);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            McpCallOutcome.Failed(context, call.CallId, invocation, clock.Elapsed, "the turn was interrupted");
            throw;
        }
        catch (OperationCanceledException)
        {
            return McpCallOutcome.Failed(context, call.CallId, invocation, clock.Elapsed, $"tool call timed out after {timeout.TotalSeconds:0.###} s (tool_timeout_sec)");
        }
        catch (Exception ex) when (ex is McpException or IOException or InvalidOperationException or JsonException or ObjectDisposedException)
        {
            _logger.LogWarning("MCP tool {Tool} of {Server} failed: {Message}", _tool.Name, server, ex.Message);
            return McpCallOutcome.Failed(context, call.CallId, invocation, clock.Elapsed, $"tool call failed: {ex.Message}");
        }
    }

    /// <summary>
    /// Upstream's rule: a destructive tool is asked about even if also marked read-only; a read-only
    /// one is not; otherwise a tool is asked about unless it says it is neither destructive nor
    /// open-world (missing hints take MCP's defaults, destructive and open-world).
    /// </summary>
    internal static bool NeedsApproval(ToolAnnotations? annotations)
    {
        if (annotations?.DestructiveHint == true)
        {
            return true;
        }

        if (annotations?.ReadOnlyHint == true)
        {
            return false;
        }

        return (annotations?.DestructiveHint ?? true) || (annotations?.OpenWorldHint ?? true);
    }

    private static bool TryParseArguments(string? text, out JsonElement? arguments, out string error)
    {
        arguments = null;
        error = string.Empty;
        if (string.IsNullOrWhiteSpace(text))
        {
            return true;
        }

        try
        {
            using var document = JsonDocument.Parse(text);
            if (document.RootElement.ValueKind == JsonValueKind.Null)
            {
                return true;
            }

            if (document.RootElement.ValueKind != JsonValueKind.Object)
            {
                error = "the arguments must be a JSON object";
                return false;
            }

            arguments = document.RootElement.Clone();
            return true;
        }
        catch (JsonException ex)
        {
            error = ex.Message;
            return false;
        }
    }
}
