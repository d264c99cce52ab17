using System.Text.Json;
using Codex.Engine.Config.Toml;

namespace Codex.Engine.Config;

/// <summary>
/// Converts the <c>config</c> tool argument (dotted keys to JSON values) into a TOML table, as
/// spec §2.1 says: null becomes <c>""</c>, integers that fit i64 stay integers, other numbers
/// become floats, arrays and objects map recursively.
/// </summary>
internal static class JsonToToml
{
    public static TomlTable FromDottedKeys(IReadOnlyDictionary<string, JsonElement> values)
    {
        var table = new TomlTable();
        foreach (var (key, value) in values)
        {
            var path = key.Split('.');
            if (path.Any(string.IsNullOrWhiteSpace))
            {
                throw new ConfigException($"Invalid key `{key}` in the `config` argument: every part of a dotted key must be non-empty.");
            }

            table.SetPath(path, Convert(value));
        }

        return table;
    }

    public static object Convert(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => string.Empty,
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.String => value.GetString()!,
        // Boxed separately: a plain `? long : double` conditional would turn every integer into a double.
        JsonValueKind.Number => value.TryGetInt64(out var integer) ? (object)integer : value.GetDouble(),
        JsonValueKind.Array => new TomlArray(value.EnumerateArray().Select(Convert)),
        JsonValueKind.Object => ObjectToTable(value),
        _ => throw new ConfigException($"Unsupported JSON value {value.GetRawText()} in the `config` argument."),
    };

    private static TomlTable ObjectToTable(JsonElement value)
    {
        var table = new TomlTable();
        foreach (var property in value.EnumerateObject())
        {
            table.Set(property.Name, Convert(property.Value));
        }

        return table;
    }
}
