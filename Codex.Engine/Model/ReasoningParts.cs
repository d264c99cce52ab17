using System.Text.Json.Serialization;

namespace Codex.Engine.Model;

/// <summary>One entry of a reasoning item's <c>summary</c> array.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReasoningSummaryText), "summary_text")]
public abstract record ReasoningSummaryPart
{
    private protected ReasoningSummaryPart()
    {
    }
}

/// <summary><c>{"type":"summary_text","text":…}</c>.</summary>
public sealed record ReasoningSummaryText : ReasoningSummaryPart
{
    /// <summary>The summary text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary>One entry of a reasoning item's raw <c>content</c> array.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReasoningText), "reasoning_text")]
[JsonDerivedType(typeof(ReasoningPlainText), "text")]
public abstract record ReasoningContentPart
{
    private protected ReasoningContentPart()
    {
    }

    /// <summary>The text of either variant.</summary>
    [JsonIgnore]
    public abstract string Content { get; }
}

/// <summary><c>{"type":"reasoning_text","text":…}</c>.</summary>
public sealed record ReasoningText : ReasoningContentPart
{
    /// <summary>The raw reasoning text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override string Content => Text;
}

/// <summary><c>{"type":"text","text":…}</c> (the form some servers use for raw reasoning).</summary>
public sealed record ReasoningPlainText : ReasoningContentPart
{
    /// <summary>The raw reasoning text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }

    /// <inheritdoc/>
    [JsonIgnore]
    public override string Content => Text;
}
