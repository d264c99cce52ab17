namespace Codex.Engine.Model;

/// <summary>Streams one model response over a provider's wire API.</summary>
public interface IModelClient
{
    /// <summary>
    /// Sends <paramref name="request"/> (with HTTP-level retries) and streams its events, ending with
    /// <see cref="ModelEvent.Completed"/>. Failures throw <see cref="ModelException"/>; cancellation throws
    /// <see cref="OperationCanceledException"/>.
    /// </summary>
    IAsyncEnumerable<ModelEvent> StreamAsync(ModelRequest request, CancellationToken cancellationToken);
}
