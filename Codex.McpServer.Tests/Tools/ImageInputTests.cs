using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary>
/// The <c>images</c> argument of <c>codex</c> and <c>codex-reply</c>: local files and <c>data:</c> URLs
/// reach the model as input images on both wires, are checked against the limits, and are kept by the
/// rollout (each image once, beside it) so a resumed conversation still has them.
/// </summary>
public sealed class ImageInputTests
{
    [TestCase("responses")]
    [TestCase("chat")]
    public async Task Codex_ImagesArgument_ReachTheModelAsInputImagesBeforeThePrompt(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("a red dot")), wire, cancellationToken: timeout.Token);
        TestImages.WritePng(Path.Combine(session.Workspace, "dot.png"));
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("what is this?", p => p with { Images = ["dot.png", TestImages.GifDataUrl] }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("a red dot"), result.Text);
        var last = TestImages.UserMessages(session.Model.Requests[0])[^1];
        Assert.That(last, Is.EqualTo(new[] { ("image", TestImages.PngDataUrl), ("image", TestImages.GifDataUrl), ("text", "what is this?") }));
        var item = (UserMessageTurnItem)result.Events.Select(e => e.Msg).OfType<ItemCompletedEvent>().First(e => e.Item is UserMessageTurnItem).Item;
        Assert.That(item.Content[0], Is.EqualTo(new LocalImageUserInput { Path = Path.Combine(session.Workspace, "dot.png") }));
        Assert.That(item.Content[1], Is.EqualTo(new ImageUserInput { ImageUrl = TestImages.GifDataUrl }));
        Assert.That(item.Content[2], Is.EqualTo(new TextUserInput { Text = "what is this?" }));
    }

    [Test]
    public async Task Reply_ImagesThenRestart_ResumedConversationStillHasThemAndTheRolloutStoresEachOnce()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(ScriptedReply.Text("one"), ScriptedReply.Text("two"), ScriptedReply.Text("three"));
        await using var session = await E2eSession.CreateAsync(script, cancellationToken: timeout.Token);
        var png = TestImages.WritePng(Path.Combine(session.Workspace, "dot.png"));
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var first = await session.CodexAsync("look", p => p with { Images = [png] }, cancellationToken: timeout.Token);
        var id = first.ConversationId!;
        var second = await session.Client.CallAsync("codex-reply", Json($$"""{"prompt":"and again","threadId":"{{id}}","images":["{{TestImages.PngDataUrl}}"]}"""), cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);
        var third = await session.Client.ReplyAsync(id, "still there?", cancellationToken: timeout.Token);

        Assert.That(second.Text, Is.EqualTo("two"), second.Text);
        Assert.That(third.Text, Is.EqualTo("three"), third.Text);
        var images = TestImages.UserMessages(session.Model.Requests[2]).SelectMany(m => m).Where(p => p.Kind == "image").Select(p => p.Value);
        Assert.That(images, Is.EqualTo(new[] { TestImages.PngDataUrl, TestImages.PngDataUrl }), "the resumed conversation sends both images again");

        var rollout = Directory.GetFiles(Path.Combine(session.CodexHome, "sessions"), $"rollout-*-{id}.jsonl", SearchOption.AllDirectories).Single();
        Assert.That(File.ReadAllText(rollout), Does.Not.Contain(TestImages.PngBase64), "the rollout names the image file instead of holding the base64");
        var stored = Directory.GetFiles(Path.ChangeExtension(rollout, ".images"));
        Assert.That(stored, Has.Length.EqualTo(1), "the same image sent twice is stored once");
        Assert.That(File.ReadAllBytes(stored[0]), Is.EqualTo(Convert.FromBase64String(TestImages.PngBase64)));
    }

    [Test]
    public async Task Codex_ImageOverTheSizeLimit_ClearErrorAndNothingStarted()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("unused")), cancellationToken: timeout.Token);
        TestImages.WritePngClaiming(Path.Combine(session.Workspace, "huge.png"), 4096, 300);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("look", p => p with { Images = ["huge.png"] }, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.True);
        Assert.That(result.Text, Does.Contain("is 4096×300 pixels; the limit is 2048×2048"));
        Assert.That(session.Model.Requests, Is.Empty, "no request was sent");
        Assert.That(Directory.Exists(Path.Combine(session.CodexHome, "sessions")) ? Directory.GetFiles(Path.Combine(session.CodexHome, "sessions"), "*.jsonl", SearchOption.AllDirectories) : [], Is.Empty, "no conversation was created");
    }

    [Test]
    public async Task Codex_BadImages_EachGetsAClearError()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("unused")), cancellationToken: timeout.Token);
        await File.WriteAllTextAsync(Path.Combine(session.Workspace, "notes.png"), "not an image", timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var notImage = await session.CodexAsync("look", p => p with { Images = ["notes.png"] }, cancellationToken: timeout.Token);
        var missing = await session.CodexAsync("look", p => p with { Images = ["nowhere.png"] }, cancellationToken: timeout.Token);
        var tooMany = await session.CodexAsync("look", p => p with { Images = [.. Enumerable.Repeat(TestImages.PngDataUrl, 9)] }, cancellationToken: timeout.Token);
        var notBase64 = await session.CodexAsync("look", p => p with { Images = ["data:image/png,rawbytes"] }, cancellationToken: timeout.Token);
        var wrongType = await session.Client.CallAsync("codex", Json("""{"prompt":"look","images":"dot.png"}"""), cancellationToken: timeout.Token);

        Assert.That(notImage.Text, Does.EndWith("notes.png is not a PNG, JPEG, GIF or WebP image."));
        Assert.That(missing.Text, Does.Contain("Image `nowhere.png` not found"));
        Assert.That(tooMany.Text, Does.Contain("Too many images: 9 were given; at most 8 per call."));
        Assert.That(notBase64.Text, Does.Contain("must be base64"));
        Assert.That(wrongType.Text, Is.EqualTo("Failed to parse configuration for Codex tool: invalid type: string \"dot.png\", expected an array of strings for `images`"));
        Assert.That(new[] { notImage, missing, tooMany, notBase64, wrongType }.All(r => r.IsError), Is.True);
        Assert.That(session.Model.Requests, Is.Empty);
    }

    private static System.Text.Json.JsonElement Json(string json)
    {
        using var document = System.Text.Json.JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
