using System.Text.Json;
using System.Text.Json.Serialization;
using Codex.Protocol.Mcp;

namespace Codex.Protocol;

/// <summary>
/// The one source-generated serializer context for every wire type of this library. Use its
/// <c>Default</c> instance's type infos with <see cref="JsonSerializer"/>.
/// </summary>
[JsonSourceGenerationOptions(
    AllowOutOfOrderMetadataProperties = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.Never,
    WriteIndented = false)]
[JsonSerializable(typeof(JsonElement))]
[JsonSerializable(typeof(string))]
[JsonSerializable(typeof(EmptyObject))]
[JsonSerializable(typeof(InitializeRequestParams))]
[JsonSerializable(typeof(InitializeResult))]
[JsonSerializable(typeof(PaginatedRequestParams))]
[JsonSerializable(typeof(ListToolsResult))]
[JsonSerializable(typeof(CallToolRequestParams))]
[JsonSerializable(typeof(CallToolResult))]
[JsonSerializable(typeof(ElicitRequestParams))]
[JsonSerializable(typeof(ElicitResult))]
[JsonSerializable(typeof(CreateMessageRequestParams))]
[JsonSerializable(typeof(CreateMessageResult))]
[JsonSerializable(typeof(SamplingContent))]
[JsonSerializable(typeof(SamplingTextContent))]
[JsonSerializable(typeof(ToolUseContent))]
[JsonSerializable(typeof(ToolResultContent))]
[JsonSerializable(typeof(ListResourcesResult))]
[JsonSerializable(typeof(ListResourceTemplatesResult))]
[JsonSerializable(typeof(ListPromptsResult))]
[JsonSerializable(typeof(Resource))]
[JsonSerializable(typeof(ResourceTemplate))]
[JsonSerializable(typeof(ResourceUriParams))]
[JsonSerializable(typeof(ReadResourceResult))]
[JsonSerializable(typeof(GetPromptRequestParams))]
[JsonSerializable(typeof(GetPromptResult))]
[JsonSerializable(typeof(CompleteRequestParams))]
[JsonSerializable(typeof(CompleteResult))]
[JsonSerializable(typeof(SetLevelRequestParams))]
[JsonSerializable(typeof(LoggingMessageNotificationParams))]
[JsonSerializable(typeof(CancelledNotificationParams))]
[JsonSerializable(typeof(ProgressNotificationParams))]
[JsonSerializable(typeof(CodexToolCallParam))]
[JsonSerializable(typeof(CodexToolCallReplyParam))]
[JsonSerializable(typeof(CodexToolOutput))]
[JsonSerializable(typeof(CodexEvent))]
[JsonSerializable(typeof(EventMsg))]
[JsonSerializable(typeof(IReadOnlyList<UserInput>))]
[JsonSerializable(typeof(ExecApprovalElicitRequestParams))]
[JsonSerializable(typeof(McpToolApprovalElicitRequestParams))]
[JsonSerializable(typeof(ForwardedElicitRequestParams))]
[JsonSerializable(typeof(PatchApprovalElicitRequestParams))]
[JsonSerializable(typeof(ApprovalAnswer))]
[JsonSerializable(typeof(ReviewDecision))]
[JsonSerializable(typeof(AskForApproval))]
[JsonSerializable(typeof(SandboxMode))]
[JsonSerializable(typeof(ReasoningEffort))]
[JsonSerializable(typeof(ReasoningSummary))]
[JsonSerializable(typeof(FileChange))]
[JsonSerializable(typeof(IReadOnlyDictionary<string, FileChange>))]
[JsonSerializable(typeof(ParsedCommand))]
[JsonSerializable(typeof(IReadOnlyList<ParsedCommand>))]
[JsonSerializable(typeof(TurnItem))]
[JsonSerializable(typeof(CreateTaskResult))]
[JsonSerializable(typeof(McpTask))]
[JsonSerializable(typeof(TaskIdParams))]
[JsonSerializable(typeof(ListTasksResult))]
public sealed partial class ProtocolJsonContext : JsonSerializerContext;
