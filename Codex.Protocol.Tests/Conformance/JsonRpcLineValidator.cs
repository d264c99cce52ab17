using System.Text.Unicode;
using System.Text.Json;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// Checks that one stdout line of a server is a well-formed JSON-RPC 2.0 message, written out
/// independently of the library under test (spec §1.1): one compact UTF-8 JSON object with
/// <c>"jsonrpc":"2.0"</c> that is a request, a notification, a response or an error.
/// </summary>
public static class JsonRpcLineValidator
{
    private static readonly HashSet<string> AllowedMembers = ["jsonrpc", "id", "method", "params", "result", "error"];

    /// <summary>Null when the line (without its LF) is a valid message, else what is wrong.</summary>
    public static string? Validate(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty)
        {
            return "empty line";
        }

        if (line[^1] == (byte)'\r')
        {
            return "line ends with CR (CRLF terminator)";
        }

        if (!Utf8.IsValid(line))
        {
            return "not valid UTF-8";
        }

        JsonDocument document;
        try
        {
            // Parse rejects anything after the value, so two objects on one line fail here too.
            document = JsonDocument.Parse(line.ToArray());
        }
        catch (JsonException ex)
        {
            return $"not JSON: {ex.Message}";
        }

        using (document)
        {
            return ValidateMessage(document.RootElement) ?? (IsCompact(line) ? null : "not compact: whitespace between tokens");
        }
    }

    private static bool IsCompact(ReadOnlySpan<byte> line)
    {
        var inString = false;
        for (var i = 0; i < line.Length; i++)
        {
            var b = line[i];
            if (inString)
            {
                if (b == (byte)'\\')
                {
                    i++;
                }
                else if (b == (byte)'"')
                {
                    inString = false;
                }
            }
            else if (b == (byte)'"')
            {
                inString = true;
            }
            else if (b is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n')
            {
                return false;
            }
        }

        return true;
    }

    private static string? ValidateMessage(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            return $"not a JSON object but {root.ValueKind}";
        }

        foreach (var property in root.EnumerateObject())
        {
            if (!AllowedMembers.Contains(property.Name))
            {
                return $"unexpected member '{property.Name}'";
            }
        }

        if (!root.TryGetProperty("jsonrpc", out var version) || version.ValueKind != JsonValueKind.String || version.GetString() != "2.0")
        {
            return "missing \"jsonrpc\":\"2.0\"";
        }

        var hasId = root.TryGetProperty("id", out var id);
        var hasResult = root.TryGetProperty("result", out _);
        var hasError = root.TryGetProperty("error", out var error);
        if (root.TryGetProperty("method", out var method))
        {
            if (method.ValueKind != JsonValueKind.String || method.GetString()!.Length == 0)
            {
                return "'method' must be a non-empty string";
            }

            if (hasResult || hasError)
            {
                return "a request or notification must not carry 'result' or 'error'";
            }

            if (hasId && !IsRequestId(id))
            {
                return "a request id must be a string or an integer";
            }

            if (root.TryGetProperty("params", out var parameters) && parameters.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
            {
                return "'params' must be an object or an array";
            }

            return null;
        }

        if (!hasId)
        {
            return "a response needs an 'id'";
        }

        if (hasResult == hasError)
        {
            return "a response needs exactly one of 'result' and 'error'";
        }

        if (hasResult)
        {
            return IsRequestId(id) ? null : "a result's id must be a string or an integer";
        }

        if (!IsRequestId(id) && id.ValueKind != JsonValueKind.Null)
        {
            return "an error's id must be a string, an integer or null";
        }

        if (error.ValueKind != JsonValueKind.Object
            || !error.TryGetProperty("code", out var code) || code.ValueKind != JsonValueKind.Number || !code.TryGetInt32(out _)
            || !error.TryGetProperty("message", out var message) || message.ValueKind != JsonValueKind.String)
        {
            return "'error' must be an object with an integer 'code' and a string 'message'";
        }

        return null;
    }

    private static bool IsRequestId(JsonElement id) =>
        id.ValueKind == JsonValueKind.String || (id.ValueKind == JsonValueKind.Number && id.TryGetInt64(out _));
}
