using System.Text.Json.Serialization;

namespace Codex.Protocol;

/// <summary>
/// A UI summary of one part of a command (spec §3.2), tagged by <c>type</c>:
/// <c>read</c>, <c>list_files</c>, <c>search</c> or <c>unknown</c>.
/// </summary>
[JsonPolymorphic(TypeDiscriminatorPropertyName = "type")]
[JsonDerivedType(typeof(ReadParsedCommand), "read")]
[JsonDerivedType(typeof(ListFilesParsedCommand), "list_files")]
[JsonDerivedType(typeof(SearchParsedCommand), "search")]
[JsonDerivedType(typeof(UnknownParsedCommand), "unknown")]
public abstract record ParsedCommand
{
    /// <summary>The shell-quoted text of this part of the command.</summary>
    [JsonPropertyName("cmd")]
    public required string Cmd { get; init; }
}

/// <summary>A command that reads one file (<c>cat</c>, <c>head</c>, <c>sed -n</c>, …).</summary>
public sealed record ReadParsedCommand : ParsedCommand
{
    /// <summary>The file name as shown to the user.</summary>
    [JsonPropertyName("name")]
    public required string Name { get; init; }

    /// <summary>The path that is read.</summary>
    [JsonPropertyName("path")]
    public required string Path { get; init; }
}

/// <summary>A command that lists files (<c>ls</c>, <c>find</c> without a filter, …).</summary>
public sealed record ListFilesParsedCommand : ParsedCommand
{
    /// <summary>The listed directory, when known.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }
}

/// <summary>A command that searches (<c>rg</c>, <c>grep</c>, …).</summary>
public sealed record SearchParsedCommand : ParsedCommand
{
    /// <summary>The search pattern, when known.</summary>
    [JsonPropertyName("query")]
    public string? Query { get; init; }

    /// <summary>Where it searches, when known.</summary>
    [JsonPropertyName("path")]
    public string? Path { get; init; }
}

/// <summary>Any command with no special recognition.</summary>
public sealed record UnknownParsedCommand : ParsedCommand;
