using Codex.McpServer.Tests.Infrastructure;
using Codex.Protocol;
using Codex.Testing;

namespace Codex.McpServer.Tests.Security;

/// <summary>A model endpoint that accepts connections and never answers ends the turn after the request tries, not hours later.</summary>
public sealed class ResponseHeadersTimeoutTests
{
    [Test]
    public async Task Codex_EndpointNeverSendsHeaders_TurnEndsWithErrorAfterOneConnectionPerRequestTry()
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var endpoint = new SilentEndpoint();
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("never served")), cancellationToken: timeout.Token);
        File.WriteAllText(Path.Combine(session.CodexHome, "config.toml"), $"""
            model = "mock-model"
            model_provider = "silent"

            [model_providers.silent]
            name = "Silent"
            base_url = "{endpoint.BaseUrl}"
            wire_api = "responses"
            env_key = "{E2eSession.ApiKeyVariable}"
            request_max_retries = 2
            stream_max_retries = 3
            response_headers_timeout_ms = 1000
            """);
        await session.StartServerAsync(cancellationToken: timeout.Token);

        var result = await session.CodexAsync("hello", p => p with { ApprovalPolicy = AskForApproval.Never }, cancellationToken: timeout.Token);

        Assert.That(result.IsError, Is.True, result.Text);
        var errors = result.Events.Select(e => e.Msg).OfType<ErrorEvent>().ToList();
        Assert.That(errors, Has.Count.EqualTo(1));
        Assert.That(errors[0].Message, Does.Contain("no response headers within 1000 ms"));
        // The request-level retries are reported as they happen; none at stream level (stream_max_retries = 3) follows.
        Assert.That(result.Events.Select(e => e.Msg).OfType<StreamErrorEvent>().Select(e => e.Message), Is.EqualTo(new[] { "Re-connecting... 1/2", "Re-connecting... 2/2" }));
        Assert.That(endpoint.Connections, Is.EqualTo(3), "1 + request_max_retries tries, each on its own connection");
        Assert.That(session.Model.Requests, Is.Empty);
    }
}
