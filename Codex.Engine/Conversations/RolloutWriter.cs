using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Codex.Engine.Model;

namespace Codex.Engine.Conversations;

/// <summary>
/// Appends a conversation to <c>CODEX_HOME/sessions/YYYY/MM/DD/rollout-&lt;timestamp&gt;-&lt;id&gt;.jsonl</c>:
/// one <c>{"timestamp","type","payload"}</c> object per line, the session meta first, then every
/// history item. Each line is flushed, so a crash loses at most the line being written.
/// </summary>
internal sealed class RolloutWriter : IAsyncDisposable
{
    public const string SessionMetaType = "session_meta";
    public const string ResponseItemType = "response_item";
    public const string CompactedType = "compacted";

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly FileStream _file;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private RolloutWriter(string path, FileStream file)
    {
        Path = path;
        _file = file;
    }

    public string Path { get; }

    /// <summary>Creates the file of a new conversation.</summary>
    public static RolloutWriter Create(string codexHome, string conversationId, DateTimeOffset startedAt)
    {
        var local = startedAt.ToLocalTime();
        var directory = System.IO.Path.Combine(codexHome, "sessions", local.ToString("yyyy", CultureInfo.InvariantCulture), local.ToString("MM", CultureInfo.InvariantCulture), local.ToString("dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, $"rollout-{local.ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture)}-{conversationId}.jsonl");
        return Open(path);
    }

    /// <summary>Opens an existing file to append to it (a resumed conversation).</summary>
    public static RolloutWriter Open(string path) =>
        new(path, new FileStream(path, FileMode.Append, FileAccess.Write, FileShare.Read, bufferSize: 4096, FileOptions.Asynchronous));

    public Task WriteSessionMetaAsync(SessionMeta meta, CancellationToken cancellationToken) =>
        WriteLineAsync(SessionMetaType, writer => JsonSerializer.Serialize(writer, meta, RolloutJsonContext.Default.SessionMeta), cancellationToken);

    public Task WriteItemAsync(ResponseItem item, CancellationToken cancellationToken) =>
        WriteLineAsync(ResponseItemType, writer => JsonSerializer.Serialize(writer, item, ModelJsonContext.Default.ResponseItem), cancellationToken);

    /// <summary>Records that the history was replaced by <paramref name="history"/> (after compaction).</summary>
    public Task WriteCompactedAsync(IReadOnlyList<ResponseItem> history, CancellationToken cancellationToken) =>
        WriteLineAsync(CompactedType, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("history");
            foreach (var item in history)
            {
                JsonSerializer.Serialize(writer, item, ModelJsonContext.Default.ResponseItem);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await _file.DisposeAsync().ConfigureAwait(false);
        _lock.Dispose();
    }

    private async Task WriteLineAsync(string type, Action<Utf8JsonWriter> payload, CancellationToken cancellationToken)
    {
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("timestamp", DateTimeOffset.UtcNow);
            writer.WriteString("type", type);
            writer.WritePropertyName("payload");
            payload(writer);
            writer.WriteEndObject();
        }

        buffer.GetSpan(1)[0] = (byte)'\n';
        buffer.Advance(1);

        // Persistence must not be torn by a cancelled turn: the line is written whole or not at all.
        await _lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await _file.WriteAsync(buffer.WrittenMemory, CancellationToken.None).ConfigureAwait(false);
            await _file.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }

        _ = cancellationToken;
    }
}
