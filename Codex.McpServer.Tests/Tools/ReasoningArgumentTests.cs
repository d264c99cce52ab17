using System.Text.Json;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary>
/// The typed <c>reasoning-effort</c>/<c>reasoning-summary</c> arguments: on <c>codex</c> they hold for
/// the conversation (also after a resume), on <c>codex-reply</c> for that turn only.
/// </summary>
public sealed class ReasoningArgumentTests
{
    private const string ConfigDefaults = "model_reasoning_effort = \"low\"\nmodel_reasoning_summary = \"concise\"";

    [Test]
    public async Task Codex_ReasoningArguments_OverrideConfigForTheWholeConversationAndSurviveResume()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("two"), ScriptedReply.Text("three"));
        await using var session = await E2eSession.CreateAsync(script, cancellationToken: timeout.Token, topLevelConfig: ConfigDefaults);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var first = await session.CodexAsync("think hard", p => p with { Model = "gpt-5.1", ReasoningEffort = ReasoningEffort.XHigh, ReasoningSummary = ReasoningSummary.Detailed }, cancellationToken: timeout.Token);
        await session.Client.ReplyAsync(first.ConversationId!, "again", cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);
        var resumed = await session.Client.ReplyAsync(first.ConversationId!, "after a restart", cancellationToken: timeout.Token);

        Assert.That(resumed.Text, Is.EqualTo("three"), resumed.Text);
        Assert.That(Reasoning(session, 0), Is.EqualTo(("xhigh", "detailed")));
        Assert.That(Reasoning(session, 1), Is.EqualTo(("xhigh", "detailed")), "a reply without arguments keeps the conversation's setting");
        Assert.That(Reasoning(session, 2), Is.EqualTo(("xhigh", "detailed")), "a resumed conversation keeps it too");
        var configured = first.Events.Select(e => e.Msg).OfType<SessionConfiguredEvent>().Single();
        Assert.That(configured.ReasoningEffort, Is.EqualTo("xhigh"));
    }

    [Test]
    public async Task Reply_ReasoningArguments_HoldForThatTurnOnly()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("two"), ScriptedReply.Text("three"));
        await using var session = await E2eSession.CreateAsync(script, cancellationToken: timeout.Token, topLevelConfig: ConfigDefaults);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var first = await session.CodexAsync("start", p => p with { Model = "o3" }, cancellationToken: timeout.Token);
        var id = first.ConversationId!;
        var overridden = await session.Client.CallAsync("codex-reply", Arguments($$"""{"prompt":"harder","threadId":"{{id}}","reasoning-effort":"high","reasoning-summary":"none"}"""), cancellationToken: timeout.Token);
        await session.Client.ReplyAsync(id, "back to normal", cancellationToken: timeout.Token);

        Assert.That(overridden.Text, Is.EqualTo("two"), overridden.Text);
        Assert.That(Reasoning(session, 0), Is.EqualTo(("low", "concise")), "config.toml's values");
        Assert.That(Reasoning(session, 1), Is.EqualTo(("high", (string?)null)), "the reply's override; `none` leaves the summary out, as upstream");
        Assert.That(Reasoning(session, 2), Is.EqualTo(("low", "concise")), "the next turn is back to the conversation's values");
    }

    [Test]
    public async Task Reply_UnknownReasoningEffort_ErrorNamesTheValuesAndNothingIsSent()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("one")), cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);
        var first = await session.CodexAsync("start", cancellationToken: timeout.Token);

        var bad = await session.Client.CallAsync("codex-reply", Arguments($$"""{"prompt":"x","threadId":"{{first.ConversationId}}","reasoning-effort":"extreme"}"""), cancellationToken: timeout.Token);

        Assert.That(bad.IsError, Is.True);
        Assert.That(bad.Text, Is.EqualTo("Failed to parse configuration for Codex tool: unknown variant `extreme` for `reasoning-effort`, expected one of `none`, `minimal`, `low`, `medium`, `high`, `xhigh`"));
        Assert.That(session.Model.Requests, Has.Count.EqualTo(1), "the bad reply reached no model");
    }

    private static (string? Effort, string? Summary) Reasoning(E2eSession session, int index)
    {
        var reasoning = session.Model.Requests[index].Json!.Value.GetProperty("reasoning");
        return (reasoning.TryGetProperty("effort", out var e) ? e.GetString() : null, reasoning.TryGetProperty("summary", out var s) ? s.GetString() : null);
    }

    private static JsonElement Arguments(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
