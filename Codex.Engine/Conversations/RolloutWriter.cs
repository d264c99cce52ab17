using System.Buffers;
using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using Codex.Engine.Model;
using Microsoft.Win32.SafeHandles;

namespace Codex.Engine.Conversations;

/// <summary>
/// Appends a conversation to <c>CODEX_HOME/sessions/YYYY/MM/DD/rollout-&lt;timestamp&gt;-&lt;id&gt;.jsonl</c>:
/// one <c>{"timestamp","type","payload"}</c> object per line, the session meta first, then every
/// history item.
/// </summary>
/// <remarks>
/// A record is written whole or not at all, even across processes sharing the file: each append
/// takes an exclusive lock on the file, finds its end under the lock, repairs a torn last line
/// that a crash or a full disk left (a complete object missing its newline gets one, a partial
/// one is cut off), writes the line at that offset and flushes it to disk. A failed write is cut
/// back off, so the file is left as it was and the caller gets an <see cref="IOException"/>.
/// </remarks>
internal sealed class RolloutWriter : IAsyncDisposable
{
    public const string SessionMetaType = "session_meta";
    public const string ResponseItemType = "response_item";
    public const string CompactedType = "compacted";

    private const byte Newline = (byte)'\n';

    /// <summary>How much of the file is read at a time when looking back for the start of a torn line.</summary>
    private const int ScanChunk = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SafeFileHandle _file;
    private readonly SemaphoreSlim _lock = new(1, 1);

    private RolloutWriter(string path, SafeFileHandle file)
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
        return new RolloutWriter(path, OpenHandle(path, FileMode.OpenOrCreate));
    }

    /// <summary>Opens an existing file to append to it (a resumed conversation).</summary>
    public static RolloutWriter Open(string path) => new(path, OpenHandle(path, FileMode.Open));

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

    public ValueTask DisposeAsync()
    {
        _file.Dispose();
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }

    // Read access is for looking at the tail; positions are explicit (pwrite), so no O_APPEND is
    // needed: the end is found under the lock at every append.
    private static SafeFileHandle OpenHandle(string path, FileMode mode) =>
        File.OpenHandle(path, mode, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete);

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

        buffer.GetSpan(1)[0] = Newline;
        buffer.Advance(1);

        // Persistence must not be torn by a cancelled turn: the line is written whole or not at all.
        _ = cancellationToken;
        await _lock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            using var fileLock = await FileLock.AcquireAsync(_file, Path).ConfigureAwait(false);
            Append(buffer.WrittenSpan);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Writes <paramref name="line"/> at the end of the file; the caller holds the file lock.</summary>
    private void Append(ReadOnlySpan<byte> line)
    {
        long start;
        bool terminateTail;
        try
        {
            (start, terminateTail) = RepairTail(RandomAccess.GetLength(_file));
        }
        catch (IOException ex)
        {
            throw new IOException($"Could not save to the rollout file {Path}: its end could not be checked: {ex.Message}", ex);
        }

        try
        {
            if (terminateTail)
            {
                // One write for the missing newline and the record, so a failure undoes both.
                var whole = new byte[line.Length + 1];
                whole[0] = Newline;
                line.CopyTo(whole.AsSpan(1));
                RandomAccess.Write(_file, whole, start);
            }
            else
            {
                RandomAccess.Write(_file, line, start);
            }

            RandomAccess.FlushToDisk(_file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new IOException(TruncateBack(start, ex), ex);
        }
    }

    /// <summary>
    /// Looks at the last line of a file of <paramref name="length"/> bytes. Returns where the next
    /// record goes and whether a newline must go first (the last line is a complete JSON object
    /// whose newline never made it to disk); a partial last line is cut off here.
    /// </summary>
    private (long Start, bool TerminateTail) RepairTail(long length)
    {
        if (length == 0)
        {
            return (0, false);
        }

        Span<byte> last = stackalloc byte[1];
        RandomAccess.Read(_file, last, length - 1);
        if (last[0] == Newline)
        {
            return (length, false);
        }

        var lineStart = StartOfLastLine(length);
        var tail = new byte[length - lineStart];
        ReadExactly(tail, lineStart);
        if (IsCompleteObject(tail))
        {
            return (length, true);
        }

        RandomAccess.SetLength(_file, lineStart);
        return (lineStart, false);
    }

    /// <summary>The offset just past the last newline before <paramref name="length"/>, or 0.</summary>
    private long StartOfLastLine(long length)
    {
        var chunk = new byte[(int)Math.Min(ScanChunk, length)];
        var end = length;
        while (end > 0)
        {
            var size = (int)Math.Min(chunk.Length, end);
            var from = end - size;
            var span = chunk.AsSpan(0, size);
            ReadExactly(span, from);
            var index = span.LastIndexOf(Newline);
            if (index >= 0)
            {
                return from + index + 1;
            }

            end = from;
        }

        return 0;
    }

    private void ReadExactly(Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(_file, destination, offset);
            if (read == 0)
            {
                throw new IOException($"{Path} shrank while it was locked for appending.");
            }

            destination = destination[read..];
            offset += read;
        }
    }

    private static bool IsCompleteObject(ReadOnlySpan<byte> line)
    {
        var reader = new Utf8JsonReader(line, new JsonReaderOptions { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow });
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return false;
        }
    }

    /// <summary>Cuts a failed append back off; returns the error message for the caller.</summary>
    private string TruncateBack(long start, Exception failure)
    {
        var message = $"Could not save to the rollout file {Path} ({failure.Message}).";
        try
        {
            RandomAccess.SetLength(_file, start);
            return $"{message} The record was not saved and the file was left as it was.";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next append cuts a torn tail off anyway, and a resume skips it.
            return $"{message} Removing the partly written record failed too ({ex.Message}); the next append will cut it off.";
        }
    }
}
