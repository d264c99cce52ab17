namespace Codex.Protocol;

/// <summary>The wire names of <see cref="ReasoningEffort"/> and <see cref="ReasoningSummary"/>, as config.toml spells them.</summary>
public static class ReasoningNames
{
    /// <summary>Every <see cref="ReasoningEffort"/> name, weakest first.</summary>
    public static IReadOnlyList<string> Efforts { get; } = ["none", "minimal", "low", "medium", "high", "xhigh"];

    /// <summary>Every <see cref="ReasoningSummary"/> name.</summary>
    public static IReadOnlyList<string> Summaries { get; } = ["auto", "concise", "detailed", "none"];

    /// <summary>The name of <paramref name="effort"/>, e.g. <c>xhigh</c>.</summary>
    public static string Name(ReasoningEffort effort) => Efforts[(int)effort];

    /// <summary>The name of <paramref name="summary"/>, e.g. <c>concise</c>.</summary>
    public static string Name(ReasoningSummary summary) => Summaries[(int)summary];
}
