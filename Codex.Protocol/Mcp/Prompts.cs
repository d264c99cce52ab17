using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>A prompt template, as listed by <c>prompts/list</c>.</summary>
public sealed record Prompt
{
    /// <summary>The prompt's name (clients often show it as a slash command).</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>A name for people.</summary>
    [JsonPropertyName("title")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Title { get; init; }

    /// <summary>What the prompt does.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>Its arguments.</summary>
    [JsonPropertyName("arguments")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public IReadOnlyList<PromptArgument>? Arguments { get; init; }
}

/// <summary>An argument of a prompt template.</summary>
public sealed record PromptArgument
{
    /// <summary>The argument's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>What it is.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>Whether it must be given.</summary>
    [JsonPropertyName("required")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public bool? Required { get; init; }
}

/// <summary>The result of <c>prompts/list</c>.</summary>
public sealed record ListPromptsResult
{
    /// <summary>The prompts.</summary>
    [JsonPropertyName("prompts")]
    public required IReadOnlyList<Prompt> Prompts { get; init; }

    /// <summary>Where the next page starts, if any.</summary>
    [JsonPropertyName("nextCursor")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? NextCursor { get; init; }
}

/// <summary>The parameters of <c>prompts/get</c>.</summary>
public sealed record GetPromptRequestParams
{
    /// <summary>The prompt's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The argument values.</summary>
    [JsonPropertyName("arguments")]
    public IReadOnlyDictionary<string, string>? Arguments { get; init; }
}

/// <summary>The result of <c>prompts/get</c>: the expanded messages.</summary>
public sealed record GetPromptResult
{
    /// <summary>What the expanded prompt does.</summary>
    [JsonPropertyName("description")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public string? Description { get; init; }

    /// <summary>The messages.</summary>
    [JsonPropertyName("messages")]
    public required IReadOnlyList<PromptMessage> Messages { get; init; }
}

/// <summary>One message of an expanded prompt.</summary>
public sealed record PromptMessage
{
    /// <summary><c>user</c> or <c>assistant</c>.</summary>
    [JsonPropertyName("role")]
    public required string Role { get; init; }

    /// <summary>The content.</summary>
    [JsonPropertyName("content")]
    public required ContentBlock Content { get; init; }
}
