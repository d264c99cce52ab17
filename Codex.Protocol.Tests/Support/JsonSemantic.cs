using System.Globalization;
using System.Text.Json;

namespace Codex.Protocol.Tests.Support;

/// <summary>
/// Compares JSON by meaning: object key order is ignored, numbers compare by value
/// (<c>1.0</c> equals <c>1</c>), everything else must match exactly.
/// </summary>
internal static class JsonSemantic
{
    /// <summary>Returns null when equal, else the first difference with its JSON path.</summary>
    public static string? Diff(JsonElement expected, JsonElement actual) => Diff(expected, actual, "$");

    /// <summary>Parses both texts and compares them.</summary>
    public static string? Diff(string expected, string actual)
    {
        using var e = JsonDocument.Parse(expected);
        using var a = JsonDocument.Parse(actual);
        return Diff(e.RootElement, a.RootElement);
    }

    private static string? Diff(JsonElement expected, JsonElement actual, string path)
    {
        if (expected.ValueKind != actual.ValueKind && !(IsBoolean(expected) && IsBoolean(actual)))
        {
            return $"{path}: expected {Describe(expected)}, got {Describe(actual)}";
        }

        switch (expected.ValueKind)
        {
            case JsonValueKind.Object:
                var expectedNames = expected.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var actualNames = actual.EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);
                var missing = expectedNames.Except(actualNames).Order(StringComparer.Ordinal).ToList();
                if (missing.Count > 0)
                {
                    return $"{path}: missing key(s) {string.Join(", ", missing)}";
                }

                var extra = actualNames.Except(expectedNames).Order(StringComparer.Ordinal).ToList();
                if (extra.Count > 0)
                {
                    return $"{path}: unexpected key(s) {string.Join(", ", extra)}";
                }

                foreach (var property in expected.EnumerateObject())
                {
                    var inner = Diff(property.Value, actual.GetProperty(property.Name), $"{path}.{property.Name}");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var expectedLength = expected.GetArrayLength();
                var actualLength = actual.GetArrayLength();
                if (expectedLength != actualLength)
                {
                    return $"{path}: expected {expectedLength} element(s), got {actualLength}";
                }

                for (var i = 0; i < expectedLength; i++)
                {
                    var inner = Diff(expected[i], actual[i], $"{path}[{i}]");
                    if (inner is not null)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                return string.Equals(expected.GetString(), actual.GetString(), StringComparison.Ordinal)
                    ? null
                    : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            case JsonValueKind.Number:
                return NumbersEqual(expected, actual) ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            case JsonValueKind.True or JsonValueKind.False:
                return expected.GetBoolean() == actual.GetBoolean() ? null : $"{path}: expected {expected.GetRawText()}, got {actual.GetRawText()}";
            default:
                return null;
        }
    }

    private static bool IsBoolean(JsonElement element) => element.ValueKind is JsonValueKind.True or JsonValueKind.False;

    private static bool NumbersEqual(JsonElement expected, JsonElement actual)
    {
        if (expected.GetRawText() == actual.GetRawText())
        {
            return true;
        }

        if (decimal.TryParse(expected.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var e)
            && decimal.TryParse(actual.GetRawText(), NumberStyles.Float, CultureInfo.InvariantCulture, out var a))
        {
            return e == a;
        }

        return expected.GetDouble().Equals(actual.GetDouble());
    }

    private static string Describe(JsonElement element) => element.ValueKind switch
    {
        JsonValueKind.Object or JsonValueKind.Array => element.ValueKind.ToString().ToLowerInvariant(),
        _ => element.GetRawText(),
    };
}
