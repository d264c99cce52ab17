using System.Buffers;

namespace Codex.Engine.Model;

/// <summary>
/// An <see cref="IBufferWriter{T}"/> over 64 KiB segments rented from <see cref="ArrayPool{T}.Shared"/> and
/// returned on <see cref="Dispose"/>. A request body re-sends the whole history (hundreds of KiB late in a
/// long conversation): written into a fresh growing buffer every turn it made large-object-heap garbage
/// that kept the GC busy and the heap large. Segments are reused from turn to turn and stay under the
/// large-object threshold, so even the first long body does not start a large-object heap.
/// </summary>
internal sealed class PooledBufferWriter : IBufferWriter<byte>, IDisposable
{
    /// <summary>Under the 85,000-byte large-object threshold (and a size the pool keeps).</summary>
    public const int SegmentSize = 64 * 1024;

    private readonly List<(byte[] Array, int Length)> _full = [];
    private byte[] _current;
    private int _currentLength;
    private int _fullBytes;
    private bool _disposed;

    public PooledBufferWriter(int initialCapacity = SegmentSize)
    {
        _current = ArrayPool<byte>.Shared.Rent(Math.Clamp(initialCapacity, 16, SegmentSize));
    }

    public int WrittenCount => _fullBytes + _currentLength;

    public void Advance(int count)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(count);
        if (count > _current.Length - _currentLength)
        {
            throw new InvalidOperationException("Advanced past the end of the buffer.");
        }

        _currentLength += count;
    }

    public Memory<byte> GetMemory(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsMemory(_currentLength);
    }

    public Span<byte> GetSpan(int sizeHint = 0)
    {
        Ensure(sizeHint);
        return _current.AsSpan(_currentLength);
    }

    /// <summary>The bytes written, copied into one array.</summary>
    public byte[] ToArray()
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var result = new byte[WrittenCount];
        var at = 0;
        foreach (var (array, length) in _full)
        {
            array.AsSpan(0, length).CopyTo(result.AsSpan(at));
            at += length;
        }

        _current.AsSpan(0, _currentLength).CopyTo(result.AsSpan(at));
        return result;
    }

    /// <summary>Writes the bytes written to <paramref name="stream"/>.</summary>
    public void WriteTo(Stream stream)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var (array, length) in _full)
        {
            stream.Write(array, 0, length);
        }

        stream.Write(_current, 0, _currentLength);
    }

    /// <summary>Writes the bytes written to <paramref name="stream"/>.</summary>
    public async Task WriteToAsync(Stream stream, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        foreach (var (array, length) in _full)
        {
            await stream.WriteAsync(array.AsMemory(0, length), cancellationToken).ConfigureAwait(false);
        }

        await stream.WriteAsync(_current.AsMemory(0, _currentLength), cancellationToken).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        foreach (var (array, _) in _full)
        {
            ArrayPool<byte>.Shared.Return(array);
        }

        _full.Clear();
        ArrayPool<byte>.Shared.Return(_current);
        _current = [];
        _currentLength = 0;
        _fullBytes = 0;
    }

    private void Ensure(int sizeHint)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        var needed = Math.Max(sizeHint, 1);
        if (_current.Length - _currentLength >= needed)
        {
            return;
        }

        if (_currentLength == 0)
        {
            // Nothing written here yet: swap it for one big enough.
            ArrayPool<byte>.Shared.Return(_current);
        }
        else
        {
            _full.Add((_current, _currentLength));
            _fullBytes += _currentLength;
        }

        // One value larger than a segment (rare: a huge tool output) gets an array of its own size.
        _current = ArrayPool<byte>.Shared.Rent(Math.Max(needed, SegmentSize));
        _currentLength = 0;
    }
}
