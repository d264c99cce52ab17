using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json;
using Codex.Protocol.Tests.Conformance;
using Codex.Testing;
using ModelContextProtocol;
using ModelContextProtocol.Client;
using ModelContextProtocol.Protocol;

namespace Codex.Protocol.Tests.Interop;

/// <summary>
/// Progress through real SDK clients: the official C# SDK's <see cref="IProgress{T}"/> on
/// <c>CallToolAsync</c> (with <c>codex/event</c>s, which its concurrent handlers may deliver out
/// of order, put back in order by <c>_meta.seq</c>), and the official TypeScript SDK's
/// <c>callTool</c> with a request timeout shorter than the turn, which completes only because
/// progress resets the timeout.
/// </summary>
[TestFixture]
[Parallelizable(ParallelScope.All)]
public sealed class ProgressInteropTests
{
    /// <summary>The folder with node_modules/@modelcontextprotocol/sdk; build/test.sh installs it and exports this.</summary>
    public const string TypeScriptSdkVariable = "CODEX_TS_MCP_SDK";

    private const string Heartbeat = "[mcp_server]\nprogress_heartbeat_seconds = 1";

    [Test]
    public async Task CallToolAsync_CSharpSdkWithProgress_StepsAndHeartbeatsAndEventsRestoredBySeq()
    {
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(90));
        var answer = string.Concat(Enumerable.Range(0, 400).Select(i => $"{i % 10}"));
        await using var home = await ScriptedCodexHome.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithDelay(TimeSpan.FromSeconds(3)).WithMessage(answer, deltas: 400)),
            Heartbeat,
            cts.Token);
        var events = new ConcurrentQueue<JsonElement>();
        var options = new McpClientOptions
        {
            ClientInfo = new Implementation { Name = "csharp-progress-interop", Version = "1.0.0" },
            Handlers = new McpClientHandlers
            {
                NotificationHandlers =
                [
                    new("codex/event", (notification, _) =>
                    {
                        events.Enqueue(notification.Params!.Deserialize<JsonElement>().Clone());
                        return ValueTask.CompletedTask;
                    }),
                ],
            },
        };
        await using var client = await McpClient.CreateAsync(Transport(home), options, cancellationToken: cts.Token);
        var progress = new RecordingProgress();

        var result = await client.CallToolAsync(
            "codex",
            new Dictionary<string, object?> { ["prompt"] = "take your time", ["cwd"] = home.Workspace, ["sandbox"] = "read-only", ["approval-policy"] = "never" },
            progress,
            cancellationToken: cts.Token);

        // Notification handlers may still be running when the result arrives.
        await WaitUntilAsync(() => events.Any(e => e.GetProperty("msg").GetProperty("type").GetString() == "task_complete"), cts.Token);
        var values = progress.Values.OrderBy(v => v.Progress).ToList();
        var messages = values.Select(v => v.Message ?? string.Empty).ToList();
        var ordered = events.OrderBy(e => e.GetProperty("_meta").GetProperty("seq").GetInt64()).ToList();
        var text = string.Concat(ordered.Where(e => e.GetProperty("msg").GetProperty("type").GetString() == "agent_message_delta").Select(e => e.GetProperty("msg").GetProperty("delta").GetString()));
        foreach (var value in values)
        {
            await TestContext.Out.WriteLineAsync($"{value.Progress}: {value.Message}");
        }

        using (Assert.EnterMultipleScope())
        {
            Assert.That(result.IsError, Is.Not.True);
            Assert.That(result.Content.OfType<TextContentBlock>().First().Text, Is.EqualTo(answer));
            Assert.That(values.Select(v => v.Progress).Distinct().Count(), Is.EqualTo(values.Count), "every notification has its own progress value");
            Assert.That(messages, Has.Some.Contains("turn started"), string.Join("\n", messages));
            Assert.That(messages.Count(m => m.Contains("waiting for the model", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(2), "heartbeats while the model is silent for 3 s");
            // The last notification goes out just before the response; the SDK handles
            // notifications concurrently and stops routing a call's progress once its response is
            // in, so it may never report that one. When it does, it is the last.
            Assert.That(messages.Take(messages.Count - 1), Has.None.StartsWith("finished"), string.Join("\n", messages));
            Assert.That(ordered.Select(e => e.GetProperty("_meta").GetProperty("seq").GetInt64()), Is.EqualTo(Enumerable.Range(0, ordered.Count).Select(i => (long)i)), "seq numbers every event, without gaps");
            Assert.That(text, Is.EqualTo(answer), "the deltas, sorted by seq, are the answer");
        }
    }

    [TestCase("reset", true)]
    [TestCase("no-reset", false)]
    public async Task CallTool_TypeScriptSdkWithATimeoutShorterThanTheTurn_CompletesOnlyWhenProgressResetsIt(string mode, bool completes)
    {
        const int TimeoutMs = 3_000;
        var sdk = TypeScriptSdkOrSkip();
        using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(120));
        await using var home = await ScriptedCodexHome.CreateAsync(
            ModelScript.Sequence(ScriptedReply.Empty.WithDelay(TimeSpan.FromSeconds(8)).WithReasoning(["**Taking a long look**\n\nSlowly."]).WithMessage("finally done")),
            Heartbeat,
            cts.Token);

        var output = await RunNodeAsync(sdk, home, TimeoutMs, mode, cts.Token);

        var progress = output.GetProperty("progress").EnumerateArray().ToList();
        var messages = progress.Select(p => p.GetProperty("message").GetString() ?? string.Empty).ToList();
        var elapsed = output.GetProperty("elapsedMs").GetInt32();
        await TestContext.Out.WriteLineAsync($"{mode}: {output.GetRawText()}");
        using (Assert.EnterMultipleScope())
        {
            Assert.That(output.GetProperty("ok").GetBoolean(), Is.EqualTo(completes), output.GetRawText());
            Assert.That(progress, Is.Not.Empty, "the SDK's onprogress saw our notifications");
            if (completes)
            {
                Assert.That(output.GetProperty("result").GetProperty("content")[0].GetProperty("text").GetString(), Is.EqualTo("finally done"));
                Assert.That(elapsed, Is.GreaterThan(2 * TimeoutMs), "the turn lasted well past the request timeout");
                Assert.That(progress.Select(p => p.GetProperty("progress").GetDouble()), Is.Ordered.Ascending.And.Unique, "strictly increasing, as the SDK received them");
                Assert.That(messages, Has.Some.Contains("turn started"));
                Assert.That(messages.Count(m => m.Contains("waiting for the model", StringComparison.Ordinal)), Is.GreaterThanOrEqualTo(3), "heartbeats while the model is silent for 8 s");

                // The last steps (the reasoning heading, "finished") go out just before the
                // response; the SDK runs notification handlers a tick later than it settles the
                // response, so it drops progress that arrives together with the response. What it
                // did report must not end the turn early.
                Assert.That(messages.Take(messages.Count - 1), Has.None.Contains("finished"), string.Join("\n", messages));
            }
            else
            {
                // The control: without the reset, the same turn times out at the SDK (RequestTimeout).
                Assert.That(output.GetProperty("error").GetProperty("code").GetInt32(), Is.EqualTo(-32001), output.GetRawText());
            }
        }
    }

    private static StdioClientTransport Transport(ScriptedCodexHome home) => new(new StdioClientTransportOptions
    {
        Command = ServerLocator.ServerPath(),
        Name = "codex",
        WorkingDirectory = home.Workspace,
        EnvironmentVariables = home.Environment,
        ShutdownTimeout = TimeSpan.FromSeconds(5),
    });

    // The folder npm installed the clients into (its node_modules holds the SDK); NpmClients fails
    // or skips, with what to run, when they are missing.
    private static string TypeScriptSdkOrSkip() =>
        Path.GetFullPath(Path.Combine(NpmClients.SdkDirectory, "..", "..", ".."));

    private static async Task<JsonElement> RunNodeAsync(string sdk, ScriptedCodexHome home, int timeoutMs, string mode, CancellationToken cancellationToken)
    {
        var script = Path.Combine(TestContext.CurrentContext.TestDirectory, "Interop", "typescript", "progress-client.mjs");
        var startInfo = new ProcessStartInfo("node")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = home.Workspace,
        };
        foreach (var argument in new[] { script, ServerLocator.ServerPath(), home.Workspace, timeoutMs.ToString(System.Globalization.CultureInfo.InvariantCulture), mode })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment[TypeScriptSdkVariable] = sdk;
        foreach (var (name, value) in home.Environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var node = Process.Start(startInfo) ?? throw new InvalidOperationException("Could not start node.");
        var stdout = node.StandardOutput.ReadToEndAsync(cancellationToken);
        var stderr = node.StandardError.ReadToEndAsync(cancellationToken);
        try
        {
            await node.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            node.Kill(entireProcessTree: true);
            throw;
        }

        var lines = (await stdout).Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.That(node.ExitCode, Is.Zero, $"node failed: {await stderr}");
        using var document = JsonDocument.Parse(lines[^1]);
        return document.RootElement.Clone();
    }

    private static async Task WaitUntilAsync(Func<bool> condition, CancellationToken cancellationToken)
    {
        while (!condition())
        {
            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>Records every value as it is reported (unlike <see cref="Progress{T}"/>, which posts them).</summary>
    private sealed class RecordingProgress : IProgress<ProgressNotificationValue>
    {
        private readonly ConcurrentQueue<ProgressNotificationValue> _values = new();

        public IReadOnlyList<ProgressNotificationValue> Values => [.. _values];

        public void Report(ProgressNotificationValue value) => _values.Enqueue(value);
    }
}
