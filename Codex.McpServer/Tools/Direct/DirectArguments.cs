using System.Buffers;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using Codex.Engine.Config;
using Codex.Protocol;

namespace Codex.McpServer.Tools.Direct;

/// <summary>Reading direct-tool arguments, writing the agent tool's arguments, and reading its output back.</summary>
internal static class DirectArguments
{
    public static string? OptionalString(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value.ValueKind == JsonValueKind.String ? value.GetString() : throw new DirectArgumentException($"`{name}` must be a string.")
            : null;

    public static string RequiredString(JsonElement arguments, string name) =>
        OptionalString(arguments, name) is { Length: > 0 } value ? value : throw new DirectArgumentException($"`{name}` is required.");

    public static bool Flag(JsonElement arguments, string name) =>
        arguments.TryGetProperty(name, out var value) && value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False or JsonValueKind.Null => false,
            _ => throw new DirectArgumentException($"`{name}` must be true or false."),
        };

    /// <summary>The config of a call: its cwd, and the sandbox and approval policy it asks for (else config.toml's).</summary>
    public static ConfigRequest Request(JsonElement arguments, string? cwd, SandboxMode? forcedSandbox = null)
    {
        return new ConfigRequest
        {
            Cwd = cwd,
            Sandbox = forcedSandbox ?? Parse(arguments, "sandbox", ProtocolJsonContext.Default.SandboxMode),
            ApprovalPolicy = Parse(arguments, "approval-policy", ProtocolJsonContext.Default.AskForApproval),
        };

        // The same wire names, and the same converter, as the codex tool's arguments.
        static T? Parse<T>(JsonElement arguments, string name, JsonTypeInfo<T> type)
            where T : struct, Enum
        {
            if (OptionalString(arguments, name) is not { } text)
            {
                return null;
            }

            try
            {
                return JsonSerializer.Deserialize($"\"{JsonEncodedText.Encode(text)}\"", type);
            }
            catch (JsonException)
            {
                var names = Enum.GetValues<T>().Select(v => $"`{JsonSerializer.Serialize(v, type).Trim('"')}`");
                throw new DirectArgumentException($"`{name}` must be one of {string.Join(", ", names)}, not `{text}`.");
            }
        }
    }

    /// <summary>The agent's <c>shell</c> arguments: <c>{"command":[…],"timeout_ms":…}</c>.</summary>
    public static JsonElement Shell(IReadOnlyList<string> argv, long? timeoutMs = null) => Write(writer =>
    {
        writer.WriteStartArray("command");
        foreach (var part in argv)
        {
            writer.WriteStringValue(part);
        }

        writer.WriteEndArray();
        if (timeoutMs is { } timeout)
        {
            writer.WriteNumber("timeout_ms", timeout);
        }
    });

    /// <summary>The agent's <c>apply_patch</c> arguments: <c>{"input": patch}</c>.</summary>
    public static JsonElement Patch(string patch) => Write(writer => writer.WriteString("input", patch));

    public static JsonElement Structured(string threadId, string output, int? exitCode) => Write(writer =>
    {
        writer.WriteString("threadId", threadId);
        writer.WriteString("output", output);
        if (exitCode is { } code)
        {
            writer.WriteNumber("exitCode", code);
        }
        else
        {
            writer.WriteNull("exitCode");
        }
    });

    private static JsonElement Write(Action<Utf8JsonWriter> members)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            members(writer);
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(buffer.WrittenMemory);
        return document.RootElement.Clone();
    }
}
