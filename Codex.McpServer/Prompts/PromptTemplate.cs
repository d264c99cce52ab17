using Codex.Protocol.Mcp;

namespace Codex.McpServer.Prompts;

/// <summary>One prompt template: what <c>prompts/list</c> shows, and how <c>prompts/get</c> expands it.</summary>
/// <param name="Definition">The listed prompt.</param>
/// <param name="Expand">Turns the (checked) arguments into the messages.</param>
internal sealed record PromptTemplate(Prompt Definition, Func<PromptArguments, GetPromptResult> Expand);

/// <summary>The arguments of a <c>prompts/get</c>, with the server's directory as the default cwd.</summary>
internal sealed class PromptArguments(IReadOnlyDictionary<string, string> values)
{
    public string? this[string name] => values.TryGetValue(name, out var value) && !string.IsNullOrWhiteSpace(value) ? value.Trim() : null;

    /// <summary>The <c>cwd</c> argument as an absolute path, or the server's working directory.</summary>
    public string Cwd => this["cwd"] is { } cwd ? Path.GetFullPath(cwd) : Directory.GetCurrentDirectory();
}
