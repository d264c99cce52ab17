using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>One block of tool-result content, tagged by <c>type</c>.</summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(TextContentBlock), "text")]
[JsonDerivedType(typeof(ImageContentBlock), "image")]
[JsonDerivedType(typeof(AudioContentBlock), "audio")]
[JsonDerivedType(typeof(ResourceLinkContentBlock), "resource_link")]
public abstract record ContentBlock;

/// <summary>Text.</summary>
public sealed record TextContentBlock : ContentBlock
{
    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary>A base64 image.</summary>
public sealed record ImageContentBlock : ContentBlock
{
    /// <summary>The base64 bytes.</summary>
    [JsonPropertyName("data")]
    public required string Data { get; init; }

    /// <summary>The MIME type.</summary>
    [JsonPropertyName("mimeType")]
    public required string MimeType { get; init; }
}

/// <summary>Base64 audio.</summary>
public sealed record AudioContentBlock : ContentBlock
{
    /// <summary>The base64 bytes.</summary>
    [JsonPropertyName("data")]
    public required string Data { get; init; }

    /// <summary>The MIME type.</summary>
    [JsonPropertyName("mimeType")]
    public required string MimeType { get; init; }
}

/// <summary>A link to a resource.</summary>
public sealed record ResourceLinkContentBlock : ContentBlock
{
    /// <summary>The resource URI.</summary>
    [JsonPropertyName("uri")]
    public required string Uri { get; init; }

    /// <summary>The resource name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The MIME type, when known.</summary>
    [JsonPropertyName("mimeType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MimeType { get; init; }
}
