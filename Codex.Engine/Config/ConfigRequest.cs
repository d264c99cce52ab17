using System.Text.Json;
using Codex.Protocol;

namespace Codex.Engine.Config;

/// <summary>What a <c>codex</c> call asks for; null fields fall back to the configuration.</summary>
public sealed record ConfigRequest
{
    /// <summary><c>model</c>.</summary>
    public string? Model { get; init; }

    /// <summary><c>profile</c>.</summary>
    public string? Profile { get; init; }

    /// <summary><c>cwd</c>; relative paths resolve against the server's cwd.</summary>
    public string? Cwd { get; init; }

    /// <summary><c>approval-policy</c>.</summary>
    public AskForApproval? ApprovalPolicy { get; init; }

    /// <summary><c>sandbox</c>.</summary>
    public SandboxMode? Sandbox { get; init; }

    /// <summary><c>config</c>: dotted keys to JSON values.</summary>
    public IReadOnlyDictionary<string, JsonElement>? Overrides { get; init; }

    /// <summary><c>base-instructions</c>.</summary>
    public string? BaseInstructions { get; init; }

    /// <summary><c>developer-instructions</c>.</summary>
    public string? DeveloperInstructions { get; init; }

    /// <summary><c>compact-prompt</c>.</summary>
    public string? CompactPrompt { get; init; }

    /// <summary><c>include-plan-tool</c>.</summary>
    public bool? IncludePlanTool { get; init; }

    /// <summary><c>reasoning-effort</c>: wins over <c>model_reasoning_effort</c>.</summary>
    public ReasoningEffort? ReasoningEffort { get; init; }

    /// <summary><c>reasoning-summary</c>: wins over <c>model_reasoning_summary</c>.</summary>
    public ReasoningSummary? ReasoningSummary { get; init; }

    /// <summary>Maps the <c>codex</c> tool arguments.</summary>
    public static ConfigRequest FromToolCall(CodexToolCallParam call) => new()
    {
        Model = call.Model,
        Profile = call.Profile,
        Cwd = call.Cwd,
        ApprovalPolicy = call.ApprovalPolicy,
        Sandbox = call.Sandbox,
        Overrides = call.Config,
        BaseInstructions = call.BaseInstructions,
        DeveloperInstructions = call.DeveloperInstructions,
        CompactPrompt = call.CompactPrompt,
        IncludePlanTool = call.IncludePlanTool,
        ReasoningEffort = call.ReasoningEffort,
        ReasoningSummary = call.ReasoningSummary,
    };
}
