namespace Codex.Benchmarks;

/// <summary>
/// The samples a <see cref="CompareScenario"/> collects: numbers per server and figure, kept in
/// run order so ours and the original's n-th runs form a pair, and the reason a server could not
/// produce a figure.
/// </summary>
public sealed class CompareSeries
{
    private readonly Dictionary<(string Server, string Key), List<double>> _values = [];
    private readonly Dictionary<(string Server, string Key), string> _missing = [];

    /// <summary>Adds a sample.</summary>
    public void Add(ServerUnderTest server, string key, double value)
    {
        if (!_values.TryGetValue((server.Name, key), out var list))
        {
            _values[(server.Name, key)] = list = [];
        }

        list.Add(value);
    }

    /// <summary>The samples, in run order (empty when none).</summary>
    public IReadOnlyList<double> Get(ServerUnderTest? server, string key) =>
        server is not null && _values.TryGetValue((server.Name, key), out var list) ? list : [];

    /// <summary>Records why <paramref name="server"/> has no figure for <paramref name="key"/>; the first reason stays.</summary>
    public void SetMissing(ServerUnderTest server, string key, string reason) => _missing.TryAdd((server.Name, key), reason);

    /// <summary>Why the figure is missing, or null.</summary>
    public string? MissingReason(ServerUnderTest? server, string key) =>
        server is not null && _missing.TryGetValue((server.Name, key), out var reason) ? reason : null;
}
