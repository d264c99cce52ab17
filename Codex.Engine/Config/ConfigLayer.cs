using Codex.Engine.Config.Toml;

namespace Codex.Engine.Config;

/// <summary>One source of settings and its name for error messages (a file path or an argument).</summary>
/// <param name="Source">Where the values came from, e.g. <c>/home/u/.codex/config.toml</c> or <c>the `config` argument</c>.</param>
/// <param name="Table">The values.</param>
internal sealed record ConfigLayer(string Source, TomlTable Table);
