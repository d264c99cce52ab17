using System.Net;
using System.Text;
using Codex.Testing;

namespace Codex.Engine.Tests.Testing;

public sealed class ModelScriptJsonTests
{
    private static async Task<(HttpStatusCode Status, string Body, string? RetryAfter)> PostAsync(ScriptedModelServer server, string path, CancellationToken cancellationToken)
    {
        using var http = new HttpClient();
        using var response = await http.PostAsync(new Uri(server.BaseUrl.AbsoluteUri + path), new StringContent("{}", Encoding.UTF8, "application/json"), cancellationToken);
        return (response.StatusCode, await response.Content.ReadAsStringAsync(cancellationToken), response.Headers.RetryAfter?.ToString());
    }

    [Test]
    public async Task Parse_SequenceScript_PlaysEachReplyInOrder()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var script = ModelScriptJson.Parse("""
            {"mode": "sequence", "replies": [
              "hello there",
              [{"type": "function_call", "name": "shell", "arguments": {"command": ["ls"]}, "call_id": "c1"}],
              {"steps": [{"type": "http_error", "status": 429, "retry_after_seconds": 2}]},
              {"steps": [{"type": "message", "text": "counted"}], "usage": {"input_tokens": 3, "output_tokens": 4}, "response_id": "r9"}
            ]}
            """);
        await using var server = await ScriptedModelServer.StartAsync(script, cts.Token);

        var first = await PostAsync(server, "/responses", cts.Token);
        var second = await PostAsync(server, "/chat/completions", cts.Token);
        var third = await PostAsync(server, "/responses", cts.Token);
        var fourth = await PostAsync(server, "/responses", cts.Token);

        Assert.That(first.Body, Does.Contain("\"text\":\"hello there\""));
        Assert.That(second.Body, Does.Contain("\"finish_reason\":\"tool_calls\""));
        Assert.That(second.Body, Does.Contain("\"id\":\"c1\""));
        Assert.That((third.Status, third.RetryAfter), Is.EqualTo((HttpStatusCode.TooManyRequests, "2")));
        Assert.That(fourth.Body, Does.Contain("\"id\":\"r9\""));
        Assert.That(fourth.Body, Does.Contain("\"total_tokens\":7"));
    }

    [TestCase("""{"replies": [[{"type": "teleport"}]]}""", "script: replies[0][0].type: unknown step type 'teleport'")]
    [TestCase("""{"replies": [[{"type": "message"}]]}""", "script: replies[0][0].text: is required and must be a string")]
    [TestCase("""{"replies": [[{"type": "drop"}, {"type": "message", "text": "x"}]]}""", "script: replies[0][1]: No step may follow DropStream; it ends the reply.")]
    [TestCase("""{"mode": "random", "replies": []}""", "script: mode: unknown mode 'random' (expected \"sequence\" or \"per_conversation\")")]
    [TestCase("""{"replies": 3}""", "script: replies: must be an array of replies")]
    [TestCase("""{"replies": [[{"type": "delay", "ms": -5}]]}""", "script: replies[0][0].ms: must be a non-negative integer")]
    public void Parse_MalformedScript_NamesTheProblemAndPlace(string json, string expected)
    {
        Assert.That(() => ModelScriptJson.Parse(json), Throws.TypeOf<FormatException>().With.Message.EqualTo(expected));
    }

    [Test]
    public void Parse_InvalidJson_IsAFormatError()
    {
        Assert.That(() => ModelScriptJson.Parse("{nope"), Throws.TypeOf<FormatException>().With.Message.StartsWith("script: not valid JSON: "));
    }
}
