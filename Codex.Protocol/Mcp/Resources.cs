using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>A resource as listed by <c>resources/list</c>.</summary>
public sealed record Resource
{
    /// <summary>The resource's URI.</summary>
    [JsonPropertyName("uri")]
    public required string Uri { get; init; }

    /// <summary>A programmatic name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>A name for people.</summary>
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    /// <summary>What the resource is.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>The MIME type of its contents.</summary>
    [JsonPropertyName("mimeType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MimeType { get; init; }

    /// <summary>Hints for the client, e.g. the time of the last change.</summary>
    [JsonPropertyName("annotations")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public ResourceAnnotations? Annotations { get; init; }

    /// <summary>Server-specific details.</summary>
    [JsonPropertyName("_meta")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyDictionary<string, JsonElement>? Meta { get; init; }
}

/// <summary>The annotations of a resource.</summary>
public sealed record ResourceAnnotations
{
    /// <summary>When the resource last changed (ISO 8601).</summary>
    [JsonPropertyName("lastModified")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? LastModified { get; init; }
}

/// <summary>A family of resources, as listed by <c>resources/templates/list</c>.</summary>
public sealed record ResourceTemplate
{
    /// <summary>An RFC 6570 URI template.</summary>
    [JsonPropertyName("uriTemplate")]
    public required string UriTemplate { get; init; }

    /// <summary>A programmatic name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>A name for people.</summary>
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    /// <summary>What the resources are.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>The MIME type of their contents.</summary>
    [JsonPropertyName("mimeType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MimeType { get; init; }
}

/// <summary>The parameters of <c>resources/read</c>, <c>resources/subscribe</c> and <c>resources/unsubscribe</c>.</summary>
public sealed record ResourceUriParams
{
    /// <summary>The resource's URI.</summary>
    [JsonPropertyName("uri")]
    public required string Uri { get; init; }
}

/// <summary>The result of <c>resources/read</c>.</summary>
public sealed record ReadResourceResult
{
    /// <summary>The contents.</summary>
    [JsonPropertyName("contents")]
    public required IReadOnlyList<TextResourceContents> Contents { get; init; }
}

/// <summary>The text contents of a resource.</summary>
public sealed record TextResourceContents
{
    /// <summary>The resource's URI.</summary>
    [JsonPropertyName("uri")]
    public required string Uri { get; init; }

    /// <summary>The MIME type.</summary>
    [JsonPropertyName("mimeType")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? MimeType { get; init; }

    /// <summary>The text.</summary>
    [JsonPropertyName("text")]
    public required string Text { get; init; }
}

/// <summary>MCP's error codes beyond JSON-RPC's.</summary>
public static class McpErrorCodes
{
    /// <summary><c>resources/read</c> of a resource that does not exist.</summary>
    public const int ResourceNotFound = -32002;
}
