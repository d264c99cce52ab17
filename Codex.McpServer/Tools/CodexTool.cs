using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Engine.Images;
using Codex.Protocol;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Tools;

/// <summary><c>codex</c>: starts a conversation and runs its first turn.</summary>
internal sealed class CodexTool(EngineHost host) : IMcpTool
{
    public Tool Definition { get; } = new()
    {
        Name = CodexToolCallParam.ToolName,
        Title = "Codex",
        Description = "Start a Codex coding session: Codex reads your `prompt`, works in `cwd` (reading files, running commands, editing with patches, within the chosen `sandbox` and `approval-policy`), and returns its final message. The result's `threadId` continues the conversation with `codex-reply`. Other settings come from CODEX_HOME/config.toml.",
        InputSchema = CodexToolSchemas.CodexInputSchema,
        OutputSchema = CodexToolSchemas.OutputSchema,
    };

    public async ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken)
    {
        if (!CodexToolArguments.TryParseCodex(call.Arguments, out var codex, out var error))
        {
            return CallToolResult.Error(error!);
        }

        var requestId = call.RequestId;
        try
        {
            var result = await host.Engine.StartAsync(ConfigRequest.FromToolCall(codex!), codex!.Prompt, new TurnOptions { Images = codex.Images }, requestId.ToString(), host.Events(requestId, conversationId: null), host.Gateway(requestId), cancellationToken).ConfigureAwait(false);
            return TurnResults.From(result);
        }
        catch (ConfigException ex)
        {
            return CallToolResult.Error($"Failed to load Codex configuration from overrides: {ex.Message}");
        }
        catch (MissingCredentialException ex)
        {
            return CallToolResult.Error($"Failed to start Codex session: {ex.Message}");
        }
        catch (ImageInputException ex)
        {
            return CallToolResult.Error($"Failed to start Codex session: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // e.g. CODEX_HOME/sessions cannot be created or written: a tool error, not an internal one.
            host.Logger.LogError(ex, "Starting a conversation failed");
            return CallToolResult.Error($"Failed to start Codex session: {ex.Message}");
        }
    }
}
