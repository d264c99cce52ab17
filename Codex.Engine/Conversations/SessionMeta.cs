using System.Text.Json;
using System.Text.Json.Serialization;
using Codex.Engine.Config;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>
/// The first line of a rollout file: who the conversation is and the request that configured it,
/// so a resumed conversation gets the same settings (re-resolved against today's config.toml).
/// It holds no secrets: credentials are looked up again on resume.
/// </summary>
internal sealed record SessionMeta
{
    [JsonPropertyName("id")]
    public required string Id { get; init; }

    [JsonPropertyName("timestamp")]
    public required DateTimeOffset Timestamp { get; init; }

    [JsonPropertyName("cwd")]
    public required string Cwd { get; init; }

    [JsonPropertyName("originator")]
    public required string Originator { get; init; }

    [JsonPropertyName("cli_version")]
    public required string CliVersion { get; init; }

    [JsonPropertyName("model")]
    public required string Model { get; init; }

    [JsonPropertyName("model_provider")]
    public required string ModelProvider { get; init; }

    [JsonPropertyName("request")]
    public required StoredConfigRequest Request { get; init; }
}

/// <summary>The <c>codex</c> arguments that configured a conversation, as stored in its rollout.</summary>
internal sealed record StoredConfigRequest
{
    [JsonPropertyName("model")]
    public string? Model { get; init; }

    [JsonPropertyName("profile")]
    public string? Profile { get; init; }

    [JsonPropertyName("cwd")]
    public string? Cwd { get; init; }

    [JsonPropertyName("approval_policy")]
    public AskForApproval? ApprovalPolicy { get; init; }

    [JsonPropertyName("sandbox")]
    public SandboxMode? Sandbox { get; init; }

    [JsonPropertyName("config")]
    public Dictionary<string, JsonElement>? Overrides { get; init; }

    [JsonPropertyName("base_instructions")]
    public string? BaseInstructions { get; init; }

    [JsonPropertyName("developer_instructions")]
    public string? DeveloperInstructions { get; init; }

    [JsonPropertyName("compact_prompt")]
    public string? CompactPrompt { get; init; }

    [JsonPropertyName("include_plan_tool")]
    public bool? IncludePlanTool { get; init; }

    [JsonPropertyName("reasoning_effort")]
    public ReasoningEffort? ReasoningEffort { get; init; }

    [JsonPropertyName("reasoning_summary")]
    public ReasoningSummary? ReasoningSummary { get; init; }

    public static StoredConfigRequest From(ConfigRequest request, string resolvedCwd) => new()
    {
        Model = request.Model,
        Profile = request.Profile,
        Cwd = resolvedCwd,
        ApprovalPolicy = request.ApprovalPolicy,
        Sandbox = request.Sandbox,
        Overrides = request.Overrides?.ToDictionary(p => p.Key, p => p.Value),
        BaseInstructions = request.BaseInstructions,
        DeveloperInstructions = request.DeveloperInstructions,
        CompactPrompt = request.CompactPrompt,
        IncludePlanTool = request.IncludePlanTool,
        ReasoningEffort = request.ReasoningEffort,
        ReasoningSummary = request.ReasoningSummary,
    };

    public ConfigRequest ToRequest() => new()
    {
        Model = Model,
        Profile = Profile,
        Cwd = Cwd,
        ApprovalPolicy = ApprovalPolicy,
        Sandbox = Sandbox,
        Overrides = Overrides,
        BaseInstructions = BaseInstructions,
        DeveloperInstructions = DeveloperInstructions,
        CompactPrompt = CompactPrompt,
        IncludePlanTool = IncludePlanTool,
        ReasoningEffort = ReasoningEffort,
        ReasoningSummary = ReasoningSummary,
    };
}

[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(SessionMeta))]
internal sealed partial class RolloutJsonContext : JsonSerializerContext;
