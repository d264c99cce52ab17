namespace Codex.Engine.Model;

/// <summary>The <c>reasoning</c> request parameter; each field is omitted when null (spec §9.1).</summary>
public sealed record ReasoningOptions
{
    /// <summary><c>minimal</c>, <c>low</c>, <c>medium</c> or <c>high</c>.</summary>
    public string? Effort { get; init; }

    /// <summary><c>auto</c>, <c>concise</c> or <c>detailed</c>.</summary>
    public string? Summary { get; init; }
}
