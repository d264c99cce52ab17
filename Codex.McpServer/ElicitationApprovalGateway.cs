using System.Text.Json;
using Codex.Engine.Approvals;
using Codex.Protocol;
using Codex.Protocol.JsonRpc;
using Codex.Protocol.Mcp;
using Microsoft.Extensions.Logging;

namespace Codex.McpServer;

/// <summary>
/// Asks for approvals with <c>elicitation/create</c> (spec §4). It never hangs: a JSON-RPC error,
/// no answer within the timeout, an unreadable answer or a closed connection is a denial whose
/// reason reaches the model; a client without the elicitation capability is never asked.
/// </summary>
internal sealed class ElicitationApprovalGateway(
    JsonRpcConnection connection,
    RequestId toolCallId,
    Func<bool> clientSupportsElicitation,
    ILogger logger) : IApprovalGateway
{
    /// <summary>The denial reason when the client cannot be asked.</summary>
    public const string NoElicitationReason =
        "this MCP client did not declare the `elicitation` capability, so Codex cannot ask for approval. " +
        "To let Codex act without asking, start the conversation with `approval-policy` set to `never` " +
        "(commands then stay inside the `sandbox` you choose, e.g. `workspace-write`), or use a client that supports elicitation.";

    private static readonly JsonElement EmptySchema = JsonDocument.Parse("""{"type":"object","properties":{}}""").RootElement.Clone();

    public Task<ApprovalAnswer> RequestExecApprovalAsync(ExecApprovalRequest request, CancellationToken cancellationToken)
    {
        var parameters = new ExecApprovalElicitRequestParams
        {
            Message = $"Allow Codex to run `{request.QuotedCommand}` in `{request.Cwd}`?",
            RequestedSchema = EmptySchema,
            ThreadId = request.ConversationId,
            CodexElicitation = CodexElicitationKinds.ExecApproval,
            CodexMcpToolCallId = toolCallId.ToString(),
            CodexEventId = request.SubmissionId,
            CodexCallId = request.CallId,
            CodexCommand = request.Command,
            CodexCwd = request.Cwd,
            CodexParsedCmd = request.ParsedCommand,
            CodexReason = request.Reason,
        };
        return AskAsync(parameters, ProtocolJsonContext.Default.ExecApprovalElicitRequestParams, request.Timeout, cancellationToken);
    }

    public Task<ApprovalAnswer> RequestPatchApprovalAsync(PatchApprovalRequest request, CancellationToken cancellationToken)
    {
        const string question = "Allow Codex to apply proposed code changes?";
        var parameters = new PatchApprovalElicitRequestParams
        {
            Message = request.Reason is { Length: > 0 } reason ? $"{reason}\n{question}" : question,
            RequestedSchema = EmptySchema,
            ThreadId = request.ConversationId,
            CodexElicitation = CodexElicitationKinds.PatchApproval,
            CodexMcpToolCallId = toolCallId.ToString(),
            CodexEventId = request.SubmissionId,
            CodexCallId = request.CallId,
            CodexChanges = request.Changes,
            CodexReason = request.Reason,
            CodexGrantRoot = request.GrantRoot,
        };
        return AskAsync(parameters, ProtocolJsonContext.Default.PatchApprovalElicitRequestParams, request.Timeout, cancellationToken);
    }

    public Task<ApprovalAnswer> RequestMcpToolApprovalAsync(McpToolApprovalRequest request, CancellationToken cancellationToken) =>
        AskAsync(McpToolApprovalParams.Create(request, toolCallId.ToString()), ProtocolJsonContext.Default.JsonElement, request.Timeout, cancellationToken);

    private async Task<ApprovalAnswer> AskAsync<T>(T parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, TimeSpan timeout, CancellationToken cancellationToken)
    {
        if (!clientSupportsElicitation())
        {
            return new ApprovalAnswer(ReviewDecision.Denied, NoElicitationReason);
        }

        try
        {
            var result = await connection.SendRequestAsync(McpMethods.ElicitationCreate, parameters, typeInfo, timeout, cancellationToken).ConfigureAwait(false);
            var answer = ApprovalAnswer.TryParse(result, out var error);
            if (answer is null)
            {
                logger.LogWarning("Unreadable approval answer {Answer}: {Error}", result.GetRawText(), error);
                return new ApprovalAnswer(ReviewDecision.Denied, $"the approval answer could not be read ({error}), so it counts as a denial");
            }

            return answer;
        }
        catch (JsonRpcException ex)
        {
            logger.LogWarning("The client answered an approval request with error {Code}: {Message}", ex.Code, ex.Message);
            return new ApprovalAnswer(ReviewDecision.Denied, $"the client answered the approval request with an error ({ex.Message}), so it counts as a denial");
        }
        catch (TimeoutException)
        {
            return new ApprovalAnswer(ReviewDecision.Denied, $"no answer to the approval request within {timeout.TotalSeconds:0.#} s (approval_timeout_ms), so it counts as a denial");
        }
        catch (IOException)
        {
            return new ApprovalAnswer(ReviewDecision.Denied, "the client disconnected before answering the approval request");
        }
    }
}
