using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;

namespace Codex.Protocol.JsonRpc;

/// <summary>The outcome of parsing one line: a message, or the error to answer with.</summary>
/// <param name="Message">The message, when the line is valid.</param>
/// <param name="Error">Why the line is not a valid message.</param>
/// <param name="ErrorId">The id to answer the error with, when one could be read.</param>
public readonly record struct ParsedLine(JsonRpcMessage? Message, JsonRpcError? Error, RequestId? ErrorId);

/// <summary>Parses and writes JSON-RPC messages, one compact JSON object per line.</summary>
public static class JsonRpcMessageCodec
{
    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    private static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = false,
        SkipValidation = true,

        // Plain characters (quotes, backticks, non-ASCII) as the original writes them; this is
        // stdio, not HTML, so nothing needs defensive escaping.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Parses one line. Invalid UTF-8 and invalid JSON give <c>-32700</c>; JSON that is not a
    /// request, notification, response or error gives <c>-32600</c>. Never throws.
    /// </summary>
    public static ParsedLine Parse(ReadOnlySpan<byte> line)
    {
        if (!Utf8.IsValid(line))
        {
            return Fail(JsonRpcErrorCodes.ParseError, "Parse error: the message is not valid UTF-8.");
        }

        JsonDocument document;
        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
            document = JsonDocument.ParseValue(ref reader);
            if (reader.Read())
            {
                document.Dispose();
                return Fail(JsonRpcErrorCodes.ParseError, "Parse error: unexpected data after the JSON value; send one JSON object per line.");
            }
        }
        catch (JsonException ex)
        {
            return Fail(JsonRpcErrorCodes.ParseError, $"Parse error: {ex.Message}");
        }

