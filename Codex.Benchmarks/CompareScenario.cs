using System.Diagnostics;
using Codex.Protocol;
using Codex.Protocol.Client;

namespace Codex.Benchmarks;

/// <summary>
/// Ours side by side with the original Rust <c>codex mcp-server</c>: both servers are driven the
/// same way against the same scripted model (<see cref="CompareScript"/>), each in its own world
/// (model, CODEX_HOME, workspace), with runs alternating between them — ours, original, original,
/// ours, … — so load that comes and goes on the machine falls on both alike. A server that cannot
/// do something gets the reason in place of its figure; ours failing is a problem (exit 1).
/// </summary>
public sealed class CompareScenario
{
    private readonly CompareOptions _options;
    private readonly TextWriter _progress;
    private readonly CancellationToken _cancellationToken;
    private readonly Dictionary<string, BenchmarkWorld> _worlds = [];
    private readonly CompareSeries _series = new();
    private readonly List<string> _problems = [];
    private readonly List<SoakCurvePoint> _curve = [];

    private CompareScenario(CompareOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        _options = options;
        _progress = progress;
        _cancellationToken = cancellationToken;
    }

    /// <summary>One RSS reading of the soak: the turn and each server's VmRSS in bytes (null when it had stopped).</summary>
    public sealed record SoakCurvePoint(int Turn, long? Ours, long? Original);

