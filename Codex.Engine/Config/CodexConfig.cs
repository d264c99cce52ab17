using Codex.Engine.Auth;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;
using Codex.Protocol;

namespace Codex.Engine.Config;

/// <summary>
/// The settings of one conversation, resolved from defaults, config.toml, a profile, overrides
/// and tool arguments (see <see cref="ConfigLoader"/>). Immutable.
/// </summary>
public sealed record CodexConfig
{
    /// <summary>The model used when nothing else says.</summary>
    public const string DefaultModel = "gpt-5-codex";

    /// <summary>CODEX_HOME.</summary>
    public required string CodexHome { get; init; }

    /// <summary>The model slug.</summary>
    public required string Model { get; init; }

    /// <summary>The provider's id in <c>model_providers</c>.</summary>
    public required string ModelProviderId { get; init; }

    /// <summary>The provider.</summary>
    public required ModelProviderInfo ModelProvider { get; init; }

    /// <summary>When to ask before acting.</summary>
    public AskForApproval ApprovalPolicy { get; init; } = AskForApproval.OnRequest;

    /// <summary>What commands may touch.</summary>
    public required SandboxPolicy SandboxPolicy { get; init; }

    /// <summary>How the environment of spawned commands is built.</summary>
    public ShellEnvironmentPolicy ShellEnvironmentPolicy { get; init; } = ShellEnvironmentPolicy.Default;

    /// <summary>The variables that hold credentials; commands never inherit them (see <see cref="ShellEnvironment.Build"/>).</summary>
    public CredentialVariables CredentialVariables { get; init; } = CredentialVariables.Default;

    /// <summary>
    /// Where the built-in <c>openai</c> provider sends model requests when it runs on ChatGPT tokens
    /// (<c>chatgpt_base_url</c> + <c>codex</c>); null when another provider is in use or <c>openai_base_url</c> /
    /// <c>OPENAI_BASE_URL</c> names the base URL for every credential.
    /// </summary>
    public string? ChatGptModelBaseUrl { get; init; }

    /// <summary><c>forced_login_method</c> and <c>forced_chatgpt_workspace_id</c> (config.toml and the server's <c>-c</c> only).</summary>
    public LoginRestrictions LoginRestrictions { get; init; } = LoginRestrictions.None;

    /// <summary>The absolute working directory of the conversation.</summary>
    public required string Cwd { get; init; }

    /// <summary>Replaces the default system instructions when set.</summary>
    public string? BaseInstructions { get; init; }

    /// <summary>Added as a developer message at the start of the conversation.</summary>
    public string? DeveloperInstructions { get; init; }

    /// <summary>AGENTS.md-style instructions (CODEX_HOME and the project), or null.</summary>
    public string? UserInstructions { get; init; }

    /// <summary>The prompt used to compact the conversation.</summary>
    public string? CompactPrompt { get; init; }

    /// <summary>Whether the model gets <c>update_plan</c>.</summary>
    public bool IncludePlanTool { get; init; }

    /// <summary>Whether <c>exec_command</c>/<c>write_stdin</c> replace <c>shell</c> (feature <c>unified_exec</c> or the model family).</summary>
    public bool UnifiedExec { get; init; }

    /// <summary>
    /// <c>background_terminal_max_timeout</c> (ms): the longest an empty <c>write_stdin</c> poll waits; default
    /// 300000, never below 5000 (upstream's bounds).
    /// </summary>
    public long BackgroundTerminalMaxTimeoutMs { get; init; } = DefaultBackgroundTerminalMaxTimeoutMs;

    /// <summary>The default of <see cref="BackgroundTerminalMaxTimeoutMs"/>.</summary>
    public const long DefaultBackgroundTerminalMaxTimeoutMs = 300_000;

    /// <summary>The floor of <see cref="BackgroundTerminalMaxTimeoutMs"/>: the shortest an empty poll waits.</summary>
    public const long MinEmptyPollMs = 5_000;

    /// <summary><c>model_reasoning_effort</c>: minimal, low, medium or high; null leaves the API default.</summary>
    public string? ReasoningEffort { get; init; }

    /// <summary><c>model_reasoning_summary</c>: auto, concise, detailed or none.</summary>
    public string ReasoningSummary { get; init; } = "auto";

    /// <summary><c>model_verbosity</c>: low, medium or high; null to omit.</summary>
    public string? Verbosity { get; init; }

    /// <summary>Whether raw reasoning text is streamed as events.</summary>
    public bool ShowRawAgentReasoning { get; init; }

    /// <summary>Whether reasoning events are suppressed.</summary>
    public bool HideAgentReasoning { get; init; }

    /// <summary>The model's nominal context window, when known.</summary>
    public long? ModelContextWindow { get; init; }

    /// <summary>
    /// When the tokens in the context window reach this, the conversation is summarized
    /// (<c>model_auto_compact_token_limit</c>; default 90 % of the known window); null turns it off.
    /// </summary>
    public long? AutoCompactTokenLimit { get; init; }

    /// <summary>How long an approval may wait for the client before it counts as denied.</summary>
    public TimeSpan ApprovalTimeout { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>Whether the model gets <c>view_image</c> (feature <c>view_image_tool</c>, legacy <c>tools.view_image</c>; on by default).</summary>
    public bool ViewImageTool { get; init; } = true;

    /// <summary>Whether the hosted <c>web_search</c> tool is offered on the Responses wire (feature <c>web_search_request</c>, legacy <c>tools.web_search</c>).</summary>
    public bool WebSearch { get; init; }

    /// <summary><c>notify</c>: a program and its arguments, run after each completed turn with the turn's JSON appended.</summary>
    public IReadOnlyList<string>? Notify { get; init; }

    /// <summary>The profile in use, if any.</summary>
    public string? Profile { get; init; }

    /// <summary>The agent's own MCP servers (<c>[mcp_servers.*]</c>), by name.</summary>
    public IReadOnlyDictionary<string, McpClients.McpServerConfig> McpServers { get; init; } = new Dictionary<string, McpClients.McpServerConfig>();

    /// <summary>The usable context window reported to clients: 95 % of the nominal one (spec §3.2).</summary>
    public long? EffectiveContextWindow => ModelContextWindow is { } window ? window * 95 / 100 : null;
}
