using System.Net;
using System.Text;
using System.Text.Json;
using Codex.Testing;

namespace Codex.Engine.Tests.Testing;

public sealed class ScriptedModelServerTests
{
    private static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(30));

    private static async Task<(HttpStatusCode Status, string Body)> PostAsync(ScriptedModelServer server, string path, string body, CancellationToken cancellationToken, params (string Name, string Value)[] headers)
    {
        using var http = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(server.BaseUrl.AbsoluteUri + path));
        request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        foreach (var (name, value) in headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await http.SendAsync(request, cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken));
    }

    private static List<JsonElement> DataEvents(string sse) =>
        [.. sse.Split('\n')
            .Where(line => line.StartsWith("data: ", StringComparison.Ordinal) && line != "data: [DONE]")
            .Select(line => JsonDocument.Parse(line["data: ".Length..]).RootElement.Clone())];

    [Test]
    public async Task StartAsync_EphemeralPort_ExposesLoopbackV1BaseUrl()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(), cts.Token);

        Assert.That(server.BaseUrl.Host, Is.EqualTo("127.0.0.1"));
        Assert.That(server.BaseUrl.Port, Is.EqualTo(server.Port).And.GreaterThan(0));
        Assert.That(server.BaseUrl.AbsolutePath, Is.EqualTo("/v1"));
    }

    [Test]
    public async Task Requests_AfterAPost_RecordPathQueryHeadersAndJsonBody()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("hi")), cts.Token);

        await PostAsync(server, "/responses?api-version=1", """{"model":"m1","input":[]}""", cts.Token, ("session_id", "conv-7"));

        var recorded = server.Requests.Single();
        Assert.That((recorded.Index, recorded.Method, recorded.Path, recorded.Query), Is.EqualTo((0, "POST", "/v1/responses", "?api-version=1")));
        Assert.That(recorded.ConversationKey, Is.EqualTo("conv-7"));
        Assert.That(recorded.Body, Is.EqualTo("""{"model":"m1","input":[]}"""));
        Assert.That(recorded.Json!.Value.GetProperty("model").GetString(), Is.EqualTo("m1"));
    }

    [Test]
    public async Task Responses_TextReply_FollowsTheSpecEventSequence()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("done", deltas: 2).WithResponseId("resp-1")), cts.Token);

        var (status, body) = await PostAsync(server, "/responses", "{}", cts.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        var events = DataEvents(body);
        Assert.That(events.Select(e => e.GetProperty("type").GetString()), Is.EqualTo(new[]
        {
            "response.created", "response.output_item.added", "response.output_text.delta", "response.output_text.delta",
            "response.output_text.done", "response.output_item.done", "response.completed",
        }));
        Assert.That(body, Does.Contain("event: response.completed\ndata: "));
        var item = events[5].GetProperty("item");
        Assert.That(item.GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("done"));
        Assert.That(events[6].GetProperty("response").GetProperty("id").GetString(), Is.EqualTo("resp-1"));
    }

    [Test]
    public async Task Chat_TextReply_EndsWithFinishReasonAndDone()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("File created!", deltas: 1)), cts.Token);

        var (_, body) = await PostAsync(server, "/chat/completions", """{"model":"mock-model"}""", cts.Token);

        var chunks = DataEvents(body);
        Assert.That(chunks[0].GetProperty("choices")[0].GetProperty("delta").GetProperty("content").GetString(), Is.EqualTo("File created!"));
        Assert.That(chunks[^1].GetProperty("choices")[0].GetProperty("finish_reason").GetString(), Is.EqualTo("stop"));
        Assert.That(chunks[0].GetProperty("model").GetString(), Is.EqualTo("mock-model"));
        Assert.That(body.TrimEnd(), Does.EndWith("data: [DONE]"));
    }

    [Test]
    public async Task Post_ScriptExhausted_Answers500WithAClearMessage()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("only one")), cts.Token);
        await PostAsync(server, "/responses", "{}", cts.Token);

        var (status, body) = await PostAsync(server, "/responses", "{}", cts.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Does.Contain("the script has no reply left for request #1 (POST /v1/responses)"));
    }

    [Test]
    public async Task Post_UnknownPath_Answers404()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("unused")), cts.Token);

        var (status, _) = await PostAsync(server, "/embeddings", "{}", cts.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.NotFound));
        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public async Task Chat_CustomToolCall_Answers500ExplainingTheWireLimit()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithCustomToolCall("apply_patch", "x", "c1")), cts.Token);

        var (status, body) = await PostAsync(server, "/chat/completions", "{}", cts.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.InternalServerError));
        Assert.That(body, Does.Contain("custom tool calls cannot be sent on the chat wire"));
    }

    [Test]
    public async Task PerConversation_ConcurrentConversations_EachFollowTheirOwnScript()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(
            ModelScript.PerConversation(key => [ScriptedReply.Text("first for " + key, deltas: 1), ScriptedReply.Text("second for " + key, deltas: 1)]),
            cts.Token);

        var results = await Task.WhenAll(
            PostAsync(server, "/responses", "{}", cts.Token, ("conversation_id", "a")),
            PostAsync(server, "/responses", "{}", cts.Token, ("conversation_id", "b")));
        var second = await PostAsync(server, "/responses", "{}", cts.Token, ("conversation_id", "a"));

        Assert.That(results[0].Body, Does.Contain("first for a"));
        Assert.That(results[1].Body, Does.Contain("first for b"));
        Assert.That(second.Body, Does.Contain("second for a"));
    }

    [Test]
    public async Task Enqueue_SequenceScript_ServesAddedReplies()
    {
        using var cts = Timeout();
        var script = ModelScript.Sequence();
        await using var server = await ScriptedModelServer.StartAsync(script, cts.Token);

        script.Enqueue(ScriptedReply.Text("late reply", deltas: 1));
        var (status, body) = await PostAsync(server, "/responses", "{}", cts.Token);

        Assert.That(status, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(body, Does.Contain("late reply"));
    }

    [Test]
    public async Task WaitForRequestsAsync_CountReached_Completes()
    {
        using var cts = Timeout();
        await using var server = await ScriptedModelServer.StartAsync(ModelScript.Sequence(ScriptedReply.Text("x")), cts.Token);
        var waiting = server.WaitForRequestsAsync(1, cts.Token);

        await PostAsync(server, "/responses", "{}", cts.Token);
        await waiting;

        Assert.That(server.Requests, Has.Count.EqualTo(1));
    }

    [Test]
    public void Add_StepAfterTerminalStep_IsRejected()
    {
        Assert.That(() => ScriptedReply.Text("x").ThenDropStream().WithMessage("y"),
            Throws.InvalidOperationException.With.Message.Contains("No step may follow DropStream"));
    }

    [Test]
    public void ThenHttpError_AfterStreamedOutput_IsRejected()
    {
        Assert.That(() => ScriptedReply.Text("x").ThenHttpError(500), Throws.InvalidOperationException);
    }
}