        using (document)
        {
            return Classify(document.RootElement);
        }
    }

    private static ParsedLine Classify(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            var what = root.ValueKind == JsonValueKind.Array ? "a JSON array (batches are not supported)" : $"a JSON {root.ValueKind.ToString().ToLowerInvariant()}";
            return Fail(JsonRpcErrorCodes.InvalidRequest, $"Invalid request: expected a JSON-RPC object, got {what}.");
        }

        RequestId? id = null;
        var hasId = root.TryGetProperty("id", out var idElement) && idElement.ValueKind != JsonValueKind.Null;
        if (hasId)
        {
            if (!RequestId.TryFrom(idElement, out var parsed))
            {
                return Fail(JsonRpcErrorCodes.InvalidRequest, "Invalid request: 'id' must be a string or an integer.");
            }

            id = parsed;
        }

        if (root.TryGetProperty("method", out var methodElement))
        {
            if (methodElement.ValueKind != JsonValueKind.String)
            {
                return Fail(JsonRpcErrorCodes.InvalidRequest, "Invalid request: 'method' must be a string.", id);
            }

            JsonElement? parameters = null;
            if (root.TryGetProperty("params", out var paramsElement) && paramsElement.ValueKind != JsonValueKind.Null)
            {
                if (paramsElement.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array))
                {
                    return Fail(JsonRpcErrorCodes.InvalidRequest, "Invalid request: 'params' must be an object or an array.", id);
                }

                parameters = paramsElement.Clone();
            }

            var method = methodElement.GetString()!;
            if (id is { } requestId)
            {
                return new ParsedLine(new JsonRpcRequest { Id = requestId, Method = method, Params = parameters }, null, null);
            }

            if (root.TryGetProperty("id", out _))
            {
                return Fail(JsonRpcErrorCodes.InvalidRequest, "Invalid request: 'id' must not be null.");
            }

            return new ParsedLine(new JsonRpcNotification { Method = method, Params = parameters }, null, null);
        }

        if (root.TryGetProperty("result", out var result))
        {
            return id is { } responseId
                ? new ParsedLine(new JsonRpcResponse { Id = responseId, Result = result.Clone() }, null, null)
                : Fail(JsonRpcErrorCodes.InvalidRequest, "Invalid request: a response needs an 'id'.");
        }

        if (root.TryGetProperty("error", out var errorElement))
        {
            var error = ReadError(errorElement);
            return new ParsedLine(new JsonRpcErrorResponse { Id = id, Error = error }, null, null);
        }

        return Fail(JsonRpcErrorCodes.InvalidRequest, "Invalid request: expected 'method' (a request or notification) or 'result'/'error' (a response).", id);
    }

    private static JsonRpcError ReadError(JsonElement element)
    {
        var code = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("code", out var c) && c.TryGetInt32(out var n)
            ? n
            : JsonRpcErrorCodes.InternalError;
        var message = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String
            ? m.GetString()!
            : element.GetRawText();
        JsonElement? data = element.ValueKind == JsonValueKind.Object && element.TryGetProperty("data", out var d) ? d.Clone() : null;
        return new JsonRpcError { Code = code, Message = message, Data = data };
    }

    private static ParsedLine Fail(int code, string message, RequestId? id = null) =>
        new(null, new JsonRpcError { Code = code, Message = message }, id);

    /// <summary>Writes a request with typed params.</summary>
    public static byte[] WriteRequest<T>(RequestId id, string method, T parameters, JsonTypeInfo<T> typeInfo) =>
        Write(writer =>
        {
            writer.WritePropertyName("id");
            id.WriteTo(writer);
            writer.WriteString("method", method);
            writer.WritePropertyName("params");
            JsonSerializer.Serialize(writer, parameters, typeInfo);
        });

    /// <summary>Writes a notification with typed params (omitted when null).</summary>
    public static byte[] WriteNotification<T>(string method, T? parameters, JsonTypeInfo<T> typeInfo)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        WriteNotification(buffer, method, parameters, typeInfo);
        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>
    /// Writes a notification line into <paramref name="buffer"/> with this thread's reused writer: the
    /// event path of a turn (many notifications each) allocates nothing here but the serializer's own state.
    /// </summary>
    internal static void WriteNotification<T>(IBufferWriter<byte> buffer, string method, T? parameters, JsonTypeInfo<T> typeInfo)
    {
        var writer = t_writer ??= new Utf8JsonWriter(buffer, WriterOptions);
        writer.Reset(buffer);
        try
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", JsonRpcMessage.Version);
            writer.WriteString("method", method);
            if (parameters is not null)
            {
                writer.WritePropertyName("params");
                JsonSerializer.Serialize(writer, parameters, typeInfo);
            }

            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            // Drop the buffer so the cached writer keeps nothing alive.
            writer.Reset();
        }

        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
    }

    /// <summary>Writes a successful response with a typed result.</summary>
    public static byte[] WriteResponse<T>(RequestId id, T result, JsonTypeInfo<T> typeInfo) =>
        Write(writer =>
        {
            writer.WritePropertyName("id");
            id.WriteTo(writer);
            writer.WritePropertyName("result");
            JsonSerializer.Serialize(writer, result, typeInfo);
        });

    /// <summary>Writes an error response; a null id is written as <c>null</c>.</summary>
    public static byte[] WriteError(RequestId? id, JsonRpcError error) =>
        Write(writer =>
        {
            writer.WritePropertyName("id");
            if (id is { } value)
            {
                value.WriteTo(writer);
            }
            else
            {
                writer.WriteNullValue();
            }

            writer.WriteStartObject("error");
            writer.WriteNumber("code", error.Code);
            writer.WriteString("message", error.Message);
            if (error.Data is { } data)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }

            writer.WriteEndObject();
        });

    /// <summary>Writes any message; used by tests and by callers that hold untyped messages.</summary>
    public static byte[] Write(JsonRpcMessage message) => message switch
    {
        JsonRpcRequest r => Write(writer =>
        {
            writer.WritePropertyName("id");
            r.Id.WriteTo(writer);
            writer.WriteString("method", r.Method);
            if (r.Params is { } p)
            {
                writer.WritePropertyName("params");
                p.WriteTo(writer);
            }
        }),
        JsonRpcNotification n => Write(writer =>
        {
            writer.WriteString("method", n.Method);
            if (n.Params is { } p)
            {
                writer.WritePropertyName("params");
                p.WriteTo(writer);
            }
        }),
        JsonRpcResponse r => Write(writer =>
        {
            writer.WritePropertyName("id");
            r.Id.WriteTo(writer);
            writer.WritePropertyName("result");
            r.Result.WriteTo(writer);
        }),
        JsonRpcErrorResponse e => WriteError(e.Id, e.Error),
        _ => throw new ArgumentException($"Unknown message type {message.GetType().Name}.", nameof(message)),
    };

    private static byte[] Write(Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("jsonrpc", JsonRpcMessage.Version);
            body(writer);
            writer.WriteEndObject();
        }

        // The terminator goes in the same buffer so a line is one write.
        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);
        return buffer.WrittenSpan.ToArray();
    }
}
