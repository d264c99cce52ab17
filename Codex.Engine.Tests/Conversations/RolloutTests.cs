using System.Text.Json;
using Codex.Engine.Conversations;
using Codex.Engine.Model;
using Codex.Protocol;

namespace Codex.Engine.Tests.Conversations;

/// <summary>The rollout file a conversation is resumed from: its path, its lines, and reading it back.</summary>
public sealed class RolloutTests
{
    private const string Id = "0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10";

    [Test]
    public async Task WriteThenRead_MetaAndHistory_RoundTrip()
    {
        using var home = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var startedAt = new DateTimeOffset(2025, 10, 21, 10, 0, 0, TimeSpan.Zero);
        var history = new ResponseItem[]
        {
            MessageItem.User("first prompt"),
            MessageItem.Assistant("first answer"),
            new FunctionCallItem { Name = "update_plan", Arguments = """{"plan":[]}""", CallId = "c1" },
            new FunctionCallOutputItem { CallId = "c1", Output = "Plan updated" },
        };

        string path;
        await using (var writer = RolloutWriter.Create(home.Path, Id, startedAt))
        {
            path = writer.Path;
            await writer.WriteSessionMetaAsync(Meta(startedAt), timeout.Token);
            foreach (var item in history)
            {
                await writer.WriteItemAsync(item, timeout.Token);
            }
        }

        var local = startedAt.ToLocalTime();
        Assert.That(path, Is.EqualTo(System.IO.Path.Combine(home.Path, "sessions", local.ToString("yyyy", System.Globalization.CultureInfo.InvariantCulture), local.ToString("MM", System.Globalization.CultureInfo.InvariantCulture), local.ToString("dd", System.Globalization.CultureInfo.InvariantCulture), $"rollout-{local.ToString("yyyy-MM-dd'T'HH-mm-ss", System.Globalization.CultureInfo.InvariantCulture)}-{Id}.jsonl")));
        Assert.That(RolloutReader.Find(home.Path, Id), Is.EqualTo(path));

        var lines = await File.ReadAllLinesAsync(path, timeout.Token);
        Assert.That(lines, Has.Length.EqualTo(5));
        Assert.That(lines.Select(l => JsonDocument.Parse(l).RootElement.GetProperty("type").GetString()), Is.EqualTo(new[] { "session_meta", "response_item", "response_item", "response_item", "response_item" }));

        var (meta, read) = await RolloutReader.ReadAsync(path, timeout.Token);
        Assert.That(meta.Id, Is.EqualTo(Id));
        Assert.That(meta.Request.Model, Is.EqualTo("m"));
        Assert.That(meta.Request.ApprovalPolicy, Is.EqualTo(AskForApproval.Never));
        Assert.That(meta.Request.Overrides!["model_providers.p.request_max_retries"].GetInt64(), Is.EqualTo(1));
        Assert.That(read.Select(Describe), Is.EqualTo(history.Select(Describe)));
    }

    [Test]
    public async Task Read_TornLastLineAndUnknownLines_AreSkipped()
    {
        using var home = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        string path;
        await using (var writer = RolloutWriter.Create(home.Path, Id, DateTimeOffset.Now))
        {
            path = writer.Path;
            await writer.WriteSessionMetaAsync(Meta(DateTimeOffset.Now), timeout.Token);
            await writer.WriteItemAsync(MessageItem.User("kept"), timeout.Token);
        }

        await File.AppendAllTextAsync(path, "{\"timestamp\":\"x\",\"type\":\"event_msg\",\"payload\":{}}\n\n{\"timestamp\":\"x\",\"type\":\"response_item\",\"payload\":{\"type\":\"mess", timeout.Token);

        var (_, history) = await RolloutReader.ReadAsync(path, timeout.Token);

        Assert.That(history.Select(Describe), Is.EqualTo(new[] { "user: kept" }));
    }

    [Test]
    public async Task Read_WithoutSessionMeta_IsInvalidData()
    {
        using var home = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        var path = System.IO.Path.Combine(home.Path, $"rollout-x-{Id}.jsonl");
        await File.WriteAllTextAsync(path, "{\"timestamp\":\"x\",\"type\":\"response_item\",\"payload\":{\"type\":\"message\",\"role\":\"user\",\"content\":[]}}\n", timeout.Token);

        var error = await Assert.ThrowsAsync<InvalidDataException>(async () => await RolloutReader.ReadAsync(path, timeout.Token));

        Assert.That(error!.Message, Does.Contain(path).And.Contain("session_meta"));
    }

    [Test]
    public void Find_NoSessionsOrOtherIds_IsNull()
    {
        using var home = new TempDirectory();

        Assert.That(RolloutReader.Find(home.Path, Id), Is.Null);
        var day = Directory.CreateDirectory(System.IO.Path.Combine(home.Path, "sessions", "2025", "10", "21")).FullName;
        File.WriteAllText(System.IO.Path.Combine(day, "rollout-2025-10-21T10-00-00-0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e11.jsonl"), string.Empty);
        Assert.That(RolloutReader.Find(home.Path, Id), Is.Null);
    }

    [TestCase("0199F3A2-6C1E-7D3B-9A51-3F0C2B7D9E10")]
    [TestCase("urn:uuid:0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10")]
    [TestCase("{0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10}")]
    [TestCase("0199f3a26c1e7d3b9a513f0c2b7d9e10")]
    [TestCase("  0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10 ")]
    public void NormalizeId_AnyUuidSpelling_IsLowercaseHyphenated(string spelling)
    {
        Assert.That(ConversationManager.NormalizeId(spelling), Is.EqualTo(Id));
    }

    [TestCase("not-a-uuid")]
    [TestCase("")]
    [TestCase("0199f3a2-6c1e-7d3b-9a51")]
    public void NormalizeId_NotAUuid_FormatExceptionQuotingTheInput(string text)
    {
        var error = Assert.Throws<FormatException>(() => ConversationManager.NormalizeId(text));

        Assert.That(error!.Message, Does.StartWith($"`{text}` is not a UUID"));
    }

    private static SessionMeta Meta(DateTimeOffset startedAt) => new()
    {
        Id = Id,
        Timestamp = startedAt,
        Cwd = "/work",
        Originator = "codex_cli_rs",
        CliVersion = "0.1.0",
        Model = "m",
        ModelProvider = "p",
        Request = new StoredConfigRequest
        {
            Model = "m",
            Cwd = "/work",
            ApprovalPolicy = AskForApproval.Never,
            Overrides = new Dictionary<string, JsonElement> { ["model_providers.p.request_max_retries"] = JsonSerializer.SerializeToElement(1) },
        },
    };

    private static string Describe(ResponseItem item) => item switch
    {
        MessageItem message => $"{message.Role}: {message.Text}",
        FunctionCallItem call => $"call {call.CallId} {call.Name} {call.Arguments}",
        FunctionCallOutputItem output => $"output {output.CallId} {output.Output}",
        _ => item.GetType().Name,
    };

    private sealed class TempDirectory : IDisposable
    {
        public string Path { get; } = Directory.CreateTempSubdirectory("codex-rollout-").FullName;

        public void Dispose() => Directory.Delete(Path, recursive: true);
    }
}
