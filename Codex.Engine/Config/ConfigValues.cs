namespace Codex.Engine.Config;

/// <summary>
/// config.toml merged with the server's <c>-c</c> overrides, read by dotted key: how a front end
/// reads settings of its own (e.g. an MCP server's <c>mcp_server.*</c> table) that the engine
/// neither knows nor uses. A wrong type or value is a <see cref="ConfigException"/> that names the
/// key and where it was set.
/// </summary>
public sealed class ConfigValues
{
    private readonly LayeredSettings _settings;

    internal ConfigValues(LayeredSettings settings) => _settings = settings;

    /// <summary>A number of seconds (an integer or a float) within the given range, or null when unset.</summary>
    /// <param name="dottedKey">The key, e.g. <c>mcp_server.progress_heartbeat_seconds</c>.</param>
    /// <param name="minimum">The smallest value allowed.</param>
    /// <param name="maximum">The largest value allowed.</param>
    public TimeSpan? Seconds(string dottedKey, double minimum, double maximum)
    {
        ArgumentException.ThrowIfNullOrEmpty(dottedKey);
        var path = dottedKey.Split('.');
        if (!_settings.Merged.TryGetPath(path, out var value))
        {
            return null;
        }

        double? seconds = value switch
        {
            long l => l,
            double d => d,
            _ => null,
        };
        if (seconds is not { } s || double.IsNaN(s) || s < minimum || s > maximum)
        {
            throw new ConfigException(string.Create(
                System.Globalization.CultureInfo.InvariantCulture,
                $"{_settings.SourceOf(path)}: `{dottedKey}` must be a number of seconds from {minimum} to {maximum}, not {Describe(value)}."));
        }

        return TimeSpan.FromSeconds(s);
    }

    private static string Describe(object value) => value switch
    {
        string s => $"the string \"{s}\"",
        bool b => b ? "true" : "false",
        Toml.TomlTable => "a table",
        Toml.TomlArray => "an array",
        long l => $"the integer {l}",
        _ => Convert.ToString(value, System.Globalization.CultureInfo.InvariantCulture) ?? value.GetType().Name,
    };
}
