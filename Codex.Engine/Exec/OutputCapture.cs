using System.Text;

namespace Codex.Engine.Exec;

/// <summary>The per-stream buffers and the interleaved aggregate of a running command.</summary>
internal sealed class OutputCapture(int maxRetainedBytes = OutputCapture.MaxRetainedBytes)
{
    /// <summary>
    /// Bytes kept per buffer. Output beyond it is still read (and streamed to the sink) but not kept,
    /// so a runaway command cannot exhaust memory before its timeout.
    /// </summary>
    public const int MaxRetainedBytes = 64 * 1024 * 1024;

    private readonly Lock _lock = new();
    private readonly MemoryStream _stdout = new();
    private readonly MemoryStream _stderr = new();
    private readonly MemoryStream _aggregate = new();

    /// <summary>Appends a chunk read from <paramref name="stream"/>.</summary>
    public void Append(ExecOutputStream stream, ReadOnlySpan<byte> chunk)
    {
        lock (_lock)
        {
            AppendCapped(stream == ExecOutputStream.Stdout ? _stdout : _stderr, chunk);
            AppendCapped(_aggregate, chunk);
        }
    }

    /// <summary>Decodes the three buffers.</summary>
    public (string Stdout, string Stderr, string Aggregated) Decode()
    {
        lock (_lock)
        {
            return (Utf8(_stdout), Utf8(_stderr), Utf8(_aggregate));
        }
    }

    private void AppendCapped(MemoryStream buffer, ReadOnlySpan<byte> chunk)
    {
        long room = maxRetainedBytes - buffer.Length;
        if (room > 0)
        {
            buffer.Write(chunk[..(int)Math.Min(room, chunk.Length)]);
        }
    }

    private static string Utf8(MemoryStream buffer) => Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
}
