using Tomlyn.Parsing;
using Tomlyn.Syntax;
using TomlynException = Tomlyn.TomlException;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// Reads TOML with Tomlyn: TOML 1.0.0 plus the TOML 1.1 additions Tomlyn accepts (times without
/// seconds, newlines and a trailing comma in inline tables, <c>\xHH</c> escapes). Every way a
/// document can be wrong is reported as a <see cref="TomlException"/> carrying the source name,
/// line and column; nothing else is thrown for bad input.
/// </summary>
public static class TomlParser
{
    /// <summary>How deeply tables, arrays and inline tables may nest, the document itself counting as one.</summary>
    public const int MaxDepth = 128;

    /// <summary>Parses a whole document. A leading U+FEFF byte-order mark is ignored.</summary>
    /// <param name="text">The document.</param>
    /// <param name="sourceName">Shown at the start of error messages, typically the file path.</param>
    /// <exception cref="TomlException">The text is not valid TOML.</exception>
    public static TomlTable Parse(string text, string? sourceName = null) => ParseDocument(text, sourceName).Table;

    /// <summary>Parses a document from its file bytes, which must be UTF-8 (an initial BOM is allowed).</summary>
    /// <exception cref="TomlException">The bytes are not UTF-8 or not valid TOML.</exception>
    public static TomlTable Parse(ReadOnlySpan<byte> utf8, string? sourceName = null) => ParseDocument(utf8, sourceName).Table;

    /// <summary>Parses a document and keeps its syntax tree, for edits that must keep comments and layout.</summary>
    /// <exception cref="TomlException">The text is not valid TOML.</exception>
    public static TomlDocument ParseDocument(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);
        DocumentSyntax syntax = ParseSyntax(text, sourceName, lineOneShift: 0);
        return new TomlDocument(syntax, ReadModel(text, sourceName, lineOneShift: 0));
    }

    /// <summary>Parses a document from its file bytes (strict UTF-8, an initial BOM allowed) and keeps its syntax tree.</summary>
    /// <exception cref="TomlException">The bytes are not UTF-8 or not valid TOML.</exception>
    public static TomlDocument ParseDocument(ReadOnlySpan<byte> utf8, string? sourceName = null) =>
        ParseDocument(TomlUtf8.Decode(utf8, sourceName), sourceName);

    /// <summary>
    /// Parses a single TOML value such as <c>"o3"</c>, <c>42</c>, <c>[1, 2]</c> or <c>{ a = 1 }</c>,
    /// the form used by <c>key=value</c> overrides. Returns string, long, double, bool,
    /// <see cref="Tomlyn.TomlDateTime"/>, <see cref="TomlArray"/> or <see cref="TomlTable"/>.
    /// </summary>
    /// <exception cref="TomlException">The text is not exactly one valid value.</exception>
    public static object ParseValue(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The value is read as the right-hand side of a one-line document; positions on line 1 are
        // shifted back so they point into the caller's text.
        const string prefix = "v = ";
        string document = prefix + text;
        DocumentSyntax syntax = ParseSyntax(document, sourceName, prefix.Length);
        SyntaxNode? extra = ItemAt(syntax.KeyValues, 1)
            ?? ItemAt(syntax.Tables, 0)
            ?? (SyntaxNode?)ItemAt(syntax.KeyValues, 0)?.EndOfLineToken;
        if (extra is not null)
        {
            throw TomlErrors.At(extra.Span, "expected the end of the value", sourceName, prefix.Length);
        }

        return ReadModel(document, sourceName, prefix.Length)["v"];
    }

    /// <summary>Splits a dotted key such as <c>model_providers."my.host".base_url</c> into its segments.</summary>
    /// <exception cref="TomlException">The text is not exactly one valid key.</exception>
    public static IReadOnlyList<string> ParseKeyPath(string text, string? sourceName = null)
    {
        ArgumentNullException.ThrowIfNull(text);

        // The key is read as the left-hand side of a one-line document; the '=' appended here must
        // be the one the parser finds, or the text held more than a key.
        DocumentSyntax syntax = ParseSyntax(text + " = 0", sourceName, lineOneShift: 0);
        KeyValueSyntax? pair = syntax.KeyValues.ChildrenCount == 1 && syntax.Tables.ChildrenCount == 0 ? ItemAt(syntax.KeyValues, 0) : null;
        if (pair?.EqualToken?.Span.Start.Offset != text.Length + 1 || pair.Key is not { } key)
        {
            SyntaxNode where = pair?.EqualToken ?? ItemAt(syntax.KeyValues, 0) ?? (SyntaxNode)syntax;
            throw TomlErrors.At(where.Span, "expected exactly one key", sourceName, lineOneShift: 0);
        }

        return [KeyName(key.Key!), .. key.DotKeys.Select(dotted => KeyName(dotted.Key!))];
    }

    /// <summary>
    /// The strict reader: Tomlyn's syntax parser with validation rejects duplicate keys and
    /// redefined tables, which its serializer alone lets through.
    /// </summary>
    private static DocumentSyntax ParseSyntax(string text, string? sourceName, int lineOneShift)
    {
        try
        {
            return SyntaxParser.ParseStrict(text, TomlModelContext.Default.Options, sourceName, validate: true);
        }
        catch (TomlynException error)
        {
            throw TomlErrors.From(error, text, sourceName, lineOneShift);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw TomlErrors.FromCrash(error, text, sourceName, lineOneShift);
        }
    }

    /// <summary>The values of text that <see cref="ParseSyntax"/> has accepted.</summary>
    private static TomlTable ReadModel(string text, string? sourceName, int lineOneShift)
    {
        try
        {
            return TomlModel.Read(text);
        }
        catch (TomlynException error)
        {
            throw TomlErrors.From(error, text, sourceName, lineOneShift);
        }
        catch (Exception error) when (error is not OutOfMemoryException)
        {
            throw TomlErrors.FromCrash(error, text, sourceName, lineOneShift);
        }
    }

    /// <summary>The item at <paramref name="index"/>, or null past the end (Tomlyn's GetChild throws there).</summary>
    private static T? ItemAt<T>(SyntaxList<T> list, int index)
        where T : SyntaxNode => index < list.ChildrenCount ? list.GetChild(index) : null;

    private static string KeyName(BareKeyOrStringValueSyntax key) => key switch
    {
        BareKeySyntax bare => bare.Key!.Text!,
        StringValueSyntax quoted => quoted.Value!,
        _ => throw new InvalidOperationException($"Unexpected key syntax {key.Kind}."),
    };
}
