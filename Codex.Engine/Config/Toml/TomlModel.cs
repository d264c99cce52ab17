using Tomlyn;
using Tomlyn.Model;
using TomlynArray = Tomlyn.Model.TomlArray;
using TomlynTable = Tomlyn.Model.TomlTable;

namespace Codex.Engine.Config.Toml;

/// <summary>Reads Tomlyn's table model and copies it into ours, which configuration layers merge and edit.</summary>
internal static class TomlModel
{
    /// <summary>The values of a document; call only on text the strict syntax parser has accepted.</summary>
    /// <exception cref="Tomlyn.TomlException">Tomlyn could not read the text.</exception>
    public static TomlTable Read(string text) =>
        FromTable(TomlSerializer.Deserialize(text, TomlModelContext.Default.TomlTable) ?? new TomlynTable());

    private static TomlTable FromTable(TomlynTable source)
    {
        var table = new TomlTable();
        foreach ((string key, object value) in source)
        {
            table.Set(key, FromValue(value));
        }

        return table;
    }

    // string, long, double, bool and TomlDateTime are the same CLR types in both models.
    private static object FromValue(object? value) => value switch
    {
        TomlynTable table => FromTable(table),
        TomlTableArray tables => new TomlArray(tables.Select(FromTable)),
        TomlynArray array => new TomlArray(array.Select(FromValue)),
        string or long or double or bool or TomlDateTime => value,
        _ => throw new InvalidOperationException($"Tomlyn produced an unexpected value type {value?.GetType().Name ?? "null"}."),
    };
}
