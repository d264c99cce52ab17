using System.Collections.Concurrent;

namespace Codex.Testing;

/// <summary>
/// Decides which <see cref="ScriptedReply"/> answers each request. Replies are consumed one per request;
/// when none is left the server answers HTTP 500 so a test notices. Thread-safe.
/// </summary>
public sealed class ModelScript
{
    private readonly Func<RecordedRequest, ScriptedReply?> _responder;
    private readonly ConcurrentQueue<ScriptedReply>? _queue;

    private ModelScript(Func<RecordedRequest, ScriptedReply?> responder, ConcurrentQueue<ScriptedReply>? queue)
    {
        _responder = responder;
        _queue = queue;
    }

    /// <summary>One shared FIFO: the n-th request gets the n-th reply. More can be added with <see cref="Enqueue"/>.</summary>
    public static ModelScript Sequence(params IEnumerable<ScriptedReply> replies)
    {
        ArgumentNullException.ThrowIfNull(replies);
        var queue = new ConcurrentQueue<ScriptedReply>(replies);
        return new ModelScript(_ => queue.TryDequeue(out var reply) ? reply : null, queue);
    }

    /// <summary>
    /// A FIFO per conversation (keyed by the <c>conversation_id</c>/<c>session_id</c> header; requests without one
    /// share a queue), each filled by <paramref name="repliesForConversation"/> on the conversation's first request.
    /// Concurrent conversations thus each follow their own script.
    /// </summary>
    public static ModelScript PerConversation(Func<string, IEnumerable<ScriptedReply>> repliesForConversation)
    {
        ArgumentNullException.ThrowIfNull(repliesForConversation);
        var queues = new ConcurrentDictionary<string, ConcurrentQueue<ScriptedReply>>(StringComparer.Ordinal);
        return new ModelScript(
            request =>
            {
                var queue = queues.GetOrAdd(request.ConversationKey ?? string.Empty, key => new ConcurrentQueue<ScriptedReply>(repliesForConversation(key)));
                return queue.TryDequeue(out var reply) ? reply : null;
            },
            null);
    }

    /// <summary>Every conversation gets its own copy of the same reply sequence.</summary>
    public static ModelScript PerConversation(params IEnumerable<ScriptedReply> replies)
    {
        var list = replies.ToList();
        return PerConversation(_ => list);
    }

    /// <summary>Full control: compute the reply from the request; null means "nothing left" (HTTP 500).</summary>
    public static ModelScript ForEachRequest(Func<RecordedRequest, ScriptedReply?> responder)
    {
        ArgumentNullException.ThrowIfNull(responder);
        return new ModelScript(responder, null);
    }

    /// <summary>Appends a reply to a <see cref="Sequence(IEnumerable{ScriptedReply})"/> script.</summary>
    public void Enqueue(ScriptedReply reply)
    {
        ArgumentNullException.ThrowIfNull(reply);
        if (_queue is null)
        {
            throw new InvalidOperationException("Only a ModelScript.Sequence script has a queue to add replies to.");
        }

        _queue.Enqueue(reply);
    }

    /// <summary>The reply for <paramref name="request"/>, or null when the script has run out.</summary>
    internal ScriptedReply? Next(RecordedRequest request) => _responder(request);
}
