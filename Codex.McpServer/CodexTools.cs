using System.Text.Json;
using Codex.Engine;
using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>
/// The two tools: their definitions, and the mapping of a call onto the engine's
/// <see cref="ConversationManager"/>. The engine (and with it the OpenAI SDK and config loading)
/// is created on the first call, so none of it delays the answer to <c>initialize</c>.
/// </summary>
internal sealed class CodexTools : IAsyncDisposable
{
    private readonly JsonRpcConnection _connection;
    private readonly ILogger _logger;

    // Made once: CreateLogger<T> formats the type's name on every call (once per tools/call before).
    private readonly ILogger<ElicitationApprovalGateway> _gatewayLogger;
    private readonly Lazy<ConversationManager> _engine;
    private InitializeRequestParams? _client;

    public CodexTools(JsonRpcConnection connection, IReadOnlyList<string> configOverrides, ILoggerFactory loggerFactory)
    {
        _connection = connection;
        _logger = loggerFactory.CreateLogger<CodexTools>();
        _gatewayLogger = loggerFactory.CreateLogger<ElicitationApprovalGateway>();
        _engine = new Lazy<ConversationManager>(() => new ConversationManager(
            new CodexEngineOptions
            {
                CodexHome = CodexHome.Resolve(),
                ConfigOverrides = configOverrides,
                UserAgent = ServerIdentity.UserAgent(_client?.ClientInfo),
                McpElicitations = new ClientElicitationForwarder(connection, () => _client?.Capabilities.SupportsElicitation == true, loggerFactory.CreateLogger<ClientElicitationForwarder>()),
            },
            loggerFactory));
    }

    /// <summary>What <c>tools/list</c> returns.</summary>
    public static IReadOnlyList<Tool> Definitions { get; } =
    [
        new Tool
        {
            Name = CodexToolCallParam.ToolName,
            Title = "Codex",
            Description = "Start a Codex coding session: Codex reads your `prompt`, works in `cwd` (reading files, running commands, editing with patches, within the chosen `sandbox` and `approval-policy`), and returns its final message. The result's `threadId` continues the conversation with `codex-reply`. Other settings come from CODEX_HOME/config.toml.",
            InputSchema = CodexToolSchemas.CodexInputSchema,
            OutputSchema = CodexToolSchemas.OutputSchema,
        },
        new Tool
        {
            Name = CodexToolCallReplyParam.ToolName,
            Title = "Codex Reply",
            Description = "Continue a Codex conversation: send the next `prompt` to the conversation named by `threadId` (or `conversationId`) from an earlier `codex` result. Conversations are saved, so this also works after the server restarts.",
            InputSchema = CodexToolSchemas.ReplyInputSchema,
            OutputSchema = CodexToolSchemas.OutputSchema,
        },
    ];

    public void SetClient(InitializeRequestParams client) => _client = client;

    public async ValueTask<CallToolResult> CallAsync(RequestId requestId, CallToolRequestParams call, CancellationToken cancellationToken)
    {
        switch (call.Name)
        {
            case CodexToolCallParam.ToolName:
                return CodexToolArguments.TryParseCodex(call.Arguments, out var codex, out var codexError)
                    ? await StartAsync(requestId, codex!, cancellationToken).ConfigureAwait(false)
                    : CallToolResult.Error(codexError!);
            case CodexToolCallReplyParam.ToolName:
                return CodexToolArguments.TryParseReply(call.Arguments, out var reply, out var replyError)
                    ? await ReplyAsync(requestId, reply!, cancellationToken).ConfigureAwait(false)
                    : CallToolResult.Error(replyError!);
            default:
                return CallToolResult.Error($"Unknown tool '{call.Name}'. This server has the tools 'codex' and 'codex-reply'.");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_engine.IsValueCreated)
        {
            await _engine.Value.DisposeAsync().ConfigureAwait(false);
        }
    }

    private async Task<CallToolResult> StartAsync(RequestId requestId, CodexToolCallParam call, CancellationToken cancellationToken)
    {
        var events = new EventForwarder(_connection, requestId, conversationId: null);
        try
        {
            var result = await _engine.Value.StartAsync(ConfigRequest.FromToolCall(call), call.Prompt, requestId.ToString(), events, Gateway(requestId), cancellationToken).ConfigureAwait(false);
            return ToToolResult(result);
        }
        catch (ConfigException ex)
        {
            return CallToolResult.Error($"Failed to load Codex configuration from overrides: {ex.Message}");
        }
        catch (MissingCredentialException ex)
        {
            return CallToolResult.Error($"Failed to start Codex session: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // e.g. CODEX_HOME/sessions cannot be created or written: a tool error, not an internal one.
            _logger.LogError(ex, "Starting a conversation failed");
            return CallToolResult.Error($"Failed to start Codex session: {ex.Message}");
        }
    }

    private async Task<CallToolResult> ReplyAsync(RequestId requestId, CodexToolCallReplyParam call, CancellationToken cancellationToken)
    {
        string id;
        try
        {
            id = ConversationManager.NormalizeId(call.EffectiveConversationId!);
        }
        catch (FormatException ex)
        {
            return CallToolResult.Error($"Failed to parse conversation_id: {ex.Message}");
        }

        var events = new EventForwarder(_connection, requestId, id);
        try
        {
            var result = await _engine.Value.ReplyAsync(id, call.Prompt, events, Gateway(requestId), cancellationToken).ConfigureAwait(false);
            return ToToolResult(result);
        }
        catch (ConversationNotFoundException ex)
        {
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = ex.Message }],
                StructuredContent = Structured(id, ex.Message),
                IsError = true,
            };
        }
        catch (ConfigException ex)
        {
            return CallToolResult.Error($"Failed to resume conversation {id}: {ex.Message}");
        }
        catch (MissingCredentialException ex)
        {
            return CallToolResult.Error($"Failed to resume conversation {id}: {ex.Message}");
        }
        catch (ConversationResumeException ex)
        {
            return CallToolResult.Error($"Failed to resume conversation {id}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a resume failure (those are above, and a failed save ends the turn with an error
            // event inside the engine); still a tool error rather than an internal one.
            _logger.LogError(ex, "A turn of conversation {Id} failed", id);
            return CallToolResult.Error($"The turn of conversation {id} failed: {ex.Message}");
        }
    }

    private ElicitationApprovalGateway Gateway(RequestId requestId) =>
        new(_connection, requestId, () => _client?.Capabilities.SupportsElicitation == true, _gatewayLogger);

    private static CallToolResult ToToolResult(TurnResult result)
    {
        if (result.Outcome == TurnOutcome.Completed)
        {
            var text = result.LastAgentMessage ?? string.Empty;
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = text }, new TextContentBlock { Text = $"conversationId: {result.ConversationId}" }],
                StructuredContent = Structured(result.ConversationId, text),
            };
        }

        var message = result.ErrorMessage ?? result.Outcome.ToString();
        return new CallToolResult
        {
            Content = [new TextContentBlock { Text = message }, new TextContentBlock { Text = $"conversationId: {result.ConversationId}" }],
            StructuredContent = Structured(result.ConversationId, message),
            IsError = true,
        };
    }

    private static JsonElement Structured(string conversationId, string content) =>
        JsonSerializer.SerializeToElement(new CodexToolOutput { ThreadId = conversationId, ConversationId = conversationId, Content = content }, ProtocolJsonContext.Default.CodexToolOutput);
}
