using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Engine.Images;
using Codex.Protocol;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Tools;

/// <summary><c>codex-reply</c>: the next turn of a conversation, resumed from its rollout when needed.</summary>
internal sealed class CodexReplyTool(EngineHost host) : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = CodexToolCallReplyParam.ToolName,
        Title = "Codex Reply",
        Description = "Continue a Codex conversation: send the next `prompt` to the conversation named by `threadId` (or `conversationId`) from an earlier `codex` result. Conversations are saved, so this also works after the server restarts.",
        InputSchema = CodexToolSchemas.ReplyInputSchema,
        OutputSchema = CodexToolSchemas.OutputSchema,
    };

    public async ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken)
    {
        if (!CodexToolArguments.TryParseReply(call.Arguments, out var reply, out var error))
        {
            return CallToolResult.Error(error!);
        }

        string id;
        try
        {
            id = ConversationManager.NormalizeId(reply!.EffectiveConversationId!);
        }
        catch (FormatException ex)
        {
            return CallToolResult.Error($"Failed to parse conversation_id: {ex.Message}");
        }

        var requestId = call.RequestId;
        try
        {
            var result = await host.Engine.ReplyAsync(id, reply.Prompt, new TurnOptions { ReasoningEffort = reply.ReasoningEffort, ReasoningSummary = reply.ReasoningSummary, Images = reply.Images }, host.Events(requestId, id), host.Gateway(requestId), cancellationToken).ConfigureAwait(false);
            return TurnResults.From(result);
        }
        catch (ConversationNotFoundException ex)
        {
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = ex.Message }],
                StructuredContent = TurnResults.Structured(id, ex.Message),
                IsError = true,
            };
        }
        catch (ImageInputException ex)
        {
            return CallToolResult.Error($"The turn of conversation {id} did not start: {ex.Message}");
        }
        catch (Exception ex) when (ex is ConfigException or MissingCredentialException or ConversationResumeException)
        {
            return CallToolResult.Error($"Failed to resume conversation {id}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Not a resume failure (those are above, and a failed save ends the turn with an error
            // event inside the engine); still a tool error rather than an internal one.
            host.Logger.LogError(ex, "A turn of conversation {Id} failed", id);
            return CallToolResult.Error($"The turn of conversation {id} failed: {ex.Message}");
        }
    }
}
