using System.ClientModel.Primitives;

namespace Codex.Engine.Model;

/// <summary>A pipeline policy that only changes the outgoing request, then passes it on.</summary>
internal abstract class RequestMutationPolicy : PipelinePolicy
{
    public sealed override void Process(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        ProcessNext(message, pipeline, currentIndex);
    }

    public sealed override async ValueTask ProcessAsync(PipelineMessage message, IReadOnlyList<PipelinePolicy> pipeline, int currentIndex)
    {
        Apply(message);
        await ProcessNextAsync(message, pipeline, currentIndex).ConfigureAwait(false);
    }

    /// <summary>Changes the request.</summary>
    protected abstract void Apply(PipelineMessage message);
}
