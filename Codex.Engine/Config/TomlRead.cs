using Codex.Engine.Config.Toml;

namespace Codex.Engine.Config;

/// <summary>Typed reads from a TOML table; a wrong type is a <see cref="ConfigException"/> naming source and key.</summary>
internal readonly record struct TomlRead(TomlTable Table, string Source, string KeyPrefix)
{
    public string? String(string key) => Get(key) switch
    {
        null => null,
        string s => s,
        var other => throw Wrong(key, "a string", other),
    };

    public bool? Bool(string key) => Get(key) switch
    {
        null => null,
        bool b => b,
        var other => throw Wrong(key, "a boolean (true or false)", other),
    };

    public long? Integer(string key) => Get(key) switch
    {
        null => null,
        long l => l,
        var other => throw Wrong(key, "an integer", other),
    };

    public IReadOnlyList<string>? StringList(string key)
    {
        var self = this;
        return Get(key) switch
        {
            null => null,
            TomlArray array => array.Select((item, i) => item as string ?? throw self.Wrong($"{key}[{i}]", "a string", item)).ToList(),
            var other => throw Wrong(key, "an array of strings", other),
        };
    }

    public IReadOnlyDictionary<string, string>? StringMap(string key)
    {
        var self = this;
        return Get(key) switch
        {
            null => null,
            TomlTable table => table.ToDictionary(p => p.Key, p => p.Value as string ?? throw self.Wrong($"{key}.{p.Key}", "a string", p.Value), StringComparer.Ordinal),
            var other => throw Wrong(key, "a table of strings", other),
        };
    }

    public TomlRead? SubTable(string key) => Get(key) switch
    {
        null => null,
        TomlTable table => new TomlRead(table, Source, Qualify(key) + "."),
        var other => throw Wrong(key, "a table", other),
    };

    public T? Enum<T>(string key, IReadOnlyDictionary<string, T> values)
        where T : struct
    {
        var text = String(key);
        if (text is null)
        {
            return null;
        }

        return values.TryGetValue(text, out var value)
            ? value
            : throw new ConfigException($"{Source}: `{Qualify(key)}` has unknown value \"{text}\"; expected one of {string.Join(", ", values.Keys.Select(k => $"\"{k}\""))}.");
    }

    public string? OneOf(string key, params string[] values)
    {
        var text = String(key);
        return text is null || values.Contains(text, StringComparer.Ordinal)
            ? text
            : throw new ConfigException($"{Source}: `{Qualify(key)}` has unknown value \"{text}\"; expected one of {string.Join(", ", values.Select(v => $"\"{v}\""))}.");
    }

    public string Qualify(string key) => KeyPrefix + key;

    private object? Get(string key) => Table.TryGetValue(key, out var value) ? value : null;

    private ConfigException Wrong(string key, string expected, object actual) =>
        new($"{Source}: `{Qualify(key)}` must be {expected}, not {Describe(actual)}.");

    private static string Describe(object value) => value switch
    {
        string s => $"the string \"{s}\"",
        long l => $"the integer {l}",
        double d => $"the float {d}",
        bool b => b ? "true" : "false",
        TomlArray => "an array",
        TomlTable => "a table",
        _ => value.GetType().Name,
    };
}
