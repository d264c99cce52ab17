namespace Codex.Testing;

/// <summary>Token counts the scripted server reports at completion.</summary>
public sealed record ScriptedUsage(long InputTokens, long OutputTokens, long CachedInputTokens = 0, long ReasoningOutputTokens = 0)
{
    /// <summary>Input plus output.</summary>
    public long TotalTokens => InputTokens + OutputTokens;
}