    /// <summary>Runs every section and returns the figures; problems are reported, not thrown.</summary>
    public static async Task<CompareReport> RunAsync(CompareOptions options, TextWriter progress, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ColdStarts, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SoakTurns, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.SampleEvery, 1);
        var scenario = new CompareScenario(options, progress, cancellationToken);
        try
        {
            foreach (var server in options.Servers)
            {
                scenario._worlds[server.Name] = await BenchmarkWorld.CreateAsync(CompareScript.Create(options.StreamDeltas), cancellationToken).ConfigureAwait(false);
            }

            var wall = Stopwatch.StartNew();
            await scenario.SpawnsAsync().ConfigureAwait(false);
            await scenario.WarmAsync().ConfigureAwait(false);
            await scenario.ConcurrentAsync().ConfigureAwait(false);
            await scenario.SoakAsync().ConfigureAwait(false);
            var traffic = scenario._worlds.ToDictionary(
                w => w.Key,
                w => string.Join(", ", w.Value.Model.Requests.GroupBy(r => $"{r.Method} {r.Path}").Select(g => $"{g.Key} × {g.Count()}")));
            return new CompareReport(options, scenario._series, scenario._curve, scenario._problems, wall.Elapsed, traffic);
        }
        finally
        {
            foreach (var world in scenario._worlds.Values)
            {
                await world.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // Items 1, 2 (first call), 3 (first turn) and 6 (idle, after one turn): a new process per run,
    // once with a new CODEX_HOME and once with the one every other run reuses. Run -1 only warms
    // the page cache and is not counted.
    private async Task SpawnsAsync()
    {
        _progress.WriteLine($"spawns: {_options.ColdStarts} runs per server, fresh and reused CODEX_HOME");
        for (var run = -1; run < _options.ColdStarts; run++)
        {
            foreach (var server in Order(run))
            {
                var counted = run >= 0;
                await GuardAsync(server, "spawn", async () =>
                {
                    var world = World(server);
                    var home = world.NewCodexHome();
                    var started = Stopwatch.GetTimestamp();
                    var client = await world.StartClientAsync(server, null, _cancellationToken, home).ConfigureAwait(false);
                    await using (client.ConfigureAwait(false))
                    {
                        var initialized = Stopwatch.GetElapsedTime(started);
                        started = Stopwatch.GetTimestamp();
                        await client.ListToolsAsync(_cancellationToken).ConfigureAwait(false);
                        var listed = Stopwatch.GetElapsedTime(started);
                        if (counted)
                        {
                            _series.Add(server, "init.fresh", initialized.TotalMilliseconds);
                            _series.Add(server, "list.first", listed.TotalMilliseconds);
                        }
                    }

                    started = Stopwatch.GetTimestamp();
                    client = await world.StartClientAsync(server, null, _cancellationToken).ConfigureAwait(false);
                    await using (client.ConfigureAwait(false))
                    {
                        var initialized = Stopwatch.GetElapsedTime(started);
                        var pid = client.Process!.Id;

                        // Start-up work a server defers past initialize belongs to its idle footprint.
                        await Task.Delay(TimeSpan.FromMilliseconds(500), _cancellationToken).ConfigureAwait(false);
                        var idle = ProcessStatus.Read(pid);
                        var prompt = $"first turn {run}";
                        var (turn, _) = await TurnAsync(client, new CodexToolCallParam { Prompt = prompt, Cwd = world.Workspace }, CompareScript.Answer(prompt)).ConfigureAwait(false);
                        var after = ProcessStatus.Read(pid);
                        if (counted)
                        {
                            _series.Add(server, "init.reused", initialized.TotalMilliseconds);
                            _series.Add(server, "turn.first", turn.TotalMilliseconds);
                            _series.Add(server, "rss.idle", idle.RssBytes);
                            _series.Add(server, "rss.afterTurn", after.RssBytes);
                            _series.Add(server, "hwm.afterTurn", after.PeakRssBytes);
                        }
                    }
                }).ConfigureAwait(false);
            }
        }
    }

    // Items 2 (warm), 3 (warm), 4 and 5 on one long-lived process per server.
    private async Task WarmAsync()
    {
        var clients = new Dictionary<string, CodexMcpClient>();
        try
        {
            foreach (var server in _options.Servers)
            {
                await GuardAsync(server, "warm", async () =>
                {
                    var world = World(server);
                    var client = await world.StartClientAsync(server, null, _cancellationToken).ConfigureAwait(false);
                    clients[server.Name] = client;
                    for (var i = 0; i < 5; i++)
                    {
                        await client.ListToolsAsync(_cancellationToken).ConfigureAwait(false);
                    }

                    await TurnAsync(client, new CodexToolCallParam { Prompt = "warm-up", Cwd = world.Workspace }, CompareScript.Answer("warm-up")).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }

            _progress.WriteLine($"warm: {_options.WarmCalls} tools/list and {_options.WarmTurns} codex turns per server");
            for (var run = 0; run < _options.WarmCalls; run++)
            {
                foreach (var server in Order(run).Where(s => clients.ContainsKey(s.Name)))
                {
                    await GuardAsync(server, "warm", async () =>
                    {
                        var started = Stopwatch.GetTimestamp();
                        await clients[server.Name].ListToolsAsync(_cancellationToken).ConfigureAwait(false);
                        _series.Add(server, "list.warm", Stopwatch.GetElapsedTime(started).TotalMilliseconds);
                    }).ConfigureAwait(false);
                }
            }

            for (var run = 0; run < _options.WarmTurns; run++)
            {
                foreach (var server in Order(run).Where(s => clients.ContainsKey(s.Name)))
                {
                    await GuardAsync(server, "warm", async () =>
                    {
                        var world = World(server);
                        var prompt = $"warm turn {run}";
                        var (turn, _) = await TurnAsync(clients[server.Name], new CodexToolCallParam { Prompt = prompt, Cwd = world.Workspace }, CompareScript.Answer(prompt)).ConfigureAwait(false);
                        _series.Add(server, "turn.warm", turn.TotalMilliseconds);
                    }).ConfigureAwait(false);
                }
            }

            _progress.WriteLine($"stream: {_options.StreamTurns} turns of {_options.StreamDeltas} deltas per server");
            var streamed = CompareScript.StreamedText(_options.StreamDeltas);
            for (var run = 0; run < _options.StreamTurns; run++)
            {
                foreach (var server in Order(run).Where(s => clients.ContainsKey(s.Name)))
                {
                    await GuardAsync(server, "stream", async () =>
                    {
                        var world = World(server);
                        var client = clients[server.Name];
                        var pid = client.Process!.Id;
                        var cpuBefore = ProcessCpu.Read(pid);
                        var (turn, result) = await TurnAsync(client, new CodexToolCallParam { Prompt = CompareScript.StreamPrompt, Cwd = world.Workspace }, streamed).ConfigureAwait(false);
                        var cpu = ProcessCpu.Read(pid) - cpuBefore;
                        var events = result.Events.Count;
                        var deltas = result.Events.Count(e => e.Msg is AgentMessageDeltaEvent or UnknownEventMsg { Type: "agent_message_content_delta" });
                        _series.Add(server, "stream.eventsPerSecond", events / turn.TotalSeconds);
                        _series.Add(server, "stream.cpuPerEventUs", cpu.TotalMicroseconds / events);
                        _series.Add(server, "stream.events", events);
                        _series.Add(server, "stream.deltaEvents", deltas);
                        _series.Add(server, "stream.turnMs", turn.TotalMilliseconds);
                    }).ConfigureAwait(false);
                }
            }

            _progress.WriteLine($"sandbox: {_options.SandboxTurns} `true` turns per server and sandbox mode");
            for (var run = 0; run < _options.SandboxTurns; run++)
            {
                foreach (var server in Order(run).Where(s => clients.ContainsKey(s.Name)))
                {
                    foreach (var mode in new[] { SandboxMode.WorkspaceWrite, SandboxMode.DangerFullAccess })
                    {
                        await SandboxTurnAsync(server, clients[server.Name], mode).ConfigureAwait(false);
                    }
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    // Item 5: the model calls the server's shell tool with `true`, then answers once it has the
    // output. Approval policy `never`, so nothing waits on a person; the command still runs in
    // the sandbox the mode asks for.
    private Task SandboxTurnAsync(ServerUnderTest server, CodexMcpClient client, SandboxMode mode)
    {
        var name = mode == SandboxMode.WorkspaceWrite ? "workspace-write" : "danger-full-access";
        return GuardAsync(server, "sandbox." + name, async () =>
        {
            var world = World(server);
            var (turn, result) = await TurnAsync(
                client,
                new CodexToolCallParam { Prompt = CompareScript.RunTruePrompt, Cwd = world.Workspace, ApprovalPolicy = AskForApproval.Never, Sandbox = mode },
                CompareScript.RanTrueAnswer).ConfigureAwait(false);
            var end = result.Events.Select(e => e.Msg).OfType<ExecCommandEndEvent>().FirstOrDefault()
                ?? throw new InvalidOperationException("no exec_command_end event: the command did not run");
            if (end.ExitCode != 0)
            {
                throw new InvalidOperationException($"`true` exited {end.ExitCode} under {name}: {Shorten(end.AggregatedOutput)}");
            }

            _series.Add(server, $"sandbox.turn.{name}", turn.TotalMilliseconds);
            _series.Add(server, $"sandbox.exec.{name}", end.Duration.ToTimeSpan().TotalMilliseconds);
        });
    }

    // Item 6: many conversations at once on a new process; the peak RSS after all have answered.
    private async Task ConcurrentAsync()
    {
        _progress.WriteLine($"concurrent: {_options.Conversations} conversations at once, {_options.ConcurrentRuns} runs per server");
        for (var run = 0; run < _options.ConcurrentRuns; run++)
        {
            foreach (var server in Order(run))
            {
                await GuardAsync(server, "concurrent", async () =>
                {
                    var world = World(server);
                    var client = await world.StartClientAsync(server, null, _cancellationToken).ConfigureAwait(false);
                    await using (client.ConfigureAwait(false))
                    {
                        var started = Stopwatch.GetTimestamp();
                        await Task.WhenAll(Enumerable.Range(0, _options.Conversations).Select(i =>
                        {
                            var prompt = $"conversation {i} of run {run}";
                            return TurnAsync(client, new CodexToolCallParam { Prompt = prompt, Cwd = world.Workspace }, CompareScript.Answer(prompt));
                        })).ConfigureAwait(false);
                        var wall = Stopwatch.GetElapsedTime(started);
                        var status = ProcessStatus.Read(client.Process!.Id);
                        _series.Add(server, "concurrent.hwm", status.PeakRssBytes);
                        _series.Add(server, "concurrent.rss", status.RssBytes);
                        _series.Add(server, "concurrent.wallMs", wall.TotalMilliseconds);
                    }
                }).ConfigureAwait(false);
            }
        }
    }

    // Item 8 (and 6's growth): one conversation per server, `codex` then `codex-reply` turn after
    // turn, the two servers taking turns; RSS read every few turns.
    private async Task SoakAsync()
    {
        _progress.WriteLine($"soak: {_options.SoakTurns} sequential turns on one conversation per server, alternating");
        var clients = new Dictionary<string, CodexMcpClient>();
        var threads = new Dictionary<string, string>();
        try
        {
            foreach (var server in _options.Servers)
            {
                await GuardAsync(server, "soak", async () =>
                {
                    clients[server.Name] = await World(server).StartClientAsync(server, null, _cancellationToken).ConfigureAwait(false);
                }).ConfigureAwait(false);
            }

            _curve.Add(Sample(0, clients));
            for (var turn = 0; turn < _options.SoakTurns; turn++)
            {
                foreach (var server in Order(turn).Where(s => clients.ContainsKey(s.Name)))
                {
                    var ok = await GuardAsync(server, "soak", async () =>
                    {
                        var world = World(server);
                        var client = clients[server.Name];
                        var prompt = $"soak turn {turn}";
                        var started = Stopwatch.GetTimestamp();
                        if (threads.TryGetValue(server.Name, out var thread))
                        {
                            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
                            timeout.CancelAfter(_options.CallTimeout);
                            var result = await client.ReplyAsync(thread, prompt, cancellationToken: timeout.Token).ConfigureAwait(false);
                            var elapsed = Stopwatch.GetElapsedTime(started);
                            Expect(result, CompareScript.Answer(prompt));
                            _series.Add(server, "soak.turnMs", elapsed.TotalMilliseconds);
                        }
                        else
                        {
                            var (elapsed, result) = await TurnAsync(client, new CodexToolCallParam { Prompt = prompt, Cwd = world.Workspace }, CompareScript.Answer(prompt)).ConfigureAwait(false);
                            threads[server.Name] = result.ConversationId ?? throw new InvalidOperationException("the first soak turn reported no conversation id");
                            _series.Add(server, "soak.turnMs", elapsed.TotalMilliseconds);
                        }
                    }).ConfigureAwait(false);
                    if (!ok && clients.Remove(server.Name, out var failed))
                    {
                        await failed.DisposeAsync().ConfigureAwait(false);
                    }
                }

                if ((turn + 1) % _options.SampleEvery == 0)
                {
                    var point = Sample(turn + 1, clients);
                    _curve.Add(point);
                    _progress.WriteLine($"  soak turn {point.Turn}: RSS ours {MiB(point.Ours)} MiB, original {MiB(point.Original)} MiB");
                }
            }
        }
        finally
        {
            foreach (var client in clients.Values)
            {
                await client.DisposeAsync().ConfigureAwait(false);
            }
        }
    }

    private SoakCurvePoint Sample(int turn, Dictionary<string, CodexMcpClient> clients)
    {
        long? Rss(ServerUnderTest? server) =>
            server is not null && clients.TryGetValue(server.Name, out var client) ? ProcessStatus.Read(client.Process!.Id).RssBytes : null;
        return new SoakCurvePoint(turn, Rss(_options.Ours), Rss(_options.Original));
    }

    // One `codex` call to its result, checked: the expected answer and a conversation id.
    private async Task<(TimeSpan Elapsed, CodexCallResult Result)> TurnAsync(CodexMcpClient client, CodexToolCallParam call, string expected)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancellationToken);
        timeout.CancelAfter(_options.CallTimeout);
        var started = Stopwatch.GetTimestamp();
        var result = await client.CodexAsync(call, cancellationToken: timeout.Token).ConfigureAwait(false);
        var elapsed = Stopwatch.GetElapsedTime(started);
        Expect(result, expected);
        return (elapsed, result);
    }

    private static void Expect(CodexCallResult result, string expected)
    {
        if (result.IsError)
        {
            throw new InvalidOperationException("the call failed: " + Shorten(result.Text));
        }

        if (result.Text != expected)
        {
            throw new InvalidOperationException($"answered '{Shorten(result.Text)}', expected '{Shorten(expected)}'");
        }
    }

    // Runs one measurement; a failure of ours is a problem, of the original a reason for "n/a".
    // Returns whether it succeeded.
    private async Task<bool> GuardAsync(ServerUnderTest server, string section, Func<Task> measure)
    {
        if (_series.MissingReason(server, section) is not null)
        {
            return false;
        }

        try
        {
            await measure().ConfigureAwait(false);
            return true;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !_cancellationToken.IsCancellationRequested)
        {
            var reason = ex is OperationCanceledException ? $"no answer within {_options.CallTimeout.TotalSeconds:0} s" : $"{ex.GetType().Name}: {Shorten(ex.Message)}";
            _series.SetMissing(server, section, reason);
            _progress.WriteLine($"  {server.Name} {section}: {reason}");
            if (server == _options.Ours)
            {
                _problems.Add($"{section}: {reason}");
                _problems.AddRange(World(server).StderrTail.TakeLast(5).Select(line => "  stderr: " + line));
            }

            return false;
        }
    }

    // Ours first on even runs, the original first on odd ones.
    private IReadOnlyList<ServerUnderTest> Order(int run) =>
        run % 2 == 0 ? _options.Servers : [.. _options.Servers.Reverse()];

    private BenchmarkWorld World(ServerUnderTest server) => _worlds[server.Name];

    private static string MiB(long? bytes) => bytes is { } b ? ProcessStatus.MiB(b) : "-";

    private static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
