namespace Codex.Engine.Config.Toml;

/// <summary>
/// Reads TOML 1.0.0 documents. Every way a document can be wrong is reported as a
/// <see cref="TomlException"/> carrying the source name, line and column; nothing else is thrown
/// for bad input.
/// </summary>
public static class TomlParser
{
    /// <summary>Parses a whole document. A leading U+FEFF byte-order mark is ignored.</summary>
    /// <param name="text">The document.</param>
    /// <param name="sourceName">Shown at the start of error messages, typically the file path.</param>
    /// <exception cref="TomlException">The text is not valid TOML 1.0.0.</exception>
    public static TomlTable Parse(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlDocumentParser(new TomlSource(text, sourceName)).ParseDocument();
    }

    /// <summary>Parses a document from its file bytes, which must be UTF-8 (an initial BOM is allowed).</summary>
    /// <exception cref="TomlException">The bytes are not UTF-8 or not valid TOML 1.0.0.</exception>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? sourceName = null) =>
        Parse(TomlUtf8.Decode(utf8, sourceName), sourceName);

    /// <summary>
    /// Parses a single TOML value such as <c>"o3"</c>, <c>42</c>, <c>[1, 2]</c> or <c>{ a = 1 }</c>,
    /// the form used by <c>key=value</c> overrides. Returns string, long, double, bool,
    /// <see cref="TomlDateTime"/>, <see cref="TomlArray"/> or <see cref="TomlTable"/>.
    /// </summary>
    /// <exception cref="TomlException">The text is not exactly one valid value.</exception>
    public static object ParseValue(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlDocumentParser(new TomlSource(text, sourceName)).ParseStandaloneValue();
    }

    /// <summary>Splits a dotted key such as <c>model_providers."my.host".base_url</c> into its segments.</summary>
    /// <exception cref="TomlException">The text is not exactly one valid key.</exception>
    public static IReadOnlyList<string> ParseKeyPath(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new TomlDocumentParser(new TomlSource(text, sourceName)).ParseStandaloneKey();
    }
}
