using System.ComponentModel;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// The arguments of the <c>codex</c> tool (spec §2.1, plus the 0.153.4 additions of §11.2).
/// Names are kebab-case on the wire. Only <see cref="Prompt"/> is required.
/// </summary>
public sealed record CodexToolCallParam
{
    /// <summary>The tool's name.</summary>
    public const string ToolName = "codex";

    /// <summary>The first user prompt.</summary>
    [JsonPropertyName("prompt")]
    [Description("What you want Codex to do: the first message of a new conversation. Codex works in `cwd`, may run commands and edit files there (subject to `sandbox` and `approval-policy`), and answers with its final message.")]
    public required string Prompt { get; init; }

    /// <summary>The model slug; defaults to the profile's, then config.toml's.</summary>
    [JsonPropertyName("model")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Model to use, e.g. \"gpt-5-codex\" or \"o4-mini\". Leave unset to use the profile's or config.toml's `model`.")]
    public string? Model { get; init; }

    /// <summary>A <c>[profiles.NAME]</c> table of config.toml.</summary>
    [JsonPropertyName("profile")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Name of a `[profiles.NAME]` table in CODEX_HOME/config.toml whose settings to use. An unknown name is an error.")]
    public string? Profile { get; init; }

    /// <summary>The working directory; relative paths resolve against the server's cwd.</summary>
    [JsonPropertyName("cwd")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Directory Codex works in: commands run there and `workspace-write` may write there. Prefer an absolute path; a relative one is resolved against the server's working directory.")]
    public string? Cwd { get; init; }

    /// <summary>When to ask the user before acting.</summary>
    [JsonPropertyName("approval-policy")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("When Codex asks you (through an elicitation) before running a command or writing a patch: `untrusted` asks for everything but known read-only commands; `on-failure` runs sandboxed and asks only to retry without the sandbox; `on-request` lets the model ask when it needs more access (default); `never` never asks.")]
    public AskForApproval? ApprovalPolicy { get; init; }

    /// <summary>What commands may touch.</summary>
    [JsonPropertyName("sandbox")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("What commands may touch: `read-only` (read anywhere, write nowhere, no network), `workspace-write` (write only under `cwd`, /tmp and configured roots; no network unless configured), or `danger-full-access` (no sandbox).")]
    public SandboxMode? Sandbox { get; init; }

    /// <summary>Dotted config.toml keys to override, e.g. <c>{"model_reasoning_effort":"high"}</c>.</summary>
    [JsonPropertyName("config")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Settings that override CODEX_HOME/config.toml, as dotted keys, e.g. {\"model_reasoning_effort\": \"high\", \"sandbox_workspace_write.network_access\": true}.")]
    public Dictionary<string, JsonElement>? Config { get; init; }

    /// <summary>Replaces the default system instructions.</summary>
    [JsonPropertyName("base-instructions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Instructions that replace Codex's default system instructions entirely. Usually leave unset and use `developer-instructions`.")]
    public string? BaseInstructions { get; init; }

    /// <summary>Added as a developer-role message.</summary>
    [JsonPropertyName("developer-instructions")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Extra instructions added to the conversation as a developer message, on top of the defaults (e.g. coding conventions or constraints for this task).")]
    public string? DeveloperInstructions { get; init; }

    /// <summary>The prompt used when the conversation is compacted.</summary>
    [JsonPropertyName("compact-prompt")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Prompt used to summarise the conversation when it is compacted to fit the model's context window.")]
    public string? CompactPrompt { get; init; }

    /// <summary>Offers the <c>update_plan</c> tool to the model.</summary>
    [JsonPropertyName("include-plan-tool")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Whether the model gets the `update_plan` tool, which streams its step-by-step plan to you as `plan_update` events.")]
    public bool? IncludePlanTool { get; init; }

    /// <summary>Returns at once with the state <c>running</c>; the turn goes on (follow it with <c>codex-status</c>).</summary>
    [JsonPropertyName("background")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Return at once with the `threadId` and the state `running` while the turn goes on; follow it with `codex-status`, answer approvals with `codex-approve`, stop it with `codex-cancel`.")]
    public bool? Background { get; init; }

    // Issue 13: what the agent sees and how hard it thinks (reasoning and image arguments).

    /// <summary>Overrides <c>model_reasoning_effort</c> for the conversation.</summary>
    [JsonPropertyName("reasoning-effort")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("How hard the model reasons before answering: `none`, `minimal`, `low`, `medium`, `high` or `xhigh` (which a model accepts depends on the model; `none` and `xhigh` only newer ones). Overrides config.toml's `model_reasoning_effort` (and the profile's) for the whole conversation. Sent only to reasoning models (o-series, gpt-5 and codex families).")]
    public ReasoningEffort? ReasoningEffort { get; init; }

    /// <summary>Overrides <c>model_reasoning_summary</c> for the conversation.</summary>
    [JsonPropertyName("reasoning-summary")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Which reasoning summaries the model writes: `auto` (default), `concise`, `detailed` or `none`. They stream as `agent_reasoning` events unless config.toml sets `hide_agent_reasoning`. Overrides config.toml's `model_reasoning_summary` for the whole conversation.")]
    public ReasoningSummary? ReasoningSummary { get; init; }

    /// <summary>Images sent with the prompt: local paths or <c>data:</c> URLs.</summary>
    [JsonPropertyName("images")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    [Description("Images the model sees with `prompt`: paths of local PNG, JPEG, GIF or WebP files (relative to `cwd`, or absolute) or `data:image/…;base64,…` URLs. At most 8, each at most 10 MiB and 2048×2048 pixels; a larger image is an error (it is not downscaled). Needs a model that takes image input.")]
    public IReadOnlyList<string>? Images { get; init; }
}
