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
/// <para>
/// A record is written whole or not at all, even across processes sharing the file: each append
/// opens the file, takes an exclusive lock on it, finds its end under the lock, repairs a torn last
/// line that a crash or a full disk left (a complete object missing its newline gets one, a partial
/// one is cut off), writes the line at that offset and closes the file. A failed write is cut back
/// off, so the file is left as it was and the caller gets a <see cref="RolloutWriteException"/>.
/// </para>
/// <para>
/// The file is open only during an append, so an idle conversation holds no descriptor: a
/// long-lived server keeps every conversation it has seen in memory, and one open file each would
/// grow without bound.
/// </para>
/// <para>
/// Durability covers a crash of the process (even SIGKILL) and a full disk, not a power loss or
/// kernel crash: a <c>write()</c> that returned is in the page cache and survives the process, so
/// records are not flushed to disk (no <c>fsync</c>), which would cost a journal commit per
/// record, i.e. several per turn. Nor is there one <c>fsync</c> per turn: it would add the same
/// cost to every reply for a guarantee outside the contract. What a power loss can leave at the
/// end of the file (a cut or zero-filled last line) is what the reader skips and the next append
/// cuts off.
/// </para>
/// </remarks>
internal sealed class RolloutWriter : IAsyncDisposable
{
    public const string SessionMetaType = "session_meta";
    public const string ResponseItemType = "response_item";
    public const string CompactedType = "compacted";
    public const string EventMsgType = "event_msg";

    private const byte Newline = (byte)'\n';

    /// <summary>How much of the file is read at a time when looking back for the start of a torn line.</summary>
    private const int ScanChunk = 64 * 1024;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly SemaphoreSlim _lock = new(1, 1);

    private RolloutWriter(string path)
    {
        Path = path;
    }

    public string Path { get; }

    /// <summary>Creates the file of a new conversation.</summary>
    public static RolloutWriter Create(string codexHome, string conversationId, DateTimeOffset startedAt)
    {
        var local = startedAt.ToLocalTime();
        var directory = System.IO.Path.Combine(codexHome, "sessions", local.ToString("yyyy", CultureInfo.InvariantCulture), local.ToString("MM", CultureInfo.InvariantCulture), local.ToString("dd", CultureInfo.InvariantCulture));
        Directory.CreateDirectory(directory);
        var path = System.IO.Path.Combine(directory, $"rollout-{local.ToString("yyyy-MM-dd'T'HH-mm-ss", CultureInfo.InvariantCulture)}-{conversationId}.jsonl");

        // Created now, so a CODEX_HOME that cannot take it fails the start, not the first append.
        OpenHandle(path, FileMode.OpenOrCreate).Dispose();
        return new RolloutWriter(path);
    }

    /// <summary>A writer that appends to an existing file (a resumed conversation); the file is opened at each append.</summary>
    public static RolloutWriter Open(string path) => new(path);

    public Task WriteSessionMetaAsync(SessionMeta meta, CancellationToken cancellationToken) =>
        WriteLineAsync(SessionMetaType, writer => JsonSerializer.Serialize(writer, meta, RolloutJsonContext.Default.SessionMeta), cancellationToken);

    public Task WriteItemAsync(ResponseItem item, CancellationToken cancellationToken)
    {
        var stored = StoreImages(item);
        return WriteLineAsync(ResponseItemType, writer => JsonSerializer.Serialize(writer, stored, ModelJsonContext.Default.ResponseItem), cancellationToken);
    }

    /// <summary>Records a turn's cumulative diff, as upstream's <c>event_msg</c> line of type <c>turn_diff</c>; resume skips it.</summary>
    public Task WriteTurnDiffAsync(string unifiedDiff, CancellationToken cancellationToken) =>
        WriteLineAsync(EventMsgType, writer =>
        {
            writer.WriteStartObject();
            writer.WriteString("type", "turn_diff");
            writer.WriteString("unified_diff", unifiedDiff);
            writer.WriteEndObject();
        }, cancellationToken);

