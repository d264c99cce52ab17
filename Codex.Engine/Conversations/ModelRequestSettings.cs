using System.Text.Json;
using Codex.Engine.Config;
using Codex.Engine.Instructions;
using Codex.Engine.Model;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>Builds the model request of a conversation (spec §9): instructions, history, tools, reasoning.</summary>
internal sealed record ModelRequestSettings(string UserAgent, string Originator)
{
    public ModelRequest Build(Conversation conversation, IReadOnlyList<JsonElement> tools, TurnOptions? turn = null)
    {
        var config = conversation.Config;
        return new ModelRequest
        {
            Model = config.Model,
            Instructions = config.BaseInstructions ?? DefaultInstructions.Text,
            Input = [.. conversation.History],
            Tools = tools,
            ParallelToolCalls = ModelFamilies.SupportsParallelToolCalls(config.Model),
            Reasoning = ModelFamilies.SupportsReasoning(config.Model)
                ? new ReasoningOptions
                {
                    // A codex-reply override holds for its turn only (upstream's per-turn override).
                    Effort = turn?.ReasoningEffort is { } effort ? ReasoningNames.Name(effort) : config.ReasoningEffort,
                    Summary = SummarySent(turn?.ReasoningSummary is { } summary ? ReasoningNames.Name(summary) : config.ReasoningSummary),
                }
                : null,
            Verbosity = config.Model.StartsWith("gpt-5", StringComparison.Ordinal) && !config.Model.Contains("codex", StringComparison.Ordinal) ? config.Verbosity : null,
            ConversationId = conversation.Id,
            UserAgent = UserAgent,
            Originator = Originator,
        };
    }

    // As upstream: `none` turns summaries off by leaving `reasoning.summary` out.
    private static string? SummarySent(string summary) => summary == "none" ? null : summary;
}
