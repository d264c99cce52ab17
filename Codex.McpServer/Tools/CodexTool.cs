using Codex.Engine.Approvals;
using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Engine.Images;
using Codex.McpServer.Turns;
using Codex.Protocol;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Tools;

/// <summary><c>codex</c>: starts a conversation and runs its first turn.</summary>
internal sealed class CodexTool(EngineHost host) : ITurnTool
{
    public Tool Definition { get; } = new()
    {
        Name = CodexToolCallParam.ToolName,
        Title = "Codex",
        Description = "Start a Codex coding session: Codex reads your `prompt`, works in `cwd` (reading files, running commands, editing with patches, within the chosen `sandbox` and `approval-policy`), and returns its final message. The result's `threadId` continues the conversation with `codex-reply`. Other settings come from CODEX_HOME/config.toml.",
        InputSchema = CodexToolSchemas.CodexInputSchema,
        OutputSchema = CodexToolSchemas.OutputSchema,
        Annotations = ToolDefinitions.Turn,
        Execution = ToolDefinitions.OptionalTask,
    };

    public ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken) =>
        TurnCalls.RunAsync(host, Prepare(call), call, cancellationToken);

    public TurnRequest Prepare(ToolCallContext call)
    {
        if (!CodexToolArguments.TryParseCodex(call.Arguments, out var codex, out var error))
        {
            return TurnRequest.Failed(CallToolResult.Error(error!));
        }

        var submissionId = call.RequestId.ToString();
        return new TurnRequest(null, (events, approvals, cancellationToken) => RunAsync(codex!, submissionId, events, approvals, cancellationToken), null, codex!.Background == true);
    }

    private async Task<TurnCompletion> RunAsync(CodexToolCallParam codex, string submissionId, IEventSink events, IApprovalGateway approvals, CancellationToken cancellationToken)
    {
        try
        {
            var result = await host.Engine.StartAsync(ConfigRequest.FromToolCall(codex), codex.Prompt, new TurnOptions { Images = codex.Images }, submissionId, events, approvals, cancellationToken).ConfigureAwait(false);
            host.Subscriptions.Touch(result.ConversationId);
            return TurnResults.Completion(result);
        }
        catch (ConfigException ex)
        {
            return TurnResults.ConfigFailed(ex);
        }
        catch (Exception ex) when (ex is MissingCredentialException or ImageInputException)
        {
            return TurnResults.Failed($"Failed to start Codex session: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // e.g. CODEX_HOME/sessions cannot be created or written: a tool error, not an internal one.
            host.Logger.LogError(ex, "Starting a conversation failed");
            return TurnResults.Failed($"Failed to start Codex session: {ex.Message}");
        }
    }
}
