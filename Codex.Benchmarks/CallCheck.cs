using Codex.Protocol;
using Codex.Protocol.Client;

namespace Codex.Benchmarks;

/// <summary>
/// Checks one <c>codex</c>/<c>codex-reply</c> outcome against what the scripted model said: the
/// answer text, the streamed deltas, and that every event carries this call's request id and
/// thread. Returns problems as text, so a benchmark can print them and a test can assert on them.
/// </summary>
public static class CallCheck
{
    /// <summary>The problems with <paramref name="result"/>, empty when it is as expected.</summary>
    /// <param name="label">Names the call in messages, e.g. <c>conversation 3 turn 0</c>.</param>
    /// <param name="result">The call's outcome.</param>
    /// <param name="expectedText">The answer, computed from the conversation id.</param>
    /// <param name="expectedThread">The conversation id the call must report (null: take it from the result).</param>
    public static List<string> Problems(string label, CodexCallResult result, Func<string, string> expectedText, string? expectedThread = null)
    {
        var problems = new List<string>();
        var thread = result.ConversationId;
        if (result.IsError || thread is null)
        {
            problems.Add($"{label}: failed: {result.Text}");
            return problems;
        }

        if (expectedThread is not null && thread != expectedThread)
        {
            problems.Add($"{label}: answered for conversation {thread}, expected {expectedThread}");
        }

        var text = expectedText(thread);
        if (result.Text != text)
        {
            problems.Add($"{label}: answer '{result.Text}', expected '{text}'");
        }

        if (result.Events.Count == 0)
        {
            problems.Add($"{label}: no events");
            return problems;
        }

        var requestIds = result.Events.Select(e => e.Meta.RequestId).Distinct().ToList();
        if (requestIds.Count != 1)
        {
            problems.Add($"{label}: events carry {requestIds.Count} request ids: {string.Join(", ", requestIds)}");
        }

        var threads = result.Events.Select(e => e.Meta.ThreadId).Distinct().ToList();
        if (threads.Count != 1 || threads[0] != thread)
        {
            problems.Add($"{label}: events carry threads [{string.Join(", ", threads)}], expected {thread}");
        }

        var deltas = string.Concat(result.Events.Select(e => e.Msg).OfType<AgentMessageDeltaEvent>().Select(d => d.Delta));
        if (deltas != text)
        {
            problems.Add($"{label}: deltas spell '{deltas}', expected '{text}'");
        }

        return problems;
    }
}
