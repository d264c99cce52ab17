using System.Collections.Concurrent;
using Codex.McpServer.Tests.Turns;
using Codex.Protocol;
using Codex.Protocol.Client;
using Codex.Testing;

namespace Codex.McpServer.Tests.Conversations;

/// <summary>Calls running at the same time never see each other's events or answers.</summary>
public sealed class ConcurrentConversationTests
{
    private const int Conversations = 8;

    [Test]
    public async Task Codex_EightConcurrentConversations_EventsAndAnswersNeverCross()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(45));

        // Each conversation gets answers naming its own id, with staggered delays so the streams interleave.
        var script = ModelScript.PerConversation(key =>
        [
            ScriptedReply.Empty.WithDelay(Stagger(key, 0)).WithMessage($"answer for {key}", 4).WithUsage(10, 4),
            ScriptedReply.Empty.WithDelay(Stagger(key, 1)).WithMessage($"reply for {key}", 4).WithUsage(20, 4),
        ]);
        await using var server = await RunningServer.StartAsync(script, timeout.Token);

        var live = new ConcurrentDictionary<int, ConcurrentQueue<CodexEvent>>();
        var starts = Enumerable.Range(0, Conversations).Select(i =>
        {
            var seen = live.GetOrAdd(i, _ => new ConcurrentQueue<CodexEvent>());
            return server.CodexAsync($"prompt number {i}", timeout.Token, onEvent: seen.Enqueue);
        });
        var firsts = await Task.WhenAll(starts);

        var ids = firsts.Select(r => r.ConversationId!).ToList();
        Assert.That(ids.Distinct().Count(), Is.EqualTo(Conversations), "every call started its own conversation");
        Assert.That(firsts.Select(r => r.Events[0].Meta.RequestId).Distinct().Count(), Is.EqualTo(Conversations));
        for (var i = 0; i < Conversations; i++)
        {
            var result = firsts[i];
            var id = ids[i];
            CallAssert.Succeeded(result, $"answer for {id}");
            CallAssert.AllBelongTo(result.Events, id);
            Assert.That(CallAssert.Deltas(result.Events), Is.EqualTo($"answer for {id}"), "only this conversation's deltas");
            Assert.That(live[i].Select(e => e.Meta.ThreadId).Distinct(), Is.EqualTo(new[] { id }), "the live callback saw only this call's events");
            var request = server.Model.Requests.Single(r => r.Header("conversation_id") == id);
            Assert.That(ModelRequestView.From(request).Texts("user")[^1], Is.EqualTo($"prompt number {i}"), "the model got this call's prompt under this conversation");
        }

        var replies = await Task.WhenAll(ids.Select((id, i) => server.ReplyAsync(id, $"follow-up {i}", timeout.Token)));

        for (var i = 0; i < Conversations; i++)
        {
            var id = ids[i];
            CallAssert.Succeeded(replies[i], $"reply for {id}");
            CallAssert.AllBelongTo(replies[i].Events, id);
            Assert.That(replies[i].Events.Select(e => e.Id).Distinct(), Is.EqualTo(new[] { "0" }), "each conversation counts its own reply submissions");
            Assert.That(CallAssert.Deltas(replies[i].Events), Is.EqualTo($"reply for {id}"));
            var followUp = server.Model.Requests.Where(r => r.Header("conversation_id") == id).Select(ModelRequestView.From).Last();
            Assert.That(followUp.Dialogue, Is.EqualTo(new[] { $"user: prompt number {i}", $"assistant: answer for {id}", $"user: follow-up {i}" }));
        }

        // Every event the server sent belongs to exactly one call, and each call received all of its own.
        var all = server.AllEvents;
        var calls = firsts.Concat(replies).ToList();
        Assert.That(all, Has.Count.EqualTo(calls.Sum(c => c.Events.Count)));
        foreach (var call in calls)
        {
            var requestId = call.Events[0].Meta.RequestId;
            Assert.That(all.Count(e => e.Meta.RequestId == requestId), Is.EqualTo(call.Events.Count));
        }
    }

    [Test]
    public async Task CodexReply_TwoRepliesToOneConversationAtOnce_RunOneAfterTheOtherEachWithItsOwnAnswer()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));

        // The model echoes the latest user message, so each answer shows which prompt it belongs to.
        var script = ModelScript.ForEachRequest(request =>
            ScriptedReply.Empty.WithDelay(TimeSpan.FromMilliseconds(150)).WithMessage("echo: " + ModelRequestView.From(request).Texts("user")[^1], 3));
        await using var server = await RunningServer.StartAsync(script, timeout.Token);
        var id = (await server.CodexAsync("start", timeout.Token)).ConversationId!;

        var results = await Task.WhenAll(server.ReplyAsync(id, "left", timeout.Token), server.ReplyAsync(id, "right", timeout.Token));

        CallAssert.Succeeded(results[0], "echo: left");
        CallAssert.Succeeded(results[1], "echo: right");
        CallAssert.AllBelongTo(results[0].Events, id);
        CallAssert.AllBelongTo(results[1].Events, id);
        Assert.That(CallAssert.Deltas(results[0].Events), Is.EqualTo("echo: left"));
        Assert.That(CallAssert.Deltas(results[1].Events), Is.EqualTo("echo: right"));
        Assert.That(results.Select(r => r.Events[0].Id).Order(), Is.EqualTo(new[] { "0", "1" }), "the queued reply got the next submission id");

        // The reply that ran second saw the first one's complete exchange in its history.
        var last = ModelRequestView.From(server.Model.Requests[^1]).Dialogue;
        Assert.That(last, Has.Count.EqualTo(5));
        Assert.That(last.Skip(2).Take(2), Is.EqualTo(new[] { $"user: {last[2][6..]}", $"assistant: echo: {last[2][6..]}" }));
    }

    private static TimeSpan Stagger(string key, int turn) =>
        TimeSpan.FromMilliseconds(20 + ((key.Length > 0 ? key[^1] : 0) + (turn * 7)) % 6 * 40);
}
