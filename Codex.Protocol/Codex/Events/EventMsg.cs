using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// The payload of a <c>codex/event</c> notification (spec §3.2): an object tagged by a snake_case
/// <c>type</c> with the variant's fields beside it. Fields this library does not model (for
/// example those added by later Codex releases) are kept in <see cref="ExtensionData"/> so they
/// survive a round trip; event types it does not know are read as <see cref="UnknownEventMsg"/>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ErrorEvent), "error")]
[JsonDerivedType(typeof(TaskStartedEvent), "task_started")]
[JsonDerivedType(typeof(TaskCompleteEvent), "task_complete")]
[JsonDerivedType(typeof(TokenCountEvent), "token_count")]
[JsonDerivedType(typeof(AgentMessageEvent), "agent_message")]
[JsonDerivedType(typeof(UserMessageEvent), "user_message")]
[JsonDerivedType(typeof(AgentMessageDeltaEvent), "agent_message_delta")]
[JsonDerivedType(typeof(AgentReasoningEvent), "agent_reasoning")]
[JsonDerivedType(typeof(AgentReasoningDeltaEvent), "agent_reasoning_delta")]
[JsonDerivedType(typeof(AgentReasoningRawContentEvent), "agent_reasoning_raw_content")]
[JsonDerivedType(typeof(AgentReasoningRawContentDeltaEvent), "agent_reasoning_raw_content_delta")]
[JsonDerivedType(typeof(AgentReasoningSectionBreakEvent), "agent_reasoning_section_break")]
[JsonDerivedType(typeof(SessionConfiguredEvent), "session_configured")]
[JsonDerivedType(typeof(McpToolCallBeginEvent), "mcp_tool_call_begin")]
[JsonDerivedType(typeof(McpToolCallEndEvent), "mcp_tool_call_end")]
[JsonDerivedType(typeof(WebSearchBeginEvent), "web_search_begin")]
[JsonDerivedType(typeof(WebSearchEndEvent), "web_search_end")]
[JsonDerivedType(typeof(ExecCommandBeginEvent), "exec_command_begin")]
[JsonDerivedType(typeof(ExecCommandOutputDeltaEvent), "exec_command_output_delta")]
[JsonDerivedType(typeof(ExecCommandEndEvent), "exec_command_end")]
[JsonDerivedType(typeof(ViewImageToolCallEvent), "view_image_tool_call")]
[JsonDerivedType(typeof(ExecApprovalRequestEvent), "exec_approval_request")]
[JsonDerivedType(typeof(ApplyPatchApprovalRequestEvent), "apply_patch_approval_request")]
[JsonDerivedType(typeof(BackgroundEvent), "background_event")]
[JsonDerivedType(typeof(StreamErrorEvent), "stream_error")]
[JsonDerivedType(typeof(PatchApplyBeginEvent), "patch_apply_begin")]
[JsonDerivedType(typeof(PatchApplyEndEvent), "patch_apply_end")]
[JsonDerivedType(typeof(TurnDiffEvent), "turn_diff")]
[JsonDerivedType(typeof(GetHistoryEntryResponseEvent), "get_history_entry_response")]
[JsonDerivedType(typeof(McpListToolsResponseEvent), "mcp_list_tools_response")]
[JsonDerivedType(typeof(ListCustomPromptsResponseEvent), "list_custom_prompts_response")]
[JsonDerivedType(typeof(PlanUpdateEvent), "plan_update")]
[JsonDerivedType(typeof(TurnAbortedEvent), "turn_aborted")]
[JsonDerivedType(typeof(ShutdownCompleteEvent), "shutdown_complete")]
[JsonDerivedType(typeof(ConversationPathEvent), "conversation_path")]
[JsonDerivedType(typeof(EnteredReviewModeEvent), "entered_review_mode")]
[JsonDerivedType(typeof(ExitedReviewModeEvent), "exited_review_mode")]
[JsonDerivedType(typeof(ItemStartedEvent), "item_started")]
[JsonDerivedType(typeof(ItemCompletedEvent), "item_completed")]
public abstract record EventMsg
{
    /// <summary>Fields that this library does not model, kept as they were read.</summary>
    [JsonExtensionData]
    public Dictionary<string, JsonElement>? ExtensionData { get; set; }
}

/// <summary>An event whose <c>type</c> this library does not know; kept whole.</summary>
/// <param name="Type">The event's <c>type</c>.</param>
/// <param name="Raw">The whole <c>msg</c> object.</param>
public sealed record UnknownEventMsg(string Type, JsonElement Raw) : EventMsg;
