using Codex.Testing;
using Codex.Engine.Config;
using Codex.Engine.Conversations;
using Codex.Engine.Model;
using Codex.Engine.Tests.Config;
using Codex.Protocol;

namespace Codex.Engine.Tests.Conversations;

/// <summary>
/// A conversation's history is always what a resume would read from its rollout: an item that
/// could not be saved (a real full tmpfs) is not in the history either.
/// </summary>
public sealed class ConversationPersistenceTests
{
    private const string Id = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10";

    [Test]
    public async Task AppendAsync_DiskFull_HistoryUnchangedAndEqualToTheResumedOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var home = new TempCodexHome();
        await using var tmpfs = await TmpfsMount.MountOrIgnoreAsync(home.Home, "1m", Assert.Ignore, timeout.Token);
        await using var conversation = await NewConversationAsync(home, timeout.Token);
        await conversation.AppendAsync(MessageItem.User("saved"), timeout.Token);
        tmpfs.Fill();
        tmpfs.Free(32 * 1024);

        var error = await Assert.CatchAsync<IOException>(async () => await conversation.AppendAsync(MessageItem.User(new string('x', 256 * 1024)), timeout.Token));
        TestContext.Out.WriteLine($"The failed append said: {error!.Message}");

        Assert.That(Describe(conversation.History), Is.EqualTo(new[] { "user: saved" }), "the item that was not saved is not in the history");
        Assert.That(Describe(conversation.History), Is.EqualTo(await ResumedAsync(conversation, timeout.Token)));

        tmpfs.Free();
        await conversation.AppendAsync(MessageItem.User("saved after space came back"), timeout.Token);
        Assert.That(Describe(conversation.History), Is.EqualTo(new[] { "user: saved", "user: saved after space came back" }));
        Assert.That(Describe(conversation.History), Is.EqualTo(await ResumedAsync(conversation, timeout.Token)));
    }

    [Test]
    public async Task ReplaceHistoryAsync_DiskFull_HistoryUnchangedAndEqualToTheResumedOne()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        using var home = new TempCodexHome();
        await using var tmpfs = await TmpfsMount.MountOrIgnoreAsync(home.Home, "1m", Assert.Ignore, timeout.Token);
        await using var conversation = await NewConversationAsync(home, timeout.Token);
        await conversation.AppendAsync(MessageItem.User("first"), timeout.Token);
        await conversation.AppendAsync(MessageItem.Assistant("answer"), timeout.Token);
        tmpfs.Fill();
        tmpfs.Free(32 * 1024);

        var summary = MessageItem.User("summary " + new string('s', 256 * 1024));
        await Assert.CatchAsync<IOException>(async () => await conversation.ReplaceHistoryAsync([summary], timeout.Token));

        Assert.That(Describe(conversation.History), Is.EqualTo(new[] { "user: first", "assistant: answer" }), "the history was not replaced");
        Assert.That(Describe(conversation.History), Is.EqualTo(await ResumedAsync(conversation, timeout.Token)));

        tmpfs.Free();
        await conversation.ReplaceHistoryAsync([MessageItem.User("short summary")], timeout.Token);
        Assert.That(Describe(conversation.History), Is.EqualTo(new[] { "user: short summary" }));
        Assert.That(Describe(conversation.History), Is.EqualTo(await ResumedAsync(conversation, timeout.Token)));
    }

    private static async Task<Conversation> NewConversationAsync(TempCodexHome home, CancellationToken cancellationToken)
    {
        var config = home.Load();
        var rollout = RolloutWriter.Create(home.Home, Id, DateTimeOffset.Now);
        await rollout.WriteSessionMetaAsync(
            new SessionMeta
            {
                Id = Id,
                Timestamp = DateTimeOffset.Now,
                Cwd = home.Workspace,
                Originator = "codex_cli_rs",
                CliVersion = "0.1.0",
                Model = config.Model,
                ModelProvider = config.ModelProviderId,
                Request = new StoredConfigRequest { Model = config.Model, Cwd = home.Workspace, ApprovalPolicy = AskForApproval.Never },
            },
            cancellationToken);

        // The model is never called here; the client only has to exist.
        return new Conversation(Id, config, ModelClientFactory.Create(config.ModelProvider, apiKey: null), rollout, []);
    }

    private static async Task<List<string>> ResumedAsync(Conversation conversation, CancellationToken cancellationToken)
    {
        var (_, history) = await RolloutReader.ReadAsync(conversation.Rollout.Path, cancellationToken);
        return Describe(history);
    }

    private static List<string> Describe(IEnumerable<ResponseItem> history) =>
        [.. history.Select(item => item is MessageItem message ? $"{message.Role}: {message.Text}" : item.GetType().Name)];
}
