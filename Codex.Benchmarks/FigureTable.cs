namespace Codex.Benchmarks;

/// <summary>A two-column table of named figures, printed aligned.</summary>
public sealed class FigureTable(string title)
{
    private readonly List<(string Name, string Value)> _rows = [];

    /// <summary>Adds a row.</summary>
    public FigureTable Add(string name, string value)
    {
        _rows.Add((name, value));
        return this;
    }

    /// <summary>Writes the title and the rows.</summary>
    public void WriteTo(TextWriter writer)
    {
        var width = _rows.Count == 0 ? 0 : _rows.Max(r => r.Name.Length);
        writer.WriteLine(title);
        writer.WriteLine(new string('-', Math.Max(title.Length, width + 20)));
        foreach (var (name, value) in _rows)
        {
            writer.WriteLine($"{name.PadRight(width)}  {value}");
        }

        writer.WriteLine();
    }
}
