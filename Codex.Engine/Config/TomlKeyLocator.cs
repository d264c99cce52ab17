using Tomlyn.Syntax;

namespace Codex.Engine.Config;

/// <summary>
/// Finds where a key is written in a parsed document, so an error about its value can name the
/// line and column (the values themselves carry no positions once read).
/// </summary>
internal static class TomlKeyLocator
{
    /// <summary>The 1-based line and column of the key at <paramref name="path"/>, or of the nearest enclosing table written in the file.</summary>
    public static (int Line, int Column)? Find(DocumentSyntax document, IReadOnlyList<string> path)
    {
        (int Line, int Column)? best = null;
        var bestLength = 0;

        void Consider(IReadOnlyList<string> found, SyntaxNode node)
        {
            var common = 0;
            while (common < found.Count && common < path.Count && found[common] == path[common])
            {
                common++;
            }

            if (common == found.Count && common > bestLength)
            {
                bestLength = common;
                best = (node.Span.Start.Line + 1, node.Span.Start.Column + 1);
            }
        }

        void Walk(IReadOnlyList<string> prefix, SyntaxList<KeyValueSyntax> pairs)
        {
            foreach (var pair in pairs)
            {
                if (pair.Key is not { } key)
                {
                    continue;
                }

                var full = prefix.Concat(TomlKeyPath.Of(key)).ToList();
                Consider(full, pair);
                if (pair.Value is InlineTableSyntax inline)
                {
                    foreach (var item in inline.Items)
                    {
                        if (item.KeyValue is { Key: { } innerKey } kv)
                        {
                            Consider(full.Concat(TomlKeyPath.Of(innerKey)).ToList(), kv);
                        }
                    }
                }
            }
        }

        Walk([], document.KeyValues);
        foreach (var table in document.Tables)
        {
            if (table.Name is not { } name)
            {
                continue;
            }

            var prefix = TomlKeyPath.Of(name);
            Consider(prefix, table);
            Walk(prefix, table.Items);
        }

        return best;
    }
}
