using System.Text.Json.Serialization;

namespace Codex.Engine.Model;

/// <summary>One part of a message's <c>content</c> array (spec §9.1).</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(InputTextContent), "input_text")]
[JsonDerivedType(typeof(OutputTextContent), "output_text")]
[JsonDerivedType(typeof(InputImageContent), "input_image")]
[JsonDerivedType(typeof(RefusalContent), "refusal")]
public abstract record ContentItem
{
    private protected ContentItem()
    {
    }
}

/// <summary><c>{"type":"input_text","text":…}</c>: user, developer or system text.</summary>
public sealed record InputTextContent : ContentItem
{
    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary><c>{"type":"output_text","text":…}</c>: assistant text.</summary>
public sealed record OutputTextContent : ContentItem
{
    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary><c>{"type":"input_image","image_url":…}</c>, usually a <c>data:&lt;mime&gt;;base64,…</c> URL.</summary>
public sealed record InputImageContent : ContentItem
{
    /// <summary>The image URL.</summary>
    [JsonPropertyName("image_url")]
    public required string ImageUrl { get; init; }
}

/// <summary><c>{"type":"refusal","refusal":…}</c>: the model declined; kept so such messages still parse.</summary>
public sealed record RefusalContent : ContentItem
{
    /// <summary>The refusal text.</summary>
    [JsonPropertyName("refusal")]
    public required string Refusal { get; init; }
}
