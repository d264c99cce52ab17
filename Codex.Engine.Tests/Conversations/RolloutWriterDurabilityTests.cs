using Codex.Testing;
using System.Text;
using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Engine.Model;
using Codex.Protocol;

namespace Codex.Engine.Tests.Conversations;

/// <summary>
/// The rollout writer never leaves a torn record behind it and never builds on one it finds: real
/// files, a real full tmpfs, two writers on one file.
/// </summary>
public sealed class RolloutWriterDurabilityTests
{
    private const string Id = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10";

    private string _home = null!;

    [SetUp]
    public void SetUp() => _home = Directory.CreateTempSubdirectory("codex-rollout-durability-").FullName;

    [TearDown]
    public void TearDown() => Directory.Delete(_home, recursive: true);

    [Test]
    public async Task WriteItem_AfterTornLastLine_CutsTheFragmentAndWritesAWholeLine()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = await NewRolloutAsync(timeout.Token, MessageItem.User("before the crash"));
        var intact = await File.ReadAllBytesAsync(path, timeout.Token);
        var torn = WholeLine(MessageItem.Assistant("half of this was written"));
        await File.AppendAllTextAsync(path, torn[..(torn.Length / 2)], timeout.Token);

        await using (var writer = RolloutWriter.Open(path))
        {
            await writer.WriteItemAsync(MessageItem.User("after the crash"), timeout.Token);
        }

