namespace Codex.Engine.Config.Toml;

internal enum TomlTokenKind
{
    EndOfInput,
    Newline,
    Equals,
    Dot,
    Comma,
    LeftBracket,
    RightBracket,
    LeftBrace,
    RightBrace,

    /// <summary>An unquoted key, read only where a key is expected.</summary>
    BareKey,

    /// <summary>A single-line basic or literal string; usable as a key or a value.</summary>
    String,

    /// <summary>A multi-line basic or literal string; a value only.</summary>
    MultilineString,

    Integer,
    Float,
    Boolean,
    DateTime,
}
