using System.Text.Json;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// The MCP/JSON-RPC surface of a server binary over real stdio (spec §1, §2, and "our contract"
/// in the implementer's summary). Only invalid <c>tools/call</c> arguments are exercised: a valid
/// call needs the engine. Every test ends with <see cref="ConformanceHarness.FinishAsync"/>, which
/// checks exit code 0 after stdin EOF and that stdout carried nothing but JSON-RPC. Each test has
/// its own server process, so the tests run in parallel with each other.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ServerConformanceTests
{
    private const string ParsePrefix = "Failed to parse configuration for Codex tool: ";

    [Test]
    public async Task Initialize_Result_HasTheSpecShape()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();

        var response = await harness.InitializeAsync("2025-06-18", "conformance-client", "9.8.7", cts.Token);

        var result = response.GetProperty("result");
        var serverInfo = result.GetProperty("serverInfo");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.GetProperty("id").GetRawText(), Is.EqualTo("1"));
            Assert.That(result.GetProperty("protocolVersion").GetString(), Is.EqualTo("2025-06-18"));
            Assert.That(result.GetProperty("capabilities").GetProperty("tools").GetProperty("listChanged").GetBoolean(), Is.True);
            Assert.That(result.GetProperty("capabilities").GetProperty("tasks").GetRawText(), Is.EqualTo("""{"list":{},"cancel":{},"requests":{"tools":{"call":{}}}}"""), "MCP tasks (2025-11-25) for tools/call");
            Assert.That(result.TryGetProperty("instructions", out _), Is.False, "no instructions are sent");
            Assert.That(serverInfo.GetProperty("name").GetString(), Is.EqualTo("codex-mcp-server"));
            Assert.That(serverInfo.GetProperty("title").GetString(), Is.EqualTo("Codex"));
            Assert.That(serverInfo.GetProperty("version").GetString(), Does.Match(@"^\d+\.\d+\.\d+"));
            Assert.That(serverInfo.GetProperty("user_agent").GetString(), Does.StartWith("codex_cli_rs/").And.EndWith(" (conformance-client; 9.8.7)"));
        }

        await harness.FinishAsync();
    }

    [TestCase("2024-11-05", "2024-11-05")]
    [TestCase("2025-03-26", "2025-03-26")]
    [TestCase("2025-06-18", "2025-06-18")]
    [TestCase("2025-11-25", "2025-11-25")]
    [TestCase("2099-01-01", "2025-11-25")]
    [TestCase("draft", "2025-11-25")]
    public async Task Initialize_ProtocolVersion_SupportedOnesEchoedElseTheNewest(string requested, string expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();

        var response = await harness.InitializeAsync(requested, cancellationToken: cts.Token);

        Assert.That(response.GetProperty("result").GetProperty("protocolVersion").GetString(), Is.EqualTo(expected));
        await harness.FinishAsync();
    }

    [Test]
    public async Task Initialize_Twice_SecondGetsInvalidRequest()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();

        var first = await harness.InitializeAsync(cancellationToken: cts.Token);
        var second = await harness.InitializeAsync(clientName: "again", clientVersion: "0", cancellationToken: cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.TryGetProperty("result", out _), Is.True);
            Assert.That(second.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32600));
            Assert.That(second.GetProperty("error").GetProperty("message").GetString(), Is.EqualTo("initialize called more than once"));
        }

        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [TestCase("""{"protocolVersion":"2025-06-18","capabilities":{}}""")]
    [TestCase("""{"protocolVersion":5,"capabilities":{},"clientInfo":{"name":"c","version":"1"}}""")]
    [TestCase("""{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":"c"}""")]
    [TestCase("""["2025-06-18"]""")]
    [TestCase(null)]
    public async Task Initialize_InvalidParams_InvalidParamsErrorAndStillUp(string? paramsJson)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();

        var response = await harness.RequestAsync("initialize", paramsJson, cts.Token);

        Assert.That(response.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32602));
        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [Test]
    public async Task RequestsBeforeInitialize_AreServed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();

        var tools = await harness.RequestWithIdAsync("\"pre-1\"", "tools/list", "{}", cts.Token);
        var pong = await harness.RequestAsync("ping", null, cts.Token);
        var initialize = await harness.InitializeAsync(cancellationToken: cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(tools.GetProperty("result").GetProperty("tools").GetArrayLength(), Is.EqualTo(5));
            Assert.That(pong.GetProperty("result").GetRawText(), Is.EqualTo("{}"));
            Assert.That(initialize.TryGetProperty("result", out _), Is.True, "initialize after other requests is still the first one");
        }

        await harness.FinishAsync();
    }

    [TestCase("7", null)]
    [TestCase("\"ping-1\"", null)]
    [TestCase("8", "{}")]
    [TestCase("9", """{"_meta":{"progressToken":1}}""")]
    public async Task Ping_AnyIdAndParams_EmptyObjectUnderTheSameId(string idJson, string? paramsJson)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var pong = await harness.RequestWithIdAsync(idJson, "ping", paramsJson, cts.Token);

        Assert.That(pong.GetRawText(), Is.EqualTo($"{{\"jsonrpc\":\"2.0\",\"id\":{idJson},\"result\":{{}}}}"));
        await harness.FinishAsync();
    }

    [TestCase("notifications/initialized", null)]
    [TestCase("notifications/roots/list_changed", null)]
    [TestCase("notifications/cancelled", """{"requestId":999,"reason":"gone"}""")]
    [TestCase("notifications/progress", """{"progressToken":"t","progress":1}""")]
    public async Task Notification_NothingIsSentBack(string method, string? paramsJson)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        await harness.NotifyAsync(method, paramsJson, cts.Token);
        var next = await harness.RequestWithIdAsync("\"after\"", "ping", null, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(next.GetProperty("result").GetRawText(), Is.EqualTo("{}"));
            Assert.That(harness.Notifications, Is.Empty, "nothing may answer a notification");
        }

        await harness.FinishAsync();
    }

    [Test]
    public async Task ResponseToAnUnknownRequest_IgnoredAndNothingIsSentBack()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        await harness.Server.SendLineAsync("""{"jsonrpc":"2.0","id":12345,"result":{"decision":"approved"}}""", cts.Token);
        await harness.Server.SendLineAsync("""{"jsonrpc":"2.0","id":12346,"error":{"code":-1,"message":"no"}}""", cts.Token);
        var next = await harness.RequestWithIdAsync("\"after\"", "ping", null, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(next.GetProperty("result").GetRawText(), Is.EqualTo("{}"));
            Assert.That(harness.Notifications, Is.Empty);
        }

        await harness.FinishAsync();
    }

    [TestCase("foo/bar")]
    [TestCase("sampling/createMessage")]
    [TestCase("roots/list")]
    public async Task UnknownMethod_MethodNotFoundWithTheName(string method)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var response = await harness.RequestWithIdAsync("\"u-1\"", method, "{}", cts.Token);

        var error = response.GetProperty("error");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(error.GetProperty("code").GetInt32(), Is.EqualTo(-32601));
            Assert.That(error.GetProperty("message").GetString(), Is.EqualTo($"method not found: {method}"));
        }

        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":")]
    [TestCase("this is not json")]
    [TestCase("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"ping\"} trailing")]
    public async Task InvalidJson_ParseErrorWithNullId(string line)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        await harness.Server.SendLineAsync(line, cts.Token);
        var response = await harness.Server.ReadMessageAsync(ConformanceHarness.ReadTimeout, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.GetProperty("id").ValueKind, Is.EqualTo(JsonValueKind.Null));
            Assert.That(response.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32700));
        }

        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [Test]
    public async Task InvalidUtf8_Line_ParseErrorAndStillUp()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        await harness.Server.SendBytesAsync([.. "{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"p"u8, 0xC3, 0x28, .. "\"}\n"u8], cts.Token);
        var response = await harness.Server.ReadMessageAsync(ConformanceHarness.ReadTimeout, cts.Token);

        Assert.That(response.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32700));
        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [TestCase("""{"jsonrpc":"2.0","id":5}""", "5")]
    [TestCase("""{"jsonrpc":"2.0","id":"x","params":{}}""", "\"x\"")]
    [TestCase("""[{"jsonrpc":"2.0","id":1,"method":"ping"}]""", "null")]
    [TestCase("""{"jsonrpc":"2.0","id":6,"method":42}""", "6")]
    [TestCase("42", "null")]
    public async Task InvalidRequest_InvalidRequestError(string line, string expectedIdJson)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        await harness.Server.SendLineAsync(line, cts.Token);
        var response = await harness.Server.ReadMessageAsync(ConformanceHarness.ReadTimeout, cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(response.GetProperty("id").GetRawText(), Is.EqualTo(expectedIdJson));
            Assert.That(response.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32600));
        }

        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [Test]
    public async Task JsonRpcMemberMissing_RequestStillServed()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();

        await harness.Server.SendLineAsync("""{"id":3,"method":"ping"}""", cts.Token);
        var response = await harness.ReadResponseAsync("3", cts.Token);

        Assert.That(response.GetRawText(), Is.EqualTo("""{"jsonrpc":"2.0","id":3,"result":{}}"""));
        await harness.FinishAsync();
    }

    [TestCase("nope", """{}""", "Unknown tool 'nope'")]
    [TestCase("codex", """{}""", ParsePrefix + "missing field `prompt`")]
    [TestCase("codex", """{"prompt":5}""", ParsePrefix + "invalid type: integer `5`, expected a string")]
    [TestCase("codex", """{"prompt":"x","sandbox":"bogus"}""", ParsePrefix + "unknown variant `bogus`")]
    [TestCase("codex", """ "say hi" """, ParsePrefix)]
    [TestCase("codex-reply", """{"threadId":"00000000-0000-0000-0000-000000000000"}""", ParsePrefix + "missing field `prompt`")]
    [TestCase("codex-reply", """{"prompt":["x"],"threadId":"00000000-0000-0000-0000-000000000000"}""", ParsePrefix + "invalid type: sequence, expected a string")]
    public async Task ToolsCall_InvalidArguments_IsErrorResultWithTheText(string tool, string arguments, string expectedStart)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var result = await harness.CallToolAsync(tool, arguments.Trim(), cts.Token);

        AssertIsErrorText(result, Does.StartWith(expectedStart));
        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [Test]
    public async Task ToolsCall_BadSandbox_MessageListsTheVariants()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var result = await harness.CallToolAsync("codex", """{"prompt":"x","sandbox":"bogus"}""", cts.Token);

        AssertIsErrorText(result, Does.EndWith("expected one of `read-only`, `workspace-write`, `danger-full-access`"));
        await harness.FinishAsync();
    }

    [TestCase("codex", null, "Missing arguments for codex tool-call; the `prompt` field is required.")]
    [TestCase("codex", "null", "Missing arguments for codex tool-call; the `prompt` field is required.")]
    [TestCase("codex-reply", null, "Missing arguments for codex-reply tool-call; the `conversation_id` and `prompt` fields are required.")]
    [TestCase("codex-reply", """{"prompt":"hello"}""", "Failed to parse thread_id: either threadId or conversationId must be provided")]
    [TestCase("codex", "{}", ParsePrefix + "missing field `prompt`")]
    public async Task ToolsCall_InvalidArguments_ExactText(string tool, string? arguments, string expected)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var result = await harness.CallToolAsync(tool, arguments, cts.Token);

        AssertIsErrorText(result, Is.EqualTo(expected));
        await harness.FinishAsync();
    }

    [Test]
    public async Task ToolsCall_WithoutParams_ErrorResponseAndStillUp()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var response = await harness.RequestAsync("tools/call", null, cts.Token);

        Assert.That(response.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32602));
        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [TestCase("resources/list", "{}", """{"resources":[]}""")]
    [TestCase("resources/list", null, """{"resources":[]}""")]
    [TestCase("logging/setLevel", """{"level":"error"}""", "{}")]
    public async Task OptionalMethods_EmptyAnswers(string method, string? paramsJson, string expectedResult)
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var response = await harness.RequestAsync(method, paramsJson, cts.Token);

        Assert.That(response.GetProperty("result").GetRawText(), Is.EqualTo(expectedResult));
        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [Test]
    public async Task ToolsList_WithOrWithoutCursor_TwoToolsWithoutNextCursor()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);

        var withCursor = await harness.RequestAsync("tools/list", """{"cursor":"abc"}""", cts.Token);
        var withoutParams = await harness.RequestAsync("tools/list", null, cts.Token);

        var result = withCursor.GetProperty("result");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("tools").EnumerateArray().Select(t => t.GetProperty("name").GetString()), Is.EqualTo(new[] { "codex", "codex-reply", "codex-status", "codex-cancel", "codex-approve" }));
            Assert.That(result.TryGetProperty("nextCursor", out _), Is.False);
            Assert.That(withoutParams.GetProperty("result").GetRawText(), Is.EqualTo(result.GetRawText()));
        }

        await harness.FinishAsync();
    }

    [Test]
    public async Task EveryBadInputInOneSession_ServerStaysUpAndExitsCleanly()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();

        await harness.RequestAsync("tools/list", "{}", cts.Token);
        await harness.InitializeAsync(cancellationToken: cts.Token);
        await harness.NotifyAsync("notifications/initialized", null, cts.Token);
        await harness.InitializeAsync(cancellationToken: cts.Token);
        await harness.RequestAsync("initialize", """{"protocolVersion":1}""", cts.Token);
        await harness.RequestAsync("foo/bar", "{}", cts.Token);
        var rawErrors = new List<int>();
        foreach (var raw in new byte[][] { "{bad json"u8.ToArray(), """[{"jsonrpc":"2.0","id":77,"method":"ping"}]"""u8.ToArray(), """{"jsonrpc":"2.0","id":78}"""u8.ToArray(), [0xFF, 0xFE] })
        {
            await harness.Server.SendBytesAsync([.. raw, (byte)'\n'], cts.Token);
            var error = await harness.Server.ReadMessageAsync(ConformanceHarness.ReadTimeout, cts.Token);
            rawErrors.Add(error.GetProperty("error").GetProperty("code").GetInt32());
        }

        await harness.CallToolAsync("nope", "{}", cts.Token);
        await harness.CallToolAsync("codex", "{}", cts.Token);
        await harness.CallToolAsync("codex", """{"prompt":false}""", cts.Token);
        await harness.CallToolAsync("codex-reply", null, cts.Token);
        await harness.RequestAsync("tools/call", null, cts.Token);
        await harness.RequestAsync("resources/list", "{}", cts.Token);
        await harness.RequestAsync("resources/templates/list", "{}", cts.Token);
        await harness.RequestAsync("prompts/list", "{}", cts.Token);
        await harness.RequestAsync("logging/setLevel", """{"level":"warning"}""", cts.Token);
        await harness.RequestAsync("logging/setLevel", """{"level":"loud"}""", cts.Token);
        await harness.NotifyAsync("notifications/cancelled", """{"requestId":"never-sent"}""", cts.Token);

        Assert.That(rawErrors, Is.EqualTo(new[] { -32700, -32600, -32600, -32700 }));
        await harness.AssertAliveAsync(cts.Token);
        await harness.FinishAsync();
    }

    [Test]
    public async Task StdinEof_ExitsWithZeroWithinOneSecond()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var harness = ConformanceHarness.Start();
        await harness.InitializeAsync(cancellationToken: cts.Token);
        await harness.CallToolAsync("codex", "{}", cts.Token);

        var elapsed = await harness.FinishAsync(within: TimeSpan.FromSeconds(1));

        TestContext.Out.WriteLine($"exit {elapsed.TotalMilliseconds:0} ms after stdin EOF");
    }

    [Test]
    public async Task StdinNotATerminal_NothingButProtocolOnStdout()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        await using var server = StdioServerProcess.Start(ServerLocator.ServerPath(), expectProtocol: false);

        server.CloseStdin();
        var exitCode = await server.WaitForExitAsync(TimeSpan.FromSeconds(10));

        using (Assert.EnterMultipleScope())
        {
            Assert.That(exitCode, Is.Zero);
            Assert.That(server.StandardOutputText, Is.Empty, "stdout must stay silent without a client");
        }
    }

    private static void AssertIsErrorText(JsonElement result, NUnit.Framework.Constraints.IResolveConstraint text)
    {
        var content = result.GetProperty("content");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.GetProperty("isError").GetBoolean(), Is.True);
            Assert.That(content.GetArrayLength(), Is.GreaterThanOrEqualTo(1));
            Assert.That(content[0].GetProperty("type").GetString(), Is.EqualTo("text"));
            Assert.That(content[0].GetProperty("text").GetString(), text);
        }
    }
}
