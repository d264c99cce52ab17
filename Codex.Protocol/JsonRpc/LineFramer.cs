using System.Buffers;
using System.IO.Pipelines;

namespace Codex.Protocol.JsonRpc;

/// <summary>What <see cref="LineFramer.ReadLineAsync"/> found.</summary>
public enum FramedLineKind
{
    /// <summary>A complete line; its bytes are in <see cref="FramedLine.Bytes"/>.</summary>
    Line,

    /// <summary>A line longer than the limit; it was skipped whole and the stream goes on.</summary>
    TooLong,

    /// <summary>The input ended.</summary>
    EndOfStream,
}

/// <summary>One result of <see cref="LineFramer.ReadLineAsync"/>.</summary>
/// <param name="Kind">What was read.</param>
/// <param name="Bytes">The line without its terminator; valid until the next read.</param>
/// <param name="Length">For <see cref="FramedLineKind.TooLong"/>, how many bytes were skipped.</param>
public readonly record struct FramedLine(FramedLineKind Kind, ReadOnlyMemory<byte> Bytes, long Length);

/// <summary>
/// Reads LF-delimited messages from a <see cref="PipeReader"/>. A trailing CR is stripped (CRLF is
/// accepted), blank lines are skipped, and a line over the size limit is reported as
/// <see cref="FramedLineKind.TooLong"/> without ever being buffered whole.
/// </summary>
public sealed class LineFramer
{
    /// <summary>The default per-message limit: 64 MiB.</summary>
    public const int DefaultMaxLineBytes = 64 * 1024 * 1024;

    private readonly PipeReader _reader;
    private readonly int _maxLineBytes;
    private byte[] _line = new byte[4096];

    /// <summary>Creates a framer over <paramref name="reader"/>.</summary>
    public LineFramer(PipeReader reader, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentNullException.ThrowIfNull(reader);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 1);
        _reader = reader;
        _maxLineBytes = maxLineBytes;
    }

    /// <summary>Reads the next non-blank line, an oversize report, or the end of the input.</summary>
    public async ValueTask<FramedLine> ReadLineAsync(CancellationToken cancellationToken)
    {
        long skipping = -1; // >= 0 while discarding the rest of an oversize line
        while (true)
        {
            var result = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
            var buffer = result.Buffer;
            var newline = buffer.PositionOf((byte)'\n');

            if (newline is { } end)
            {
                var line = buffer.Slice(0, end);
                FramedLine framed;
                if (skipping >= 0 || line.Length > _maxLineBytes)
                {
                    framed = new FramedLine(FramedLineKind.TooLong, default, Math.Max(skipping, 0) + line.Length);
                }
                else
                {
                    // Copy before AdvanceTo: the pipe may reuse the buffer afterwards.
                    var bytes = Copy(line);
                    framed = new FramedLine(FramedLineKind.Line, bytes, bytes.Length);
                }

                _reader.AdvanceTo(buffer.GetPosition(1, end));
                if (framed.Kind == FramedLineKind.Line && IsBlank(framed.Bytes.Span))
                {
                    skipping = -1;
                    continue;
                }

                return framed;
            }

            if (skipping >= 0 || buffer.Length > _maxLineBytes)
            {
                // Drop what we have rather than growing without bound.
                skipping = Math.Max(skipping, 0) + buffer.Length;
                _reader.AdvanceTo(buffer.End);
                if (result.IsCompleted)
                {
                    return new FramedLine(FramedLineKind.TooLong, default, skipping);
                }

                continue;
            }

            if (result.IsCompleted)
            {
                // A final line without a terminator still counts.
                var bytes = buffer.Length > 0 ? Copy(buffer) : default;
                _reader.AdvanceTo(buffer.End);
                return bytes.IsEmpty || IsBlank(bytes.Span)
                    ? new FramedLine(FramedLineKind.EndOfStream, default, 0)
                    : new FramedLine(FramedLineKind.Line, bytes, bytes.Length);
            }

            _reader.AdvanceTo(buffer.Start, buffer.End);
        }
    }

    private static bool IsBlank(ReadOnlySpan<byte> line) => line.Trim(" \t\r"u8).IsEmpty;

    private ReadOnlyMemory<byte> Copy(ReadOnlySequence<byte> line)
    {
        var length = (int)line.Length;
        if (_line.Length < length)
        {
            _line = new byte[Math.Max(length, _line.Length * 2)];
        }

        line.CopyTo(_line);
        if (length > 0 && _line[length - 1] == (byte)'\r')
        {
            length--;
        }

        return _line.AsMemory(0, length);
    }
}
