using Tomlyn.Syntax;

namespace Codex.Engine.Config;

/// <summary>The dotted path of a key in Tomlyn's syntax tree, for code that reads or edits config.toml in place.</summary>
public static class TomlKeyPath
{
    /// <summary>The key's parts, unquoted: <c>a."b.c".d</c> is <c>[a, b.c, d]</c>.</summary>
    public static List<string> Of(KeySyntax key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var parts = new List<string> { Name(key.Key) };
        parts.AddRange(key.DotKeys.Select(d => Name(d.Key)));
        return parts;
    }

    private static string Name(BareKeyOrStringValueSyntax? key) => key switch
    {
        BareKeySyntax bare => bare.Key?.Text ?? string.Empty,
        StringValueSyntax quoted => quoted.Value ?? string.Empty,
        _ => string.Empty,
    };
}
