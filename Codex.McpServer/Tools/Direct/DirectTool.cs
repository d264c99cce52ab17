using System.Text.Json;
using Codex.Engine.Auth;
using Codex.Engine.Config;
using Codex.Protocol;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer.Tools.Direct;

/// <summary>
/// One of Codex's own tools offered directly (<c>mcp_server.expose_tools</c>): its arguments become
/// a call of the agent's <c>shell</c> or <c>apply_patch</c>, run by the engine with the same
/// sandbox, approvals (elicitation) and <c>codex/event</c> notifications as the agent's calls.
/// </summary>
internal sealed class DirectTool(EngineHost host, Tool definition, Func<JsonElement, string?, DirectCall> map) : IMcpTool
{
    public Tool Definition { get; } = definition;

    public async ValueTask<CallToolResult> CallAsync(ToolCallContext call, CancellationToken cancellationToken)
    {
        var arguments = call.Arguments is { ValueKind: JsonValueKind.Object } given ? given : EmptyObject.Element;
        DirectCall direct;
        try
        {
            var cwd = DirectArguments.OptionalString(arguments, "cwd");
            direct = map(arguments, cwd is null ? null : Path.GetFullPath(cwd));
        }
        catch (DirectArgumentException ex)
        {
            return CallToolResult.Error($"Invalid arguments for {Definition.Name}: {ex.Message}");
        }

        var requestId = call.RequestId;
        try
        {
            var result = await host.Engine.RunToolAsync(direct.Request, direct.EngineTool, direct.Arguments.GetRawText(), threadId => host.Events(requestId, threadId), host.Gateway(requestId), cancellationToken).ConfigureAwait(false);
            host.Subscriptions.Touch(result.ConversationId);
            var (text, exitCode) = Codex.Engine.Tools.ToolOutputText.Parse(result.Output);
            // No exit code means the tool never ran (a denial, a rejected patch): an error too.
            var failed = exitCode is not { } code || (code != 0 && !(direct.NoMatchIsSuccess && code == 1));
            return new CallToolResult
            {
                Content = [new TextContentBlock { Text = text }, new TextContentBlock { Text = $"exit code: {exitCode?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "none"}" }],
                StructuredContent = DirectArguments.Structured(result.ConversationId, text, exitCode),
                IsError = failed ? true : null,
            };
        }
        catch (Exception ex) when (ex is ConfigException or MissingCredentialException)
        {
            return CallToolResult.Error($"Failed to load Codex configuration for {Definition.Name}: {ex.Message}");
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            host.Logger.LogError(ex, "The direct tool {Tool} failed", Definition.Name);
            return CallToolResult.Error($"{Definition.Name} failed: {ex.Message}");
        }
    }
}

/// <summary>A direct tool's arguments were unusable.</summary>
internal sealed class DirectArgumentException(string message) : Exception(message);
