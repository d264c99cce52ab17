namespace Codex.Engine.Config;

/// <summary>What the engine knows about model slugs it has not been told about.</summary>
internal static class ModelFamilies
{
    /// <summary>The nominal context window of well-known families, or null.</summary>
    public static long? ContextWindow(string model) => model switch
    {
        _ when model.StartsWith("gpt-5", StringComparison.Ordinal) || model.StartsWith("codex-", StringComparison.Ordinal) => 272_000,
        _ when model.StartsWith("o3", StringComparison.Ordinal) || model.StartsWith("o4-mini", StringComparison.Ordinal) => 200_000,
        _ when model.StartsWith("gpt-4.1", StringComparison.Ordinal) => 1_047_576,
        _ when model.StartsWith("gpt-4o", StringComparison.Ordinal) => 128_000,
        _ when model.StartsWith("gpt-oss", StringComparison.Ordinal) => 96_000,
        _ => null,
    };

    /// <summary>Whether the family takes the Responses API <c>reasoning</c> parameter.</summary>
    public static bool SupportsReasoning(string model) =>
        model.StartsWith("gpt-5", StringComparison.Ordinal)
        || model.StartsWith("codex-", StringComparison.Ordinal)
        || model.StartsWith('o');

    /// <summary>Families whose default shell tool is unified exec (<c>exec_command</c>/<c>write_stdin</c>), as upstream's model table says.</summary>
    public static bool DefaultsToUnifiedExec(string model) =>
        model.StartsWith("exp-", StringComparison.Ordinal) && !model.StartsWith("exp-codex", StringComparison.Ordinal);

    /// <summary>Families upstream sends <c>parallel_tool_calls: true</c> for.</summary>
    public static bool SupportsParallelToolCalls(string model) =>
        !model.StartsWith("gpt-5.1-codex", StringComparison.Ordinal)
        && (model.StartsWith("gpt-5.1", StringComparison.Ordinal)
            || model.StartsWith("gpt-5.2", StringComparison.Ordinal)
            || model.StartsWith("test-gpt-5", StringComparison.Ordinal)
            || model.StartsWith("exp-", StringComparison.Ordinal)
            || model.StartsWith("codex-1p", StringComparison.Ordinal)
            || model.StartsWith("bengalfox", StringComparison.Ordinal)
            || model.StartsWith("boomslang", StringComparison.Ordinal));
}
