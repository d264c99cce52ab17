using System.Collections;

namespace Codex.Engine.Config.Toml;

/// <summary>
/// A TOML array. Elements are string, long, double, bool, <see cref="Tomlyn.TomlDateTime"/>,
/// <see cref="TomlArray"/> or <see cref="TomlTable"/>; TOML 1.0 lets one array mix them.
/// An array of tables (<c>[[name]]</c>) is a TomlArray of TomlTable.
/// </summary>
public sealed class TomlArray : IReadOnlyList<object>
{
    private readonly List<object> items = [];

    public TomlArray()
    {
    }

    public TomlArray(IEnumerable<object> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        foreach (object item in items)
        {
            Add(item);
        }
    }

    public int Count => items.Count;

    public object this[int index] => items[index];

    /// <exception cref="ArgumentException">The value is not one of the TOML value types.</exception>
    public void Add(object value) => items.Add(TomlValues.Require(value, nameof(value)));

    /// <summary>A copy that shares no table or array with this one.</summary>
    public TomlArray DeepClone()
    {
        var copy = new TomlArray();
        foreach (object item in items)
        {
            copy.items.Add(TomlValues.DeepClone(item));
        }

        return copy;
    }

    public IEnumerator<object> GetEnumerator() => items.GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
