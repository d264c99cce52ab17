using System.Globalization;
using System.Text.Json.Nodes;
using Codex.Engine.Config.Toml;
using TomlDateTime = Tomlyn.TomlDateTime;
using TomlDateTimeKind = Tomlyn.TomlDateTimeKind;

namespace Codex.Engine.Tests.Config.Toml;

/// <summary>
/// Renders a parsed document in toml-test's tagged JSON: tables as objects, arrays as arrays, and
/// every scalar as <c>{"type": ..., "value": "..."}</c> with the value as text.
/// </summary>
internal static class TaggedJson
{
    public static JsonNode From(object value) => value switch
    {
        TomlTable table => FromTable(table),
        TomlArray array => new JsonArray(array.Select(From).ToArray<JsonNode?>()),
        string text => Tagged("string", text),
        long integer => Tagged("integer", integer.ToString(CultureInfo.InvariantCulture)),
        double number => Tagged("float", FormatFloat(number)),
        bool flag => Tagged("bool", flag ? "true" : "false"),
        TomlDateTime dateTime => Tagged(TypeOf(dateTime.Kind), dateTime.ToString()),
        _ => throw new ArgumentException($"Not a TOML value: {value.GetType()}", nameof(value)),
    };

    private static JsonObject FromTable(TomlTable table)
    {
        var json = new JsonObject();
        foreach ((string key, object value) in table)
        {
            json[key] = From(value);
        }

        return json;
    }

    private static JsonObject Tagged(string type, string value) => new() { ["type"] = type, ["value"] = value };

    private static string FormatFloat(double number) => number switch
    {
        double.PositiveInfinity => "inf",
        double.NegativeInfinity => "-inf",
        _ when double.IsNaN(number) => "nan",
        _ => number.ToString("R", CultureInfo.InvariantCulture),
    };

    private static string TypeOf(TomlDateTimeKind kind) => kind switch
    {
        TomlDateTimeKind.OffsetDateTimeByZ or TomlDateTimeKind.OffsetDateTimeByNumber => "datetime",
        TomlDateTimeKind.LocalDateTime => "datetime-local",
        TomlDateTimeKind.LocalDate => "date-local",
        _ => "time-local",
    };
}