        var bytes = await File.ReadAllBytesAsync(path, timeout.Token);
        Assert.That(bytes.AsSpan(0, intact.Length).SequenceEqual(intact), Is.True, "the lines before the fragment are untouched");
        Assert.That(Encoding.UTF8.GetString(bytes), Does.Not.Contain("half of this"), "the fragment is cut off");
        await AssertEveryLineWholeAsync(path, timeout.Token);
        Assert.That(await HistoryAsync(path, timeout.Token), Is.EqualTo(new[] { "user: before the crash", "user: after the crash" }));
    }

    [Test]
    public async Task WriteItem_AfterCompleteLastLineWithoutNewline_TerminatesItAndKeepsBoth()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = await NewRolloutAsync(timeout.Token, MessageItem.User("first"));
        await File.AppendAllTextAsync(path, WholeLine(MessageItem.Assistant("complete but unterminated")).TrimEnd('\n'), timeout.Token);

        await using (var writer = RolloutWriter.Open(path))
        {
            await writer.WriteItemAsync(MessageItem.User("next"), timeout.Token);
        }

        var text = await File.ReadAllTextAsync(path, timeout.Token);
        Assert.That(text, Does.EndWith("\n"));
        Assert.That(text.Split('\n', StringSplitOptions.RemoveEmptyEntries), Has.Length.EqualTo(4), "meta, first, the terminated line, next");
        await AssertEveryLineWholeAsync(path, timeout.Token);
        Assert.That(await HistoryAsync(path, timeout.Token), Is.EqualTo(new[] { "user: first", "assistant: complete but unterminated", "user: next" }));
    }

    [Test]
    public async Task WriteItem_TornLineLeftByAnotherWriterAfterOpen_IsCutAtTheNextAppend()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = await NewRolloutAsync(timeout.Token);
        await using var writer = RolloutWriter.Open(path);
        await writer.WriteItemAsync(MessageItem.User("one"), timeout.Token);

        // Someone else (another process sharing CODEX_HOME) dies mid-line after this writer opened the file.
        // Longer than the next record, so a writer that appended at the end it saw at open would
        // overwrite only the fragment's start and leave the rest as a broken line.
        var torn = WholeLine(MessageItem.Assistant("the other process died here " + new string('z', 400)));
        await File.AppendAllTextAsync(path, torn[..^10], timeout.Token);
        await writer.WriteItemAsync(MessageItem.User("two"), timeout.Token);

        await AssertEveryLineWholeAsync(path, timeout.Token);
        Assert.That(await HistoryAsync(path, timeout.Token), Is.EqualTo(new[] { "user: one", "user: two" }));
    }

    [Test]
    public async Task WriteItem_WholeFileIsOneTornLine_CutsItToNothingFirst()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = Path.Combine(_home, $"rollout-x-{Id}.jsonl");
        await File.WriteAllTextAsync(path, "{\"timestamp\":\"2025-10-21T10:00:00Z\",\"type\":\"session_me", timeout.Token);

        await using (var writer = RolloutWriter.Open(path))
        {
            await writer.WriteSessionMetaAsync(Meta(), timeout.Token);
            await writer.WriteItemAsync(MessageItem.User("fresh"), timeout.Token);
        }

        var lines = await File.ReadAllLinesAsync(path, timeout.Token);
        Assert.That(lines, Has.Length.EqualTo(2));
        Assert.That(JsonDocument.Parse(lines[0]).RootElement.GetProperty("type").GetString(), Is.EqualTo("session_meta"));
        Assert.That(await HistoryAsync(path, timeout.Token), Is.EqualTo(new[] { "user: fresh" }));
    }

    [Test]
    public async Task WriteItem_DiskFull_ThrowsAndLeavesTheFileExactlyAsBeforeThenRecovers()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var mountPoint = Directory.CreateDirectory(Path.Combine(_home, "tmpfs")).FullName;
        await using var tmpfs = await TmpfsMount.MountOrIgnoreAsync(mountPoint, "1m", Assert.Ignore, timeout.Token);
        var path = await NewRolloutAsync(timeout.Token, MessageItem.User("saved before the disk filled"), home: mountPoint);
        await using var writer = RolloutWriter.Open(path);
        var filled = tmpfs.Fill();

        // Leave room for part of the record, so the write really is cut short half-way.
        tmpfs.Free(32 * 1024);
        var before = await File.ReadAllBytesAsync(path, timeout.Token);
        var large = MessageItem.User(new string('x', 256 * 1024));
        var error = await Assert.ThrowsAsync<RolloutWriteException>(async () => await writer.WriteItemAsync(large, timeout.Token));
        TestContext.Out.WriteLine($"Filler took {filled} bytes; the failed append said: {error!.Message}");

        Assert.That(error.Message, Does.Contain(path).And.Contain("left as it was"));
        Assert.That(await File.ReadAllBytesAsync(path, timeout.Token), Is.EqualTo(before), "the file is byte for byte what it was");

        tmpfs.Free();
        await writer.WriteItemAsync(MessageItem.User("saved after space came back"), timeout.Token);

        await AssertEveryLineWholeAsync(path, timeout.Token);
        Assert.That(await HistoryAsync(path, timeout.Token), Is.EqualTo(new[] { "user: saved before the disk filled", "user: saved after space came back" }));
    }

    [Test]
    public async Task WriteItem_TwoWritersOnOneFileAtOnce_EveryLineWholeAndNoneLost()
    {
        const int PerWriter = 150;
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var path = await NewRolloutAsync(timeout.Token);

        // Two handles on one file, as two processes resuming one conversation have; sizes vary so
        // that a writer appending at a stale end would overwrite part of the other's line.
        await using var left = RolloutWriter.Open(path);
        await using var right = RolloutWriter.Open(path);
        await Task.WhenAll(
            Task.Run(() => HammerAsync(left, "left", PerWriter, timeout.Token)),
            Task.Run(() => HammerAsync(right, "right", PerWriter, timeout.Token)));

        await AssertEveryLineWholeAsync(path, timeout.Token);
        var history = await HistoryAsync(path, timeout.Token);
        foreach (var name in new[] { "left", "right" })
        {
            var mine = history.Where(h => h.StartsWith($"user: {name} ", StringComparison.Ordinal)).Select(h => h.Split(' ')[2]).ToList();
            Assert.That(mine, Is.EqualTo(Enumerable.Range(0, PerWriter).Select(i => i.ToString(System.Globalization.CultureInfo.InvariantCulture))), $"every {name} record, once, in order");
        }
    }

    [Test]
    public async Task WriteItem_BetweenAppends_HoldsNoDescriptorOfTheFile()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = await NewRolloutAsync(timeout.Token);
        await using var writer = RolloutWriter.Open(path);
        await writer.WriteItemAsync(MessageItem.User("one"), timeout.Token);
        await writer.WriteItemAsync(MessageItem.User("two"), timeout.Token);

        // An idle conversation keeps its writer; a long-lived server must not keep a descriptor per conversation.
        Assert.That(DescriptorsOf(path), Is.Zero, "no descriptor of this process points at the rollout between appends");
        Assert.That(await HistoryAsync(path, timeout.Token), Is.EqualTo(new[] { "user: one", "user: two" }));
    }

    [Test]
    public async Task WriteItem_FileDeletedUnderTheWriter_ThrowsNamingTheFileAndCreatesNothing()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = await NewRolloutAsync(timeout.Token, MessageItem.User("one"));
        await using var writer = RolloutWriter.Open(path);
        File.Delete(path);

        var error = await Assert.ThrowsAsync<RolloutWriteException>(async () => await writer.WriteItemAsync(MessageItem.User("two"), timeout.Token));

        Assert.That(error!.Message, Does.Contain("Could not save to the rollout file").And.Contain(path).And.Contain("could not be opened"));
        Assert.That(File.Exists(path), Is.False, "a rollout without its session_meta is not started anew");
    }

    private static int DescriptorsOf(string path) =>
        new DirectoryInfo("/proc/self/fd").EnumerateFileSystemInfos().Count(fd =>
        {
            try
            {
                return fd.LinkTarget == path;
            }
            catch (IOException)
            {
                // A descriptor that closed while the directory was listed.
                return false;
            }
        });

    private static async Task HammerAsync(RolloutWriter writer, string name, int count, CancellationToken cancellationToken)
    {
        for (var i = 0; i < count; i++)
        {
            await writer.WriteItemAsync(MessageItem.User($"{name} {i} {new string('p', (i * 997) % 9000)}"), cancellationToken);
        }
    }

    private async Task<string> NewRolloutAsync(CancellationToken cancellationToken, MessageItem? first = null, string? home = null)
    {
        await using var writer = RolloutWriter.Create(home ?? _home, Id, DateTimeOffset.Now);
        await writer.WriteSessionMetaAsync(Meta(), cancellationToken);
        if (first is not null)
        {
            await writer.WriteItemAsync(first, cancellationToken);
        }

        return writer.Path;
    }

    /// <summary>The line the writer would write for <paramref name="item"/>, with its newline.</summary>
    private static string WholeLine(ResponseItem item) =>
        $"{{\"timestamp\":\"2025-10-21T10:00:00Z\",\"type\":\"response_item\",\"payload\":{JsonSerializer.Serialize(item, ModelJsonContext.Default.ResponseItem)}}}\n";

    private static async Task AssertEveryLineWholeAsync(string path, CancellationToken cancellationToken)
    {
        var text = await File.ReadAllTextAsync(path, cancellationToken);
        Assert.That(text, Does.EndWith("\n"), "the file ends with a whole line");
        foreach (var line in text[..^1].Split('\n'))
        {
            using var document = JsonDocument.Parse(line);
            Assert.That(document.RootElement.GetProperty("type").GetString(), Is.AnyOf("session_meta", "response_item"), line);
        }
    }

    private static async Task<List<string>> HistoryAsync(string path, CancellationToken cancellationToken)
    {
        var (_, history) = await RolloutReader.ReadAsync(path, cancellationToken);
        return [.. history.Select(item => item is MessageItem message ? $"{message.Role}: {message.Text}" : item.GetType().Name)];
    }

    private static SessionMeta Meta() => new()
    {
        Id = Id,
        Timestamp = DateTimeOffset.Now,
        Cwd = "/work",
        Originator = "codex_cli_rs",
        CliVersion = "0.1.0",
        Model = "m",
        ModelProvider = "p",
        Request = new StoredConfigRequest { Model = "m", Cwd = "/work", ApprovalPolicy = AskForApproval.Never },
    };
}
