namespace Codex.Engine.Config.Toml;

/// <summary>
/// Builds the table tree and enforces TOML's rules on who may define or extend which table.
/// How each table came to exist is tracked here, beside the tree, so the public model stays plain:
/// <list type="bullet">
/// <item>a table created on the way to a <c>[header]</c> may later get its own header, once;</item>
/// <item>a <c>[header]</c> table can be neither redefined nor extended by dotted keys from elsewhere;</item>
/// <item>a table created by dotted keys can be extended by more dotted keys and by sub-table
/// headers, but not given its own header;</item>
/// <item>an inline table is complete as written; nothing may add to it.</item>
/// </list>
/// Arrays created by <c>[[header]]</c> accept more elements that way; arrays written as values never do.
/// </summary>
internal sealed class TomlDocumentBuilder
{
    private readonly TomlSource source;
    private readonly Dictionary<TomlTable, Origin> origins = [];
    private readonly HashSet<TomlArray> arraysOfTables = [];

    public TomlDocumentBuilder(TomlSource source)
    {
        this.source = source;
        origins[Root] = Origin.Header;
        Current = Root;
    }

    private enum Origin
    {
        /// <summary>Created as an intermediate of a header such as <c>[a.b]</c> (for <c>a</c>).</summary>
        ImplicitByHeader,

        /// <summary>Named by a <c>[header]</c> or an element of a <c>[[header]]</c> array; also the root.</summary>
        Header,

        /// <summary>Created by a dotted key such as <c>a.b = 1</c> (for <c>a</c>).</summary>
        Dotted,

        /// <summary>Written as <c>{ ... }</c>.</summary>
        Inline,
    }

    public TomlTable Root { get; } = new();

    /// <summary>The table that key/value lines go into: the one named by the last header.</summary>
    public TomlTable Current { get; private set; }

    /// <summary>Handles <c>[a.b.c]</c>.</summary>
    public void OpenTable(IReadOnlyList<TomlKeyPart> path)
    {
        TomlTable parent = WalkHeaderPrefix(path);
        TomlKeyPart last = path[^1];
        string name = TomlKeys.Format(path, path.Count);
        if (!parent.TryGetValue(last.Name, out object? existing))
        {
            Current = CreateTable(parent, last.Name, Origin.Header);
            return;
        }

        if (existing is TomlTable table)
        {
            switch (origins[table])
            {
                case Origin.ImplicitByHeader:
                    origins[table] = Origin.Header;
                    Current = table;
                    return;
                case Origin.Header:
                    throw source.Error(last.Offset, $"table [{name}] is defined more than once");
                case Origin.Dotted:
                    throw source.Error(last.Offset, $"table [{name}] was already created by dotted keys and cannot be given a header");
                default:
                    throw source.Error(last.Offset, $"table [{name}] was already written as an inline table, which cannot be extended");
            }
        }

        throw existing is TomlArray array && arraysOfTables.Contains(array)
            ? source.Error(last.Offset, $"[{name}] is an array of tables; add elements with [[{name}]]")
            : source.Error(last.Offset, $"key {name} already holds {TomlValues.Describe(existing)}, so it cannot be defined as a table");
    }

    /// <summary>Handles <c>[[a.b.c]]</c>: appends a new table to the array, creating the array the first time.</summary>
    public void AppendArrayTable(IReadOnlyList<TomlKeyPart> path)
    {
        TomlTable parent = WalkHeaderPrefix(path);
        TomlKeyPart last = path[^1];
        string name = TomlKeys.Format(path, path.Count);
        TomlArray array;
        if (!parent.TryGetValue(last.Name, out object? existing))
        {
            array = new TomlArray();
            arraysOfTables.Add(array);
            parent.Set(last.Name, array);
        }
        else if (existing is TomlArray found && arraysOfTables.Contains(found))
        {
            array = found;
        }
        else if (existing is TomlArray)
        {
            throw source.Error(last.Offset, $"{name} is an array written as a value; [[{name}]] cannot append to it");
        }
        else
        {
            throw source.Error(last.Offset, $"key {name} already holds {TomlValues.Describe(existing)}, so it cannot be an array of tables");
        }

        var table = new TomlTable();
        origins[table] = Origin.Header;
        array.Add(table);
        Current = table;
    }

    /// <summary>
    /// Handles <c>a.b.c = value</c> inside <paramref name="table"/> (the current section or an
    /// inline table being read): intermediates must be new or earlier dotted-key tables, and the
    /// final key must be new.
    /// </summary>
    public void Assign(TomlTable table, IReadOnlyList<TomlKeyPart> key, object value)
    {
        for (int i = 0; i < key.Count - 1; i++)
        {
            TomlKeyPart part = key[i];
            if (!table.TryGetValue(part.Name, out object? existing))
            {
                table = CreateTable(table, part.Name, Origin.Dotted);
                continue;
            }

            string name = TomlKeys.Format(key, i + 1);
            if (existing is not TomlTable child)
            {
                throw source.Error(part.Offset, $"key {name} already holds {TomlValues.Describe(existing)}, so dotted keys cannot add to it");
            }

            table = origins[child] switch
            {
                Origin.Dotted => child,
                Origin.Inline => throw source.Error(part.Offset, $"{name} is an inline table, which cannot be extended"),
                _ => throw source.Error(part.Offset, $"table {name} is defined by a [header]; dotted keys from another section cannot add to it"),
            };
        }

        TomlKeyPart last = key[^1];
        if (table.ContainsKey(last.Name))
        {
            throw source.Error(last.Offset, $"key {TomlKeys.Format(key, key.Count)} is defined more than once");
        }

        table.Set(last.Name, value);
    }

    /// <summary>Starts an inline table; its own dotted keys may fill it until <see cref="SealInline"/>.</summary>
    public TomlTable BeginInline()
    {
        var table = new TomlTable();
        origins[table] = Origin.Header;
        return table;
    }

    public void SealInline(TomlTable table) => origins[table] = Origin.Inline;

    /// <summary>Walks all but the last key of a header, creating missing tables and entering the last element of arrays of tables.</summary>
    private TomlTable WalkHeaderPrefix(IReadOnlyList<TomlKeyPart> path)
    {
        TomlTable table = Root;
        for (int i = 0; i < path.Count - 1; i++)
        {
            TomlKeyPart part = path[i];
            if (!table.TryGetValue(part.Name, out object? existing))
            {
                table = CreateTable(table, part.Name, Origin.ImplicitByHeader);
                continue;
            }

            string name = TomlKeys.Format(path, i + 1);
            table = existing switch
            {
                TomlTable child when origins[child] == Origin.Inline =>
                    throw source.Error(part.Offset, $"{name} is an inline table, which cannot be extended"),
                TomlTable child => child,
                TomlArray array when arraysOfTables.Contains(array) => (TomlTable)array[^1],
                TomlArray => throw source.Error(part.Offset, $"{name} is an array written as a value; headers cannot add tables to it"),
                _ => throw source.Error(part.Offset, $"key {name} already holds {TomlValues.Describe(existing)}, not a table"),
            };
        }

        return table;
    }

    private TomlTable CreateTable(TomlTable parent, string key, Origin origin)
    {
        var table = new TomlTable();
        origins[table] = origin;
        parent.Set(key, table);
        return table;
    }
}
