using System.Text.Json;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Tools;

/// <summary>The hosted <c>web_search</c> tool: offered on the Responses wire when configured, its calls streamed as events.</summary>
public sealed class WebSearchTests
{
    [TestCase("[tools]\nweb_search = true")]
    [TestCase("[features]\nweb_search_request = true")]
    public async Task Codex_WebSearchOn_HostedToolSentAndSearchEventsEmitted(string config)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(ScriptedReply.Empty.WithWebSearchCall("weather in Paris").WithMessage("Sunny in Paris."));
        await using var session = await E2eSession.CreateAsync(script, extraConfig: config, cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("weather?", cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("Sunny in Paris."), result.Text);
        var tools = session.Model.Requests[0].Json!.Value.GetProperty("tools").EnumerateArray().ToList();
        Assert.That(tools.Count(t => JsonElement.DeepEquals(t, Parse("""{"type":"web_search"}"""))), Is.EqualTo(1), "the hosted tool, in upstream's shape");
        Assert.That(ViewImageTests.ToolNames(session.Model.Requests[0])[^2..], Is.EqualTo(new[] { "web_search", "view_image" }), "upstream's order: web_search, then view_image");
        var messages = result.Events.Select(e => e.Msg).ToList();
        var begin = messages.OfType<WebSearchBeginEvent>().Single();
        var end = messages.OfType<WebSearchEndEvent>().Single();
        Assert.That(end.CallId, Is.EqualTo(begin.CallId).And.Not.Empty);
        Assert.That(end.Query, Is.EqualTo("weather in Paris"));
        Assert.That(messages.IndexOf(begin), Is.LessThan(messages.IndexOf(end)));
    }

    [Test]
    public async Task Codex_WebSearchOff_NotOffered()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), cancellationToken: timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        await session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That(ViewImageTests.ToolNames(session.Model.Requests[0]), Does.Not.Contain("web_search"));
    }

    [Test]
    public async Task Codex_WebSearchOnChatWire_DroppedFromTheFunctionTools()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("ok")), "chat", "[tools]\nweb_search = true", timeout.Token);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("hi", cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("ok"), result.Text);
        Assert.That(ViewImageTests.ToolNames(session.Model.Requests[0]), Does.Not.Contain("web_search").And.Contain("view_image"));
    }

    [Test]
    public async Task Codex_ImageAndWebSearch_OneRequestCarriesBoth()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var script = ModelScript.Sequence(ScriptedReply.Empty.WithWebSearchCall("red dot meaning").WithMessage("It is a dot."));
        await using var session = await E2eSession.CreateAsync(script, extraConfig: "[tools]\nweb_search = true", cancellationToken: timeout.Token);
        TestImages.WritePng(Path.Combine(session.Workspace, "dot.png"));
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("what is this? search the web", p => p with { Model = "gpt-5.1", Images = ["dot.png"], ReasoningEffort = ReasoningEffort.High }, cancellationToken: timeout.Token);

        Assert.That(result.Text, Is.EqualTo("It is a dot."), result.Text);
        var body = session.Model.Requests[0].Json!.Value;
        Assert.That(TestImages.UserMessages(session.Model.Requests[0])[^1][0], Is.EqualTo(("image", TestImages.PngDataUrl)));
        Assert.That(ViewImageTests.ToolNames(session.Model.Requests[0]), Does.Contain("web_search"));
        Assert.That(body.GetProperty("reasoning").GetProperty("effort").GetString(), Is.EqualTo("high"));
        TestContext.Out.WriteLine(body.GetRawText());
    }

    private static JsonElement Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return document.RootElement.Clone();
    }
}
