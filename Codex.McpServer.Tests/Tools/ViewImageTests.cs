using System.Text.Json.Nodes;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary><c>view_image</c>: the model asks to see a workspace image and gets it with its next request.</summary>
public sealed class ViewImageTests
{
    [TestCase("responses")]
    [TestCase("chat")]
    public async Task ViewImage_WorkspaceFile_AttachedToTheNextRequestAfterTheOutput(string wire)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(ScriptedReply.Call("view_image", Path("shot.png"), "call_view"), ScriptedReply.Text("I see a dot"));
        await using var session = await E2eSession.CreateAsync(script, wire, cancellationToken: timeout.Token);
        var png = TestImages.WritePng(System.IO.Path.Combine(session.Workspace, "shot.png"));
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("look at the screenshot", p => p with { Sandbox = SandboxMode.ReadOnly }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("I see a dot"), result.Text);
        Assert.That(ToolNames(session.Model.Requests[0]), Does.Contain("view_image"), "on by default");
        Assert.That(ToolOutputs.For(session.Model, "call_view"), Is.EqualTo("attached local image path"));
        Assert.That(TestImages.UserMessages(session.Model.Requests[1])[^1], Is.EqualTo(new[] { ("image", TestImages.PngDataUrl) }), "the image is the last user message of the next request");
        var viewed = result.Events.Select(e => e.Msg).OfType<ViewImageToolCallEvent>().Single();
        Assert.That((viewed.CallId, viewed.Path), Is.EqualTo(("call_view", png)));
    }

    [Test]
    public async Task ViewImage_OutsideTheReadableRootsOrThroughASymlink_RefusedAndNothingAttached()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(
            ScriptedReply.Empty.WithFunctionCall("view_image", Path("../outside.png"), "call_out").WithFunctionCall("view_image", Path("link.png"), "call_link"),
            ScriptedReply.Text("refused"));
        await using var session = await E2eSession.CreateAsync(script, cancellationToken: timeout.Token);
        var outside = TestImages.WritePng(System.IO.Path.Combine(session.Root, "outside.png"));
        File.CreateSymbolicLink(System.IO.Path.Combine(session.Workspace, "link.png"), outside);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("look", p => p with { Sandbox = SandboxMode.ReadOnly }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("refused"), result.Text);
        Assert.That(ToolOutputs.For(session.Model, "call_out"), Does.StartWith($"view_image refused: `{outside}` is outside the readable roots of this conversation ({session.Workspace})"));
        Assert.That(ToolOutputs.For(session.Model, "call_link"), Does.StartWith("view_image refused:"));
        Assert.That(TestImages.UserMessages(session.Model.Requests[1]).SelectMany(m => m).Any(p => p.Kind == "image"), Is.False, "nothing was attached");
        Assert.That(result.Events.Select(e => e.Msg).OfType<ViewImageToolCallEvent>(), Is.Empty);
    }

    [Test]
    public async Task ViewImage_TwoCallsInOneResponse_ImagesFollowInTheOrderOfTheCalls()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var both = ScriptedReply.Empty.WithFunctionCall("view_image", Path("a.png"), "call_a").WithFunctionCall("view_image", Path("b.gif"), "call_b");
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(both, ScriptedReply.Text("two images")), cancellationToken: timeout.Token);
        TestImages.WritePng(System.IO.Path.Combine(session.Workspace, "a.png"));
        File.WriteAllBytes(System.IO.Path.Combine(session.Workspace, "b.gif"), Convert.FromBase64String(TestImages.GifBase64));
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("compare", p => p with { Model = "gpt-5.1", Sandbox = SandboxMode.ReadOnly }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("two images"), result.Text);
        var users = TestImages.UserMessages(session.Model.Requests[1]);
        Assert.That(users[^2..], Is.EqualTo(new[] { new[] { ("image", TestImages.PngDataUrl) }, new[] { ("image", TestImages.GifDataUrl) } }));
    }

    [Test]
    public async Task ViewImage_FeatureOff_NotOffered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), extraConfig: "[features]\nview_image_tool = false", cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        await session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That(ToolNames(session.Model.Requests[0]), Does.Not.Contain("view_image"));
    }

    private static string Path(string path) => new JsonObject { ["path"] = path }.ToJsonString();

    internal static List<string> ToolNames(RecordedRequest request) =>
        [.. request.Json!.Value.GetProperty("tools").EnumerateArray().Select(t =>
            t.TryGetProperty("name", out var name) ? name.GetString()!
            : t.TryGetProperty("function", out var function) ? function.GetProperty("name").GetString()!
            : t.GetProperty("type").GetString()!)];
}
