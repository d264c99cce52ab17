using System.Text.Json.Serialization;

namespace Codex.Protocol.Mcp;

/// <summary>The parameters of <c>completion/complete</c>.</summary>
public sealed record CompleteRequestParams
{
    /// <summary>What is being completed: a prompt or a resource template.</summary>
    [JsonPropertyName("ref")]
    public required CompletionReference Ref { get; init; }

    /// <summary>The argument being typed.</summary>
    [JsonPropertyName("argument")]
    public required CompletionArgument Argument { get; init; }

    /// <summary>Arguments already given.</summary>
    [JsonPropertyName("context")]
    public CompletionContext? Context { get; init; }
}

/// <summary>A <c>ref/prompt</c> (by <see cref="Name"/>) or <c>ref/resource</c> (by <see cref="Uri"/>).</summary>
public sealed record CompletionReference
{
    /// <summary><c>ref/prompt</c> or <c>ref/resource</c>.</summary>
    [JsonPropertyName("type")]
    public required string Type { get; init; }

    /// <summary>The prompt's name.</summary>
    [JsonPropertyName("name")]
    public string? Name { get; init; }

    /// <summary>The resource template's URI template.</summary>
    [JsonPropertyName("uri")]
    public string? Uri { get; init; }
}

/// <summary>The argument being completed and its value so far.</summary>
public sealed record CompletionArgument
{
    /// <summary>The argument's name.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>What was typed so far.</summary>
    [JsonPropertyName("value")]
    public required string Value { get; init; }
}

/// <summary>The context of a completion.</summary>
public sealed record CompletionContext
{
    /// <summary>Arguments already given.</summary>
    [JsonPropertyName("arguments")]
    public IReadOnlyDictionary<string, string>? Arguments { get; init; }
}

/// <summary>The result of <c>completion/complete</c>.</summary>
public sealed record CompleteResult
{
    /// <summary>The suggestions.</summary>
    [JsonPropertyName("completion")]
    public required CompletionValues Completion { get; init; }
}

/// <summary>Suggested values (at most 100).</summary>
public sealed record CompletionValues
{
    /// <summary>The values, best first.</summary>
    [JsonPropertyName("values")]
    public required IReadOnlyList<string> Values { get; init; }

    /// <summary>How many matched in all.</summary>
    [JsonPropertyName("total")]
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? Total { get; init; }

    /// <summary>Whether more matched than were returned.</summary>
    [JsonPropertyName("hasMore")]
    public bool HasMore { get; init; }
}
