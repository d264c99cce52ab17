using System.Collections.Concurrent;
using Codex.Engine.Exec;

namespace Codex.Engine.Tests.Exec;

/// <summary>An output sink that keeps every chunk it receives.</summary>
internal sealed class RecordingSink : IExecOutputSink
{
    public ConcurrentQueue<(ExecOutputStream Stream, byte[] Chunk)> Chunks { get; } = new();

    public ValueTask OnOutputAsync(ExecOutputStream stream, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
    {
        Chunks.Enqueue((stream, chunk.ToArray()));
        return ValueTask.CompletedTask;
    }

    public byte[] BytesOf(ExecOutputStream stream) =>
        Chunks.Where(c => c.Stream == stream).SelectMany(c => c.Chunk).ToArray();
}
