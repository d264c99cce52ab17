using System.Text;
using Codex.Engine.Config;
using Codex.Engine.Config.Toml;
using Tomlyn.Syntax;

namespace Codex.McpServer.Cli;

/// <summary>
/// Edits the <c>[mcp_servers.*]</c> entries of CODEX_HOME/config.toml through Tomlyn's syntax tree,
/// so every other line (comments, order, blank lines, quoting) stays as the user wrote it. The new
/// text is checked by reading it back as configuration before it replaces the file, atomically
/// (a temporary file in the same folder, then a rename).
/// </summary>
internal sealed class McpConfigFile(string codexHome)
{
    public string Path { get; } = System.IO.Path.Combine(codexHome, "config.toml");

    /// <summary>Replaces (or adds) the entry <paramref name="name"/> with <paramref name="entryToml"/>'s keys.</summary>
    /// <exception cref="ConfigException">The file is not valid TOML, or the result would not be valid configuration.</exception>
    public void Put(string name, IReadOnlyList<(string Key, string TomlValue)> entryToml)
    {
        var document = Read(out var original);
        Remove(document, name);
        var text = new StringBuilder(document.ToString());
        if (text.Length > 0 && text[^1] != '\n')
        {
            text.Append(NewLine(original));
        }

        if (text.Length > 0)
        {
            text.Append(NewLine(original));
        }

        text.Append("[mcp_servers.").Append(TomlText.Key(name)).Append(']').Append(NewLine(original));
        foreach (var (key, value) in entryToml)
        {
            text.Append(key).Append(" = ").Append(value).Append(NewLine(original));
        }

        Write(text.ToString());
    }

    /// <summary>Removes the entry <paramref name="name"/>; false when there was none.</summary>
    public bool Remove(string name)
    {
        var document = Read(out _);
        if (!Remove(document, name))
        {
            return false;
        }

        Write(document.ToString());
        return true;
    }

    private static string NewLine(string original) => original.Contains("\r\n", StringComparison.Ordinal) ? "\r\n" : "\n";

    private DocumentSyntax Read(out string text)
    {
        try
        {
            text = File.Exists(Path) ? File.ReadAllText(Path) : string.Empty;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new ConfigException($"Cannot read {Path}: {ex.Message}", ex);
        }

        try
        {
            return TomlParser.ParseDocument(text, Path).Syntax;
        }
        catch (TomlException ex)
        {
            throw new ConfigException($"Invalid TOML in {ex.Message}", ex);
        }
    }

    /// <summary>Takes every way <paramref name="name"/> can be written out of the tree.</summary>
    private static bool Remove(DocumentSyntax document, string name)
    {
        var removed = false;
        for (var i = document.Tables.ChildrenCount - 1; i >= 0; i--)
        {
            var table = document.Tables.GetChild(i)!;
            var path = table.Name is { } key ? TomlKeyPath.Of(key) : [];
            if (StartsWith(path, "mcp_servers", name))
            {
                document.Tables.RemoveChildAt(i);
                removed = true;
            }
            else if (path is ["mcp_servers"])
            {
                removed |= RemovePairs(table.Items, [name], path);
            }
        }

        removed |= RemovePairs(document.KeyValues, ["mcp_servers", name], []);
        return removed;
    }

    private static bool RemovePairs(SyntaxList<KeyValueSyntax> pairs, string[] prefix, IReadOnlyList<string> tablePath)
    {
        var removed = false;
        for (var i = pairs.ChildrenCount - 1; i >= 0; i--)
        {
            var pair = pairs.GetChild(i)!;
            var path = pair.Key is { } key ? TomlKeyPath.Of(key) : [];
            if (path.Count >= prefix.Length && path.Take(prefix.Length).SequenceEqual(prefix))
            {
                pairs.RemoveChildAt(i);
                removed = true;
            }
            else if (pair.Value is InlineTableSyntax && prefix.Length > path.Count && prefix.Take(path.Count).SequenceEqual(path))
            {
                var where = string.Join('.', tablePath.Concat(path));
                throw new ConfigException($"The MCP servers are written as an inline table (`{where} = {{ … }}`, line {pair.Span.Start.Line + 1}); edit that entry by hand.");
            }
        }

        return removed;
    }

    private static bool StartsWith(IReadOnlyList<string> path, string first, string second) =>
        path.Count >= 2 && path[0] == first && path[1] == second;

    private void Write(string text)
    {
        // The result must still be valid TOML: a bad edit never reaches the file.
        var folder = System.IO.Path.GetDirectoryName(Path)!;
        try
        {
            TomlParser.ParseDocument(text, Path);
        }
        catch (TomlException ex)
        {
            throw new ConfigException($"The edit would make {Path} invalid ({ex.Message}); nothing was written.", ex);
        }

        Directory.CreateDirectory(folder);
        var temporary = System.IO.Path.Combine(folder, $".config.toml.{Environment.ProcessId}.{Guid.NewGuid():N}.tmp");
        try
        {
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None))
            {
                var bytes = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text);
                stream.Write(bytes);
                stream.Flush(flushToDisk: true);
            }

            if (!OperatingSystem.IsWindows() && File.Exists(Path))
            {
                File.SetUnixFileMode(temporary, File.GetUnixFileMode(Path));
            }

            File.Move(temporary, Path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            throw new ConfigException($"Cannot write {Path}: {ex.Message}", ex);
        }
    }
}
