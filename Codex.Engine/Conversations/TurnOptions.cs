using Codex.Engine.Model;
using Codex.Protocol;

namespace Codex.Engine.Conversations;

/// <summary>What one <c>codex</c>/<c>codex-reply</c> call adds to its turn beyond the prompt.</summary>
public sealed record TurnOptions
{
    /// <summary>No options: the conversation's settings as they are.</summary>
    public static TurnOptions None { get; } = new();

    /// <summary>The reasoning effort of this turn only (<c>codex-reply</c>'s <c>reasoning-effort</c>).</summary>
    public ReasoningEffort? ReasoningEffort { get; init; }

    /// <summary>The reasoning summary of this turn only (<c>codex-reply</c>'s <c>reasoning-summary</c>).</summary>
    public ReasoningSummary? ReasoningSummary { get; init; }

    /// <summary>The <c>images</c> argument: local paths (relative to the conversation's cwd) or <c>data:</c> URLs.</summary>
    public IReadOnlyList<string>? Images { get; init; }

    /// <summary>The images, loaded and checked; the engine fills this in before the turn starts.</summary>
    internal IReadOnlyList<InputImageContent> InputImages { get; init; } = [];
}
