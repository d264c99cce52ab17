using System.Text.Json;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary><c>notify</c> in config.toml: a program run after each completed turn with upstream's JSON as its last argument.</summary>
public sealed class NotifyTests
{
    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_NotifyConfigured_ProgramGetsAgentTurnCompleteJsonAsItsLastArgument(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("first done"), ScriptedReply.Text("second done")), wire, cancellationToken: timeout.Token);
        var outputs = Directory.CreateDirectory(Path.Combine(session.Root, "notified")).FullName;
        session.WriteConfig(wire, topLevelConfig: NotifyConfig(outputs));
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var first = await session.CodexAsync("rename foo", cancellationToken: timeout.Token);
        var firstJson = await WaitForFileAsync(Path.Combine(outputs, "1.json"), timeout.Token);
        var second = await session.Client.ReplyAsync(first.ConversationId!, "and bar", cancellationToken: timeout.Token);
        var secondJson = await WaitForFileAsync(Path.Combine(outputs, "2.json"), timeout.Token);

        Assert.That(second.Text, Is.EqualTo("second done"));
        Assert.That(await File.ReadAllTextAsync(Path.Combine(session.Root, "key.txt"), timeout.Token), Is.EqualTo("unset"), "the notifier does not get the model's API key");
        using var one = JsonDocument.Parse(firstJson);
        using var two = JsonDocument.Parse(secondJson);
        var root = one.RootElement;
        Assert.That(root.EnumerateObject().Select(p => p.Name), Is.EqualTo(new[] { "type", "thread-id", "turn-id", "cwd", "input-messages", "last-assistant-message" }), firstJson);
        Assert.That(root.GetProperty("type").GetString(), Is.EqualTo("agent-turn-complete"));
        Assert.That(root.GetProperty("thread-id").GetString(), Is.EqualTo(first.ConversationId));
        Assert.That(root.GetProperty("turn-id").GetString(), Is.Not.Empty);
        Assert.That(root.GetProperty("cwd").GetString(), Is.EqualTo(session.Workspace));
        Assert.That(root.GetProperty("input-messages").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "rename foo" }));
        Assert.That(root.GetProperty("last-assistant-message").GetString(), Is.EqualTo("first done"));
        Assert.That(two.RootElement.GetProperty("thread-id").GetString(), Is.EqualTo(first.ConversationId));
        Assert.That(two.RootElement.GetProperty("turn-id").GetString(), Is.EqualTo("0"), "the first codex-reply turn is submission 0");
        Assert.That(two.RootElement.GetProperty("input-messages").EnumerateArray().Select(m => m.GetString()), Is.EqualTo(new[] { "and bar" }));
        Assert.That(two.RootElement.GetProperty("last-assistant-message").GetString(), Is.EqualTo("second done"));
    }

    [Test]
    public async Task Codex_NotifyProgramMissing_TurnStillCompletesAndTheFailureIsLogged()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var missing = Path.Combine(Path.GetTempPath(), $"no-such-notifier-{Guid.NewGuid():N}");
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("done anyway"), ScriptedReply.Text("still here")), cancellationToken: timeout.Token, topLevelConfig: $"notify = [\"{missing}\"]");
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("hello", cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.False, result.Text);
        Assert.That(result.Text, Is.EqualTo("done anyway"));
        while (!session.Stderr.Any(line => line.Contains("notify program", StringComparison.Ordinal) && line.Contains(missing, StringComparison.Ordinal)))
        {
            await Task.Delay(50, timeout.Token);
        }

        // The server is still well: another conversation runs.
        Assert.That((await session.CodexAsync("again", cancellationToken: timeout.Token)).Text, Is.EqualTo("still here"));
    }

    /// <summary>A notify command that writes its last argument to OUTPUTS/&lt;n&gt;.json, n counting the calls.</summary>
    private static string NotifyConfig(string outputs)
    {
        var script = $"printf '%s' \"${{{E2eSession.ApiKeyVariable}-unset}}\" > '{outputs}'/../key.txt; n=$(ls '{outputs}' | wc -l); printf '%s' \"$1\" > '{outputs}'/tmp.$$; mv '{outputs}'/tmp.$$ '{outputs}'/$((n+1)).json";
        return $"notify = [\"bash\", \"-c\", '''{script}''', \"notify\"]";
    }

    private static async Task<string> WaitForFileAsync(string path, CancellationToken cancellationToken)
    {
        while (!File.Exists(path))
        {
            await Task.Delay(50, cancellationToken);
        }

        return await File.ReadAllTextAsync(path, cancellationToken);
    }
}
