using System.ClientModel;

namespace Codex.Engine.Model;

/// <summary>
/// A request body held in a <see cref="PooledBufferWriter"/>: its length is known (so it goes out with
/// Content-Length, as before), it can be written again for an HTTP retry, and the rented buffer goes back to
/// the pool when the call is over.
/// </summary>
internal sealed class PooledRequestContent(PooledBufferWriter body) : BinaryContent
{
    public override bool TryComputeLength(out long length)
    {
        length = body.WrittenCount;
        return true;
    }

    public override void WriteTo(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        cancellationToken.ThrowIfCancellationRequested();
        body.WriteTo(stream);
    }

    public override async Task WriteToAsync(Stream stream, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(stream);
        await body.WriteToAsync(stream, cancellationToken).ConfigureAwait(false);
    }

    public override void Dispose() => body.Dispose();
}
