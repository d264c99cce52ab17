namespace Codex.Engine.Config.Toml;

/// <summary>
/// TOML's tokens depend on position: <c>1979-05-27</c> or <c>true</c> is a bare key before '='
/// and a date or boolean after it, so the parser tells the lexer which one it expects.
/// </summary>
internal enum TomlLexMode
{
    Key,
    Value,
}
