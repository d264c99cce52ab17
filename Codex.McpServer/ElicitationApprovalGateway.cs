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

    /// <summary>The <c>_meta</c> of every elicitation, e.g. the related task of a task-augmented call.</summary>
    public RequestMeta? Meta { get; init; }

    /// <summary>
    /// When true, an approval nobody answered (no capability, an error, no answer in time, a closed
    /// connection) throws <see cref="ApprovalUnansweredException"/> instead of becoming a denial, so
    /// the caller can keep it parked in the inbox.
    /// </summary>
    public bool ReportUnanswered { get; init; }

    // A form with the decision as a titled choice and an optional reason; answers to it, and every
    // older answer form, are read by ApprovalAnswer.TryParse.
    private static readonly JsonElement DecisionForm = ApprovalElicitationSchema.RequestedSchema;

    public Task<ApprovalAnswer> RequestExecApprovalAsync(ExecApprovalRequest request, CancellationToken cancellationToken)
    {
        var parameters = new ExecApprovalElicitRequestParams
        {
            Message = $"Allow Codex to run `{request.QuotedCommand}` in `{request.Cwd}`?",
            RequestedSchema = DecisionForm,
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
            RequestedSchema = DecisionForm,
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

    public Task<ApprovalAnswer> RequestMcpToolApprovalAsync(McpToolApprovalRequest request, CancellationToken cancellationToken)
    {
        var parameters = new McpToolApprovalElicitRequestParams
        {
            Message = $"Allow Codex to call the tool `{request.Tool}` of the MCP server `{request.Server}`{(request.Arguments is { } a ? $" with arguments {a.GetRawText()}" : string.Empty)}?",
            RequestedSchema = DecisionForm,
            ThreadId = request.ConversationId,
            CodexElicitation = CodexElicitationKinds.McpToolCallApproval,
            CodexMcpToolCallId = toolCallId.ToString(),
            CodexEventId = request.SubmissionId,
            CodexCallId = request.CallId,
            CodexMcpServer = request.Server,
            CodexMcpTool = request.Tool,
            CodexMcpArguments = request.Arguments,
        };
        return AskAsync(parameters, ProtocolJsonContext.Default.McpToolApprovalElicitRequestParams, request.Timeout, cancellationToken);
    }

    private async Task<ApprovalAnswer> AskAsync<T>(T parameters, System.Text.Json.Serialization.Metadata.JsonTypeInfo<T> typeInfo, TimeSpan timeout, CancellationToken cancellationToken)
        where T : ElicitRequestParams
    {
        if (!clientSupportsElicitation())
        {
            return Unanswered(NoElicitationReason);
        }

        if (Meta is not null)
        {
            // `with` clones the runtime type, so the Codex fields stay.
            parameters = (T)(parameters with { Meta = Meta });
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
            return Unanswered($"the client answered the approval request with an error ({ex.Message}), so it counts as a denial");
        }
        catch (TimeoutException)
        {
            return Unanswered($"no answer to the approval request within {timeout.TotalSeconds:0.#} s (approval_timeout_ms), so it counts as a denial");
        }
        catch (IOException)
        {
            return Unanswered("the client disconnected before answering the approval request");
        }
    }

    private ApprovalAnswer Unanswered(string reason) =>
        ReportUnanswered ? throw new ApprovalUnansweredException(reason) : new ApprovalAnswer(ReviewDecision.Denied, reason);
}

/// <summary>An approval the client did not answer; the reason says why.</summary>
internal sealed class ApprovalUnansweredException(string reason) : Exception(reason);
