using System.Globalization;
using System.Numerics;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Codex.Engine.Tests.Config.Toml;

/// <summary>
/// Compares tagged JSON documents the way toml-test asks: same shape and types, integers and
/// floats by value (nan equal to nan), date/times by value rather than spelling.
/// </summary>
internal static class TaggedJsonComparer
{
    /// <summary>Null when equal; otherwise a description of the first difference and where it is.</summary>
    public static string? Difference(JsonNode? expected, JsonNode? actual, string path = "$")
    {
        switch (expected)
        {
            case JsonObject expectedObject when IsTaggedScalar(expectedObject):
                return actual is JsonObject actualScalar && IsTaggedScalar(actualScalar)
                    ? ScalarDifference(expectedObject, actualScalar, path)
                    : $"{path}: expected a {expectedObject["type"]} value, got {Show(actual)}";
            case JsonObject expectedTable:
                if (actual is not JsonObject actualTable || IsTaggedScalar(actualTable))
                {
                    return $"{path}: expected a table, got {Show(actual)}";
                }

                string[] expectedKeys = [.. expectedTable.Select(pair => pair.Key).Order(StringComparer.Ordinal)];
                string[] actualKeys = [.. actualTable.Select(pair => pair.Key).Order(StringComparer.Ordinal)];
                if (!expectedKeys.SequenceEqual(actualKeys))
                {
                    return $"{path}: expected keys [{string.Join(", ", expectedKeys)}], got [{string.Join(", ", actualKeys)}]";
                }

                return expectedKeys
                    .Select(key => Difference(expectedTable[key], actualTable[key], $"{path}.{key}"))
                    .FirstOrDefault(difference => difference is not null);
            case JsonArray expectedArray:
                if (actual is not JsonArray actualArray)
                {
                    return $"{path}: expected an array, got {Show(actual)}";
                }

                if (expectedArray.Count != actualArray.Count)
                {
                    return $"{path}: expected {expectedArray.Count} elements, got {actualArray.Count}";
                }

                return Enumerable.Range(0, expectedArray.Count)
                    .Select(i => Difference(expectedArray[i], actualArray[i], $"{path}[{i}]"))
                    .FirstOrDefault(difference => difference is not null);
            default:
                return $"{path}: the expected document has an unexpected node {Show(expected)}";
        }
    }

    private static bool IsTaggedScalar(JsonObject node) =>
        node.Count == 2
        && node["type"] is JsonValue type && type.GetValueKind() == JsonValueKind.String
        && node["value"] is JsonValue value && value.GetValueKind() == JsonValueKind.String;

    private static string? ScalarDifference(JsonObject expected, JsonObject actual, string path)
    {
        string type = expected["type"]!.GetValue<string>();
        string expectedValue = expected["value"]!.GetValue<string>();
        string actualType = actual["type"]!.GetValue<string>();
        string actualValue = actual["value"]!.GetValue<string>();
        if (type != actualType)
        {
            return $"{path}: expected type {type}, got {actualType} ({actualValue})";
        }

        bool equal = type switch
        {
            "integer" => BigInteger.Parse(expectedValue, CultureInfo.InvariantCulture) == BigInteger.Parse(actualValue, CultureInfo.InvariantCulture),
            "float" => FloatEquals(ParseFloat(expectedValue), ParseFloat(actualValue)),
            "datetime" => DateTimeOffset.Parse(expectedValue, CultureInfo.InvariantCulture) == DateTimeOffset.Parse(actualValue, CultureInfo.InvariantCulture),
            "datetime-local" => ParseLocalDateTime(expectedValue) == ParseLocalDateTime(actualValue),
            "date-local" => ParseDate(expectedValue) == ParseDate(actualValue),
            "time-local" => ParseTime(expectedValue) == ParseTime(actualValue),
            _ => expectedValue == actualValue,
        };
        return equal ? null : $"{path}: expected {type} {Quote(expectedValue)}, got {Quote(actualValue)}";
    }

    private static bool FloatEquals(double expected, double actual) =>
        double.IsNaN(expected) ? double.IsNaN(actual) : expected.Equals(actual);

    private static double ParseFloat(string text) => text switch
    {
        "inf" or "+inf" => double.PositiveInfinity,
        "-inf" => double.NegativeInfinity,
        "nan" or "+nan" or "-nan" => double.NaN,
        _ => double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture),
    };

    private static DateTime ParseLocalDateTime(string text) =>
        DateTime.Parse(text, CultureInfo.InvariantCulture, DateTimeStyles.None);

    private static DateOnly ParseDate(string text) =>
        DateOnly.ParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static TimeSpan ParseTime(string text) =>
        TimeSpan.Parse(text, CultureInfo.InvariantCulture);

    private static string Quote(string text) => JsonSerializer.Serialize(text);

    private static string Show(JsonNode? node) => node?.ToJsonString() ?? "null";
}
