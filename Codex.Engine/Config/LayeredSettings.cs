using Codex.Engine.Config.Toml;

namespace Codex.Engine.Config;

/// <summary>
/// The configuration layers, lowest first (config.toml, server <c>-c</c> overrides, the
/// <c>config</c> argument), merged into one tree, with typed reads whose errors name the layer
/// the bad value came from.
/// </summary>
internal sealed class LayeredSettings
{
    private readonly IReadOnlyList<ConfigLayer> _layers;

    public LayeredSettings(IReadOnlyList<ConfigLayer> layers)
    {
        _layers = layers;
        Merged = new TomlTable();
        foreach (var layer in layers)
        {
            Merge(Merged, layer.Table);
        }
    }

    /// <summary>All layers merged; later layers win, tables merge key by key.</summary>
    public TomlTable Merged { get; }

    /// <summary>A value set by one of the override layers (not config.toml), highest first.</summary>
    public bool TryGetOverride(IReadOnlyList<string> path, out object value, out string source)
    {
        for (var i = _layers.Count - 1; i >= 1; i--)
        {
            if (_layers[i].Table.TryGetPath(path, out var found))
            {
                value = found;
                source = _layers[i].Source;
                return true;
            }
        }

        value = null!;
        source = string.Empty;
        return false;
    }

    /// <summary>The name of the highest layer that sets <paramref name="path"/> (or a table above it).</summary>
    public string SourceOf(IReadOnlyList<string> path)
    {
        for (var i = _layers.Count - 1; i >= 0; i--)
        {
            for (var length = path.Count; length >= 1; length--)
            {
                if (_layers[i].Table.TryGetPath(path.Take(length).ToArray(), out _))
                {
                    return _layers[i].Source;
                }
            }
        }

        return _layers.Count > 0 ? _layers[0].Source : "configuration";
    }

    private static void Merge(TomlTable target, TomlTable source)
    {
        foreach (var (key, value) in source)
        {
            if (value is TomlTable table && target.TryGetValue(key, out var existing) && existing is TomlTable existingTable)
            {
                Merge(existingTable, table);
            }
            else
            {
                target.Set(key, value is TomlTable t ? t.DeepClone() : value);
            }
        }
    }
}