    /// <summary>Records that the history was replaced by <paramref name="history"/> (after compaction).</summary>
    public Task WriteCompactedAsync(IReadOnlyList<ResponseItem> history, CancellationToken cancellationToken)
    {
        var stored = history.Select(StoreImages).ToList();
        return WriteLineAsync(CompactedType, writer =>
        {
            writer.WriteStartObject();
            writer.WriteStartArray("history");
            foreach (var item in stored)
            {
                JsonSerializer.Serialize(writer, item, ModelJsonContext.Default.ResponseItem);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        }, cancellationToken);
    }

    /// <summary>The item with its images moved to files beside the rollout (<see cref="RolloutImages"/>).</summary>
    private ResponseItem StoreImages(ResponseItem item)
    {
        try
        {
            return RolloutImages.Externalize(item, Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RolloutWriteException($"Could not save an image of the conversation beside {Path}: {ex.Message}", ex);
        }
    }

    public ValueTask DisposeAsync()
    {
        _lock.Dispose();
        return ValueTask.CompletedTask;
    }

    // Read access is for looking at the tail; positions are explicit (pwrite), so no O_APPEND is
    // needed: the end is found under the lock at every append. FileMode.Open after creation: a
    // rollout deleted under a running conversation is an error, not silently restarted headless.
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
            SafeFileHandle file;
            try
            {
                file = OpenHandle(Path, FileMode.Open);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                throw new RolloutWriteException($"Could not save to the rollout file {Path}: it could not be opened ({Reason(ex)}).", ex);
            }

            using (file)
            {
                using var fileLock = await AcquireLockAsync(file).ConfigureAwait(false);
                Append(file, buffer.WrittenSpan);
            }
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<FileLock> AcquireLockAsync(SafeFileHandle file)
    {
        try
        {
            return await FileLock.AcquireAsync(file, Path).ConfigureAwait(false);
        }
        catch (IOException ex)
        {
            throw new RolloutWriteException($"Could not save to the rollout file {Path}: {ex.Message}", ex);
        }
    }

    /// <summary>Writes <paramref name="line"/> at the end of <paramref name="file"/>; the caller holds the file lock.</summary>
    private void Append(SafeFileHandle file, ReadOnlySpan<byte> line)
    {
        long start;
        bool terminateTail;
        try
        {
            (start, terminateTail) = RepairTail(file, RandomAccess.GetLength(file));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RolloutWriteException($"Could not save to the rollout file {Path}: its end could not be checked ({Reason(ex)}).", ex);
        }

        try
        {
            if (terminateTail)
            {
                // One write for the missing newline and the record, so a failure undoes both.
                var whole = new byte[line.Length + 1];
                whole[0] = Newline;
                line.CopyTo(whole.AsSpan(1));
                RandomAccess.Write(file, whole, start);
            }
            else
            {
                RandomAccess.Write(file, line, start);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new RolloutWriteException(TruncateBack(file, start, ex), ex);
        }
    }

    /// <summary>
    /// Looks at the last line of a file of <paramref name="length"/> bytes. Returns where the next
    /// record goes and whether a newline must go first (the last line is a complete JSON object
    /// whose newline never made it to disk); a partial last line is cut off here.
    /// </summary>
    private (long Start, bool TerminateTail) RepairTail(SafeFileHandle file, long length)
    {
        if (length == 0)
        {
            return (0, false);
        }

        Span<byte> last = stackalloc byte[1];
        RandomAccess.Read(file, last, length - 1);
        if (last[0] == Newline)
        {
            return (length, false);
        }

        var lineStart = StartOfLastLine(file, length);
        var tail = new byte[length - lineStart];
        ReadExactly(file, tail, lineStart);
        if (IsCompleteObject(tail))
        {
            return (length, true);
        }

        RandomAccess.SetLength(file, lineStart);
        return (lineStart, false);
    }

    /// <summary>The offset just past the last newline before <paramref name="length"/>, or 0.</summary>
    private long StartOfLastLine(SafeFileHandle file, long length)
    {
        var chunk = new byte[(int)Math.Min(ScanChunk, length)];
        var end = length;
        while (end > 0)
        {
            var size = (int)Math.Min(chunk.Length, end);
            var from = end - size;
            var span = chunk.AsSpan(0, size);
            ReadExactly(file, span, from);
            var index = span.LastIndexOf(Newline);
            if (index >= 0)
            {
                return from + index + 1;
            }

            end = from;
        }

        return 0;
    }

    private void ReadExactly(SafeFileHandle file, Span<byte> destination, long offset)
    {
        while (!destination.IsEmpty)
        {
            var read = RandomAccess.Read(file, destination, offset);
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

    /// <summary>The operating system's reason, to go inside parentheses of a sentence.</summary>
    private static string Reason(Exception failure) => failure.Message.TrimEnd('.', ' ');

    /// <summary>Cuts a failed append back off; returns the error message for the caller.</summary>
    private string TruncateBack(SafeFileHandle file, long start, Exception failure)
    {
        var message = $"Could not save to the rollout file {Path} ({Reason(failure)}).";
        try
        {
            RandomAccess.SetLength(file, start);
            return $"{message} The record was not saved and the file was left as it was.";
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // The next append cuts a torn tail off anyway, and a resume skips it.
            return $"{message} Removing the partly written record failed too ({Reason(ex)}); the next append will cut it off.";
        }
    }
}
