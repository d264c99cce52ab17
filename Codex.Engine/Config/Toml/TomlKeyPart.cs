namespace Codex.Engine.Config.Toml;

/// <summary>One segment of a (possibly dotted) key, with where it was written for error positions.</summary>
internal readonly record struct TomlKeyPart(string Name, int Offset);
