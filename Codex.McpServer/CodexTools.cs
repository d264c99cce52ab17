using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>The two tools: their definitions, and the mapping of a call onto the engine.</summary>
internal sealed class CodexTools(ILogger<CodexTools> logger)
{
    private InitializeRequestParams? _client;

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

    public ValueTask<CallToolResult> CallAsync(RequestId requestId, CallToolRequestParams call, CancellationToken cancellationToken)
    {
        switch (call.Name)
        {
            case CodexToolCallParam.ToolName:
                if (!CodexToolArguments.TryParseCodex(call.Arguments, out _, out var codexError))
                {
                    return ValueTask.FromResult(CallToolResult.Error(codexError!));
                }

                break;
            case CodexToolCallReplyParam.ToolName:
                if (!CodexToolArguments.TryParseReply(call.Arguments, out _, out var replyError))
                {
                    return ValueTask.FromResult(CallToolResult.Error(replyError!));
                }

                break;
            default:
                return ValueTask.FromResult(CallToolResult.Error($"Unknown tool '{call.Name}'. This server has the tools 'codex' and 'codex-reply'."));
        }

        logger.LogWarning("Tool call {Id} for {Client} refused: the engine is not part of this build yet", requestId, _client?.ClientInfo.Name);
        return ValueTask.FromResult(CallToolResult.Error("The arguments are valid, but this build of codex-mcp-server cannot run Codex conversations yet: the engine is not wired in."));
    }
}
