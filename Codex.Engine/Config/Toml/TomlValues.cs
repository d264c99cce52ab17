namespace Codex.Engine.Config.Toml;

/// <summary>
/// The closed set of CLR types a TOML document holds, checked wherever values enter a table or an
/// array so that every consumer can switch over them exhaustively.
/// </summary>
internal static class TomlValues
{
    public static object Require(object? value, string paramName)
    {
        ArgumentNullException.ThrowIfNull(value, paramName);
        return value switch
        {
            string or long or double or bool or Tomlyn.TomlDateTime or TomlArray or TomlTable => value,
            _ => throw new ArgumentException(
                $"A TOML value must be string, long, double, bool, TomlDateTime, TomlArray or TomlTable, not {value.GetType().Name}.",
                paramName),
        };
    }

    /// <summary>Copies tables and arrays; scalars are immutable and shared.</summary>
    public static object DeepClone(object value) => value switch
    {
        TomlTable table => table.DeepClone(),
        TomlArray array => array.DeepClone(),
        _ => value,
    };

    /// <summary>The TOML type of a value with its article ("an integer"), for error messages.</summary>
    public static string Describe(object value) => value switch
    {
        string => "a string",
        long => "an integer",
        double => "a float",
        bool => "a boolean",
        Tomlyn.TomlDateTime => "a date/time",
        TomlArray => "an array",
        TomlTable => "a table",
        _ => value.GetType().Name,
    };
}
