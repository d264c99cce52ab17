using System.Collections;
using System.Diagnostics.CodeAnalysis;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// A TOML table: keys in document order mapped to string, long, double, bool,
/// <see cref="Tomlyn.TomlDateTime"/>, <see cref="TomlArray"/> or <see cref="TomlTable"/>.
/// Reading is through <see cref="IReadOnlyDictionary{TKey, TValue}"/> plus typed helpers; the
/// mutators exist so configuration layers (profiles, overrides) can be merged into a parsed tree.
/// </summary>
public sealed class TomlTable : IReadOnlyDictionary<string, object>
{
    private readonly OrderedDictionary<string, object> entries = new(StringComparer.Ordinal);

    public int Count => entries.Count;

    public IEnumerable<string> Keys => entries.Keys;

    public IEnumerable<object> Values => entries.Values;

    public object this[string key] => entries[key];

    public bool ContainsKey(string key) => entries.ContainsKey(key);

    public bool TryGetValue(string key, [MaybeNullWhen(false)] out object value) => entries.TryGetValue(key, out value);

    /// <summary>True when <paramref name="key"/> is present and its value is a <typeparamref name="T"/>.</summary>
    public bool TryGet<T>(string key, [MaybeNullWhen(false)] out T value)
    {
        if (entries.TryGetValue(key, out object? raw) && raw is T typed)
        {
            value = typed;
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Follows <paramref name="keyPath"/> through nested tables. False when a step is missing or is
    /// not a table; an empty path yields this table.
    /// </summary>
    public bool TryGetPath(IReadOnlyList<string> keyPath, [MaybeNullWhen(false)] out object value)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        object current = this;
        foreach (string key in keyPath)
        {
            if (current is not TomlTable table || !table.entries.TryGetValue(key, out object? next))
            {
                value = null;
                return false;
            }

            current = next;
        }

        value = current;
        return true;
    }

    /// <summary>Adds <paramref name="key"/> at the end, or replaces its value in place.</summary>
    /// <exception cref="ArgumentException">The value is not one of the TOML value types.</exception>
    public void Set(string key, object value)
    {
        ArgumentNullException.ThrowIfNull(key);
        entries[key] = TomlValues.Require(value, nameof(value));
    }

    public bool Remove(string key) => entries.Remove(key);

    /// <summary>
    /// Writes <paramref name="value"/> at a dotted path, the way a <c>key.path=value</c> override
    /// does: missing intermediate tables are created, and any intermediate that is not a table
    /// (scalar or array) is replaced by a new empty table. The last key is added or replaced.
    /// </summary>
    /// <exception cref="ArgumentException">The path is empty or the value is not a TOML value type.</exception>
    public void SetPath(IReadOnlyList<string> keyPath, object value)
    {
        ArgumentNullException.ThrowIfNull(keyPath);
        if (keyPath.Count == 0)
        {
            throw new ArgumentException("A key path needs at least one key.", nameof(keyPath));
        }

        object checkedValue = TomlValues.Require(value, nameof(value));
        TomlTable table = this;
        for (int i = 0; i < keyPath.Count - 1; i++)
        {
            string key = keyPath[i] ?? throw new ArgumentException("A key path cannot contain null.", nameof(keyPath));
            if (!table.entries.TryGetValue(key, out object? next) || next is not TomlTable child)
            {
                child = new TomlTable();
                table.entries[key] = child;
            }

            table = child;
        }

        string last = keyPath[^1] ?? throw new ArgumentException("A key path cannot contain null.", nameof(keyPath));
        table.entries[last] = checkedValue;
    }

    /// <summary>A copy that shares no table or array with this one.</summary>
    public TomlTable DeepClone()
    {
        var copy = new TomlTable();
        foreach ((string key, object value) in entries)
        {
            copy.entries.Add(key, TomlValues.DeepClone(value));
        }

        return copy;
    }

    public IEnumerator<KeyValuePair<string, object>> GetEnumerator() => entries.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
