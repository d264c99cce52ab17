using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Codex.Protocol.JsonRpc;

/// <summary>
/// A JSON-RPC request id: a string or an integer. The JSON type is preserved exactly, so an id
/// echoed back in a response or in <c>_meta.requestId</c> has the type the peer sent.
/// </summary>
[JsonConverter(typeof(Serialization.RequestIdConverter))]
public readonly struct RequestId : IEquatable<RequestId>
{
    private readonly string? _string;
    private readonly long _number;

    /// <summary>Creates a string id.</summary>
    public RequestId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        _string = value;
        _number = 0;
        IsString = true;
    }

    /// <summary>Creates an integer id.</summary>
    public RequestId(long value)
    {
        _string = null;
        _number = value;
        IsString = false;
    }

    /// <summary>True when the id is a JSON string, false when it is an integer.</summary>
    public bool IsString { get; }

    /// <summary>The string value; only meaningful when <see cref="IsString"/> is true.</summary>
    public string? AsString => IsString ? _string : null;

    /// <summary>The integer value; only meaningful when <see cref="IsString"/> is false.</summary>
    public long? AsNumber => IsString ? null : _number;

    /// <summary>The id rendered as text: <c>7</c> becomes <c>"7"</c>, <c>"abc"</c> stays <c>"abc"</c>.</summary>
    public override string ToString() => IsString ? _string! : _number.ToString(CultureInfo.InvariantCulture);

    /// <inheritdoc />
    public bool Equals(RequestId other) =>
        IsString == other.IsString && (IsString ? string.Equals(_string, other._string, StringComparison.Ordinal) : _number == other._number);

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is RequestId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => IsString ? HashCode.Combine(1, _string) : HashCode.Combine(2, _number);

    /// <summary>Equality.</summary>
    public static bool operator ==(RequestId left, RequestId right) => left.Equals(right);

    /// <summary>Inequality.</summary>
    public static bool operator !=(RequestId left, RequestId right) => !left.Equals(right);

    /// <summary>Writes the id with its original JSON type.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        if (IsString)
        {
            writer.WriteStringValue(_string);
        }
        else
        {
            writer.WriteNumberValue(_number);
        }
    }

    /// <summary>Reads an id from a JSON string or integer token.</summary>
    /// <exception cref="JsonException">The token is neither a string nor an integer.</exception>
    public static RequestId Read(ref Utf8JsonReader reader) => reader.TokenType switch
    {
        JsonTokenType.String => new RequestId(reader.GetString()!),
        JsonTokenType.Number when reader.TryGetInt64(out var number) => new RequestId(number),
        _ => throw new JsonException("A request id must be a string or an integer."),
    };

    /// <summary>Reads an id from an element that holds a JSON string or integer.</summary>
    public static bool TryFrom(JsonElement element, out RequestId id)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String:
                id = new RequestId(element.GetString()!);
                return true;
            case JsonValueKind.Number when element.TryGetInt64(out var number):
                id = new RequestId(number);
                return true;
            default:
                id = default;
                return false;
        }
    }
}
