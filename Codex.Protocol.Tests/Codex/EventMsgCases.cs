using System.Text;
using System.Text.Json;

namespace Codex.Protocol.Tests.Codex;

/// <summary>
/// One C# value per <c>EventMsg</c> variant of spec §3.2 (and per optional-field shape), each with
/// the JSON the spec's field table prescribes for it: absent optionals are <c>null</c> unless the
/// table says "omitted", durations are <c>{secs, nanos}</c>, output chunks are base64.
/// </summary>
internal static class EventMsgCases
{
    private const string ThreadId = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10";

    /// <summary>(case name, event, expected <c>msg</c> JSON).</summary>
    public static IEnumerable<(string Name, EventMsg Event, string Json)> All()
    {
        yield return ("error", new ErrorEvent { Message = "unexpected status 400 Bad Request: {}" },
            """{"type":"error","message":"unexpected status 400 Bad Request: {}"}""");

        yield return ("task_started", new TaskStartedEvent { ModelContextWindow = 258400 },
            """{"type":"task_started","model_context_window":258400}""");
        yield return ("task_started_unknown_window", new TaskStartedEvent(),
            """{"type":"task_started","model_context_window":null}""");

        yield return ("task_complete", new TaskCompleteEvent { LastAgentMessage = "File created!" },
            """{"type":"task_complete","last_agent_message":"File created!"}""");
        yield return ("task_complete_null", new TaskCompleteEvent(),
            """{"type":"task_complete","last_agent_message":null}""");

        yield return ("token_count", new TokenCountEvent
        {
            Info = new TokenUsageInfo
            {
                TotalTokenUsage = new TokenUsage { InputTokens = 100, CachedInputTokens = 20, OutputTokens = 30, ReasoningOutputTokens = 5, TotalTokens = 130 },
                LastTokenUsage = new TokenUsage { InputTokens = 60, CachedInputTokens = 10, OutputTokens = 15, ReasoningOutputTokens = 2, TotalTokens = 75 },
                ModelContextWindow = 258400,
            },
            RateLimits = new RateLimitSnapshot
            {
                Primary = new RateLimitWindow { UsedPercent = 12.5, WindowMinutes = 300, ResetsAt = 1761040000 },
                Secondary = new RateLimitWindow { UsedPercent = 3 },
            },
        },
            """
            {"type":"token_count",
             "info":{"total_token_usage":{"input_tokens":100,"cached_input_tokens":20,"output_tokens":30,"reasoning_output_tokens":5,"total_tokens":130},
                     "last_token_usage":{"input_tokens":60,"cached_input_tokens":10,"output_tokens":15,"reasoning_output_tokens":2,"total_tokens":75},
                     "model_context_window":258400},
             "rate_limits":{"primary":{"used_percent":12.5,"window_minutes":300,"resets_at":1761040000},
                            "secondary":{"used_percent":3.0,"window_minutes":null,"resets_at":null}}}
            """);
        yield return ("token_count_empty", new TokenCountEvent(),
            """{"type":"token_count","info":null,"rate_limits":null}""");
        yield return ("token_count_unknown_window", new TokenCountEvent
        {
            Info = new TokenUsageInfo { TotalTokenUsage = new TokenUsage(), LastTokenUsage = new TokenUsage() },
            RateLimits = new RateLimitSnapshot(),
        },
            """
            {"type":"token_count",
             "info":{"total_token_usage":{"input_tokens":0,"cached_input_tokens":0,"output_tokens":0,"reasoning_output_tokens":0,"total_tokens":0},
                     "last_token_usage":{"input_tokens":0,"cached_input_tokens":0,"output_tokens":0,"reasoning_output_tokens":0,"total_tokens":0},
                     "model_context_window":null},
             "rate_limits":{"primary":null,"secondary":null}}
            """);

        yield return ("agent_message", new AgentMessageEvent { Message = "Done: `hello.txt` now says \"hi\"." },
            """{"type":"agent_message","message":"Done: `hello.txt` now says \"hi\"."}""");

        yield return ("user_message_plain", new UserMessageEvent { Message = "<environment_context>cwd</environment_context>" },
            """{"type":"user_message","message":"<environment_context>cwd</environment_context>"}""");
        yield return ("user_message_kind_and_images", new UserMessageEvent { Message = "look", Kind = "environment_context", Images = ["data:image/png;base64,iVBORw0KGgo="] },
            """{"type":"user_message","message":"look","kind":"environment_context","images":["data:image/png;base64,iVBORw0KGgo="]}""");

        yield return ("agent_message_delta", new AgentMessageDeltaEvent { Delta = "Hel" },
            """{"type":"agent_message_delta","delta":"Hel"}""");
        yield return ("agent_reasoning", new AgentReasoningEvent { Text = "**Planning**\n\nRead the file first." },
            """{"type":"agent_reasoning","text":"**Planning**\n\nRead the file first."}""");
        yield return ("agent_reasoning_delta", new AgentReasoningDeltaEvent { Delta = "Read" },
            """{"type":"agent_reasoning_delta","delta":"Read"}""");
        yield return ("agent_reasoning_raw_content", new AgentReasoningRawContentEvent { Text = "raw thought" },
            """{"type":"agent_reasoning_raw_content","text":"raw thought"}""");
        yield return ("agent_reasoning_raw_content_delta", new AgentReasoningRawContentDeltaEvent { Delta = "raw" },
            """{"type":"agent_reasoning_raw_content_delta","delta":"raw"}""");
        yield return ("agent_reasoning_section_break", new AgentReasoningSectionBreakEvent(),
            """{"type":"agent_reasoning_section_break"}""");

        yield return ("session_configured_new", new SessionConfiguredEvent
        {
            SessionId = ThreadId,
            Model = "gpt-5-codex",
            HistoryLogId = 0,
            HistoryEntryCount = 0,
            RolloutPath = "/home/u/.codex/sessions/2025/10/21/rollout-2025-10-21T10-00-00-" + ThreadId + ".jsonl",
        },
            $$"""
            {"type":"session_configured","session_id":"{{ThreadId}}","model":"gpt-5-codex",
             "history_log_id":0,"history_entry_count":0,
             "rollout_path":"/home/u/.codex/sessions/2025/10/21/rollout-2025-10-21T10-00-00-{{ThreadId}}.jsonl"}
            """);
        yield return ("session_configured_resumed", new SessionConfiguredEvent
        {
            SessionId = ThreadId,
            Model = "o4-mini",
            ReasoningEffort = "high",
            HistoryLogId = 1234567,
            HistoryEntryCount = 42,
            InitialMessages = [new AgentMessageEvent { Message = "earlier" }, new TaskCompleteEvent { LastAgentMessage = "earlier" }],
            RolloutPath = "/r.jsonl",
        },
            $$"""
            {"type":"session_configured","session_id":"{{ThreadId}}","model":"o4-mini","reasoning_effort":"high",
             "history_log_id":1234567,"history_entry_count":42,
             "initial_messages":[{"type":"agent_message","message":"earlier"},{"type":"task_complete","last_agent_message":"earlier"}],
             "rollout_path":"/r.jsonl"}
            """);

        yield return ("mcp_tool_call_begin", new McpToolCallBeginEvent
        {
            CallId = "call_7",
            Invocation = new McpInvocation { Server = "docs", Tool = "search", Arguments = Json("""{"q":"pipelines","limit":3}""") },
        },
            """{"type":"mcp_tool_call_begin","call_id":"call_7","invocation":{"server":"docs","tool":"search","arguments":{"q":"pipelines","limit":3}}}""");
        yield return ("mcp_tool_call_begin_no_arguments", new McpToolCallBeginEvent
        {
            CallId = "call_8",
            Invocation = new McpInvocation { Server = "docs", Tool = "list" },
        },
            """{"type":"mcp_tool_call_begin","call_id":"call_8","invocation":{"server":"docs","tool":"list","arguments":null}}""");
        yield return ("mcp_tool_call_end_ok", new McpToolCallEndEvent
        {
            CallId = "call_7",
            Invocation = new McpInvocation { Server = "docs", Tool = "search", Arguments = Json("""{"q":"pipelines"}""") },
            Duration = TimeSpan.FromTicks((1 * TimeSpan.TicksPerSecond) + (500_000_000 / 100)),
            Result = Json("""{"Ok":{"content":[{"type":"text","text":"found 3"}],"isError":false}}"""),
        },
            """
            {"type":"mcp_tool_call_end","call_id":"call_7","invocation":{"server":"docs","tool":"search","arguments":{"q":"pipelines"}},
             "duration":{"secs":1,"nanos":500000000},"result":{"Ok":{"content":[{"type":"text","text":"found 3"}],"isError":false}}}
            """);
        yield return ("mcp_tool_call_end_err", new McpToolCallEndEvent
        {
            CallId = "call_9",
            Invocation = new McpInvocation { Server = "docs", Tool = "search" },
            Duration = TimeSpan.FromTicks(123_456_7),
            Result = Json("""{"Err":"tool call failed: timeout"}"""),
        },
            """
            {"type":"mcp_tool_call_end","call_id":"call_9","invocation":{"server":"docs","tool":"search","arguments":null},
             "duration":{"secs":0,"nanos":123456700},"result":{"Err":"tool call failed: timeout"}}
            """);

        yield return ("web_search_begin", new WebSearchBeginEvent { CallId = "ws_1" },
            """{"type":"web_search_begin","call_id":"ws_1"}""");
        yield return ("web_search_end", new WebSearchEndEvent { CallId = "ws_1", Query = "System.IO.Pipelines" },
            """{"type":"web_search_end","call_id":"ws_1","query":"System.IO.Pipelines"}""");

        yield return ("exec_command_begin", new ExecCommandBeginEvent
        {
            CallId = "call1234",
            Command = ["bash", "-lc", "cat a.txt && ls src && rg foo && git status"],
            Cwd = "/tmp/work",
            ParsedCmd =
            [
                new ReadParsedCommand { Cmd = "cat a.txt", Name = "a.txt", Path = "/tmp/work/a.txt" },
                new ListFilesParsedCommand { Cmd = "ls src", Path = "src" },
                new ListFilesParsedCommand { Cmd = "ls" },
                new SearchParsedCommand { Cmd = "rg foo", Query = "foo" },
                new SearchParsedCommand { Cmd = "rg --files", Path = "lib" },
                new UnknownParsedCommand { Cmd = "git status" },
            ],
        },
            """
            {"type":"exec_command_begin","call_id":"call1234","command":["bash","-lc","cat a.txt && ls src && rg foo && git status"],"cwd":"/tmp/work",
             "parsed_cmd":[{"type":"read","cmd":"cat a.txt","name":"a.txt","path":"/tmp/work/a.txt"},
                           {"type":"list_files","cmd":"ls src","path":"src"},
                           {"type":"list_files","cmd":"ls","path":null},
                           {"type":"search","cmd":"rg foo","query":"foo","path":null},
                           {"type":"search","cmd":"rg --files","query":null,"path":"lib"},
                           {"type":"unknown","cmd":"git status"}]}
            """);

        yield return ("exec_command_output_delta_stdout", new ExecCommandOutputDeltaEvent { CallId = "call1234", Stream = ExecOutputStream.Stdout, Chunk = Encoding.UTF8.GetBytes("hello\n") },
            """{"type":"exec_command_output_delta","call_id":"call1234","stream":"stdout","chunk":"aGVsbG8K"}""");
        yield return ("exec_command_output_delta_stderr_binary", new ExecCommandOutputDeltaEvent { CallId = "call1234", Stream = ExecOutputStream.Stderr, Chunk = [0x00, 0xFF, 0x80, 0x0A] },
            """{"type":"exec_command_output_delta","call_id":"call1234","stream":"stderr","chunk":"AP+ACg=="}""");

        yield return ("exec_command_end", new ExecCommandEndEvent
        {
            CallId = "call1234",
            Stdout = "hello\n",
            Stderr = "warn\n",
            AggregatedOutput = "hello\nwarn\n",
            ExitCode = 0,
            Duration = TimeSpan.FromTicks((2 * TimeSpan.TicksPerSecond) + 3_456_789),
            FormattedOutput = "hello\nwarn\n",
        },
            """
            {"type":"exec_command_end","call_id":"call1234","stdout":"hello\n","stderr":"warn\n","aggregated_output":"hello\nwarn\n",
             "exit_code":0,"duration":{"secs":2,"nanos":345678900},"formatted_output":"hello\nwarn\n"}
            """);
        yield return ("exec_command_end_rejected", new ExecCommandEndEvent
        {
            CallId = "call1234",
            Stdout = string.Empty,
            Stderr = "exec command rejected by user",
            AggregatedOutput = "exec command rejected by user",
            ExitCode = -1,
            Duration = TimeSpan.Zero,
            FormattedOutput = string.Empty,
        },
            """
            {"type":"exec_command_end","call_id":"call1234","stdout":"","stderr":"exec command rejected by user","aggregated_output":"exec command rejected by user",
             "exit_code":-1,"duration":{"secs":0,"nanos":0},"formatted_output":""}
            """);

        yield return ("view_image_tool_call", new ViewImageToolCallEvent { CallId = "img_1", Path = "/tmp/work/shot.png" },
            """{"type":"view_image_tool_call","call_id":"img_1","path":"/tmp/work/shot.png"}""");

        yield return ("exec_approval_request", new ExecApprovalRequestEvent
        {
            CallId = "call1234",
            Command = ["python3", "-c", "import pathlib; pathlib.Path('x').touch()"],
            Cwd = "/tmp/.tmpAbC123",
            ParsedCmd = [new UnknownParsedCommand { Cmd = "python3 -c \"import pathlib; pathlib.Path('x').touch()\"" }],
        },
            """
            {"type":"exec_approval_request","call_id":"call1234","command":["python3","-c","import pathlib; pathlib.Path('x').touch()"],
             "cwd":"/tmp/.tmpAbC123","parsed_cmd":[{"type":"unknown","cmd":"python3 -c \"import pathlib; pathlib.Path('x').touch()\""}]}
            """);
        yield return ("exec_approval_request_with_reason", new ExecApprovalRequestEvent
        {
            CallId = "call1235",
            Command = ["rm", "-rf", "build"],
            Cwd = "/w",
            Reason = "clean the build output",
            ParsedCmd = [new UnknownParsedCommand { Cmd = "rm -rf build" }],
        },
            """
            {"type":"exec_approval_request","call_id":"call1235","command":["rm","-rf","build"],"cwd":"/w","reason":"clean the build output",
             "parsed_cmd":[{"type":"unknown","cmd":"rm -rf build"}]}
            """);

        yield return ("apply_patch_approval_request", new ApplyPatchApprovalRequestEvent
        {
            CallId = "call_p",
            Changes = new Dictionary<string, FileChange>
            {
                ["/w/new.txt"] = new AddFileChange("new content\n"),
                ["/w/old.txt"] = new DeleteFileChange("old content\n"),
                ["/w/edit.txt"] = new UpdateFileChange("@@ -1 +1 @@\n-original content\n+modified content\n"),
                ["/w/moved.txt"] = new UpdateFileChange("@@ -1 +1 @@\n-a\n+b\n", "/w/dest.txt"),
            },
        },
            """
            {"type":"apply_patch_approval_request","call_id":"call_p","changes":{
              "/w/new.txt":{"add":{"content":"new content\n"}},
              "/w/old.txt":{"delete":{"content":"old content\n"}},
              "/w/edit.txt":{"update":{"unified_diff":"@@ -1 +1 @@\n-original content\n+modified content\n","move_path":null}},
              "/w/moved.txt":{"update":{"unified_diff":"@@ -1 +1 @@\n-a\n+b\n","move_path":"/w/dest.txt"}}}}
            """);
        yield return ("apply_patch_approval_request_reason_and_grant_root", new ApplyPatchApprovalRequestEvent
        {
            CallId = "call_q",
            Changes = new Dictionary<string, FileChange> { ["/outside/f.txt"] = new AddFileChange("x") },
            Reason = "writes outside the workspace",
            GrantRoot = "/outside",
        },
            """
            {"type":"apply_patch_approval_request","call_id":"call_q","changes":{"/outside/f.txt":{"add":{"content":"x"}}},
             "reason":"writes outside the workspace","grant_root":"/outside"}
            """);

        yield return ("background_event", new BackgroundEvent { Message = "Compacting the conversation" },
            """{"type":"background_event","message":"Compacting the conversation"}""");
        yield return ("stream_error", new StreamErrorEvent { Message = "Re-connecting... 1/5" },
            """{"type":"stream_error","message":"Re-connecting... 1/5"}""");

        yield return ("patch_apply_begin", new PatchApplyBeginEvent
        {
            CallId = "call_p",
            AutoApproved = false,
            Changes = new Dictionary<string, FileChange> { ["/w/edit.txt"] = new UpdateFileChange("@@ -1 +1 @@\n-a\n+b\n") },
        },
            """{"type":"patch_apply_begin","call_id":"call_p","auto_approved":false,"changes":{"/w/edit.txt":{"update":{"unified_diff":"@@ -1 +1 @@\n-a\n+b\n","move_path":null}}}}""");
        yield return ("patch_apply_end", new PatchApplyEndEvent
        {
            CallId = "call_p",
            Stdout = "Success. Updated the following files:\nM /w/edit.txt\n",
            Stderr = string.Empty,
            Success = true,
        },
            """{"type":"patch_apply_end","call_id":"call_p","stdout":"Success. Updated the following files:\nM /w/edit.txt\n","stderr":"","success":true}""");

        yield return ("turn_diff", new TurnDiffEvent { UnifiedDiff = "diff --git a//w/edit.txt b//w/edit.txt\nindex 1..2 100644\n--- a//w/edit.txt\n+++ b//w/edit.txt\n@@ -1 +1 @@\n-a\n+b\n" },
            """{"type":"turn_diff","unified_diff":"diff --git a//w/edit.txt b//w/edit.txt\nindex 1..2 100644\n--- a//w/edit.txt\n+++ b//w/edit.txt\n@@ -1 +1 @@\n-a\n+b\n"}""");

        yield return ("get_history_entry_response", new GetHistoryEntryResponseEvent
        {
            Offset = 3,
            LogId = 77,
            Entry = new HistoryEntry { ConversationId = ThreadId, Ts = 1761040000, Text = "add a README" },
        },
            $$$"""{"type":"get_history_entry_response","offset":3,"log_id":77,"entry":{"conversation_id":"{{{ThreadId}}}","ts":1761040000,"text":"add a README"}}""");
        yield return ("get_history_entry_response_no_entry", new GetHistoryEntryResponseEvent { Offset = 9, LogId = 77 },
            """{"type":"get_history_entry_response","offset":9,"log_id":77}""");

        yield return ("mcp_list_tools_response", new McpListToolsResponseEvent
        {
            Tools = new Dictionary<string, JsonElement> { ["docs__search"] = Json("""{"name":"search","inputSchema":{"type":"object"}}""") },
            Resources = new Dictionary<string, JsonElement> { ["docs"] = Json("""[{"uri":"file:///a.md","name":"a"}]""") },
            ResourceTemplates = new Dictionary<string, JsonElement> { ["docs"] = Json("[]") },
            AuthStatuses = new Dictionary<string, string> { ["docs"] = "bearer_token", ["local"] = "unsupported" },
        },
            """
            {"type":"mcp_list_tools_response","tools":{"docs__search":{"name":"search","inputSchema":{"type":"object"}}},
             "resources":{"docs":[{"uri":"file:///a.md","name":"a"}]},"resource_templates":{"docs":[]},
             "auth_statuses":{"docs":"bearer_token","local":"unsupported"}}
            """);

        yield return ("list_custom_prompts_response", new ListCustomPromptsResponseEvent
        {
            CustomPrompts =
            [
                new CustomPrompt { Name = "fix", Path = "/h/.codex/prompts/fix.md", Content = "Fix $1", Description = "Fix a file", ArgumentHint = "[file]" },
                new CustomPrompt { Name = "plain", Path = "/h/.codex/prompts/plain.md", Content = "Do it" },
            ],
        },
            """
            {"type":"list_custom_prompts_response","custom_prompts":[
              {"name":"fix","path":"/h/.codex/prompts/fix.md","content":"Fix $1","description":"Fix a file","argument_hint":"[file]"},
              {"name":"plain","path":"/h/.codex/prompts/plain.md","content":"Do it","description":null,"argument_hint":null}]}
            """);

        yield return ("plan_update", new PlanUpdateEvent
        {
            Plan =
            [
                new PlanItem { Step = "Read the code", Status = StepStatus.Completed },
                new PlanItem { Step = "Write the fix", Status = StepStatus.InProgress },
                new PlanItem { Step = "Run the tests", Status = StepStatus.Pending },
            ],
        },
            """
            {"type":"plan_update","explanation":null,"plan":[{"step":"Read the code","status":"completed"},
              {"step":"Write the fix","status":"in_progress"},{"step":"Run the tests","status":"pending"}]}
            """);
        yield return ("plan_update_with_explanation", new PlanUpdateEvent { Explanation = "Starting", Plan = [] },
            """{"type":"plan_update","explanation":"Starting","plan":[]}""");

        yield return ("turn_aborted_interrupted", new TurnAbortedEvent { Reason = TurnAbortReason.Interrupted },
            """{"type":"turn_aborted","reason":"interrupted"}""");
        yield return ("turn_aborted_replaced", new TurnAbortedEvent { Reason = TurnAbortReason.Replaced },
            """{"type":"turn_aborted","reason":"replaced"}""");
        yield return ("turn_aborted_review_ended", new TurnAbortedEvent { Reason = TurnAbortReason.ReviewEnded },
            """{"type":"turn_aborted","reason":"review_ended"}""");

        yield return ("shutdown_complete", new ShutdownCompleteEvent(),
            """{"type":"shutdown_complete"}""");

        yield return ("conversation_path", new ConversationPathEvent { ConversationId = ThreadId, Path = "/h/.codex/sessions/r.jsonl" },
            $$"""{"type":"conversation_path","conversation_id":"{{ThreadId}}","path":"/h/.codex/sessions/r.jsonl"}""");

        yield return ("entered_review_mode", new EnteredReviewModeEvent { Prompt = "Review my change", UserFacingHint = "current changes" },
            """{"type":"entered_review_mode","prompt":"Review my change","user_facing_hint":"current changes"}""");
        yield return ("exited_review_mode_null", new ExitedReviewModeEvent(),
            """{"type":"exited_review_mode","review_output":null}""");
        yield return ("exited_review_mode", new ExitedReviewModeEvent
        {
            ReviewOutput = Json("""
                {"findings":[{"title":"Null check","body":"May throw","confidence_score":0.8,"priority":1,
                  "code_location":{"absolute_file_path":"/w/a.cs","line_range":{"start":3,"end":5}}}],
                 "overall_correctness":"patch is incorrect","overall_explanation":"one bug","overall_confidence_score":0.7}
                """),
        },
            """
            {"type":"exited_review_mode","review_output":{"findings":[{"title":"Null check","body":"May throw","confidence_score":0.8,"priority":1,
              "code_location":{"absolute_file_path":"/w/a.cs","line_range":{"start":3,"end":5}}}],
              "overall_correctness":"patch is incorrect","overall_explanation":"one bug","overall_confidence_score":0.7}}
            """);

        var item = new UserMessageTurnItem
        {
            Id = "5f0c1e9a-2b3c-4d5e-8f90-1a2b3c4d5e6f",
            Content =
            [
                new TextUserInput { Text = "say hi" },
                new ImageUserInput { ImageUrl = "data:image/png;base64,iVBORw0KGgo=" },
                new LocalImageUserInput { Path = "/tmp/shot.png" },
            ],
        };
        const string itemJson = """
            {"UserMessage":{"id":"5f0c1e9a-2b3c-4d5e-8f90-1a2b3c4d5e6f","content":[
              {"type":"text","text":"say hi"},{"type":"image","image_url":"data:image/png;base64,iVBORw0KGgo="},{"type":"local_image","path":"/tmp/shot.png"}]}}
            """;
        yield return ("item_started", new ItemStartedEvent { ThreadId = ThreadId, TurnId = "1", Item = item },
            $$"""{"type":"item_started","thread_id":"{{ThreadId}}","turn_id":"1","item":{{itemJson}}}""");
        yield return ("item_completed", new ItemCompletedEvent { ThreadId = ThreadId, TurnId = "1", Item = item },
            $$"""{"type":"item_completed","thread_id":"{{ThreadId}}","turn_id":"1","item":{{itemJson}}}""");
    }

    private static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }
}
