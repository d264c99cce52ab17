using System.CommandLine;
using Codex.Benchmarks;

// Load and fault benchmarks for codex-mcp-server. Each subcommand drives the real binary over
// stdio against the scripted model on 127.0.0.1, prints a table of figures, and exits 1 when the
// server got something wrong (so a script notices), never because a figure was slow.
var server = new Option<string?>("--server")
{
    Description = "The codex-mcp-server binary (default: $CODEX_MCP_SERVER).",
    Recursive = true,
};

var conversations = new Option<int>("--conversations") { Description = "Conversations at once.", DefaultValueFactory = _ => 32 };
var turnsPerConversation = new Option<int>("--turns") { Description = "Turns per conversation (codex, then codex-reply).", DefaultValueFactory = _ => 1 };
var load = new Command("load", "Many conversations at once on one server: completion, crossed events, turns/s, peak RSS.")
{
    conversations,
    turnsPerConversation,
};
load.SetAction(async (result, cancellationToken) =>
{
    var report = await LoadScenario.RunAsync(
        new LoadOptions { ServerPath = ServerPath(result), Conversations = result.GetValue(conversations), TurnsPerConversation = result.GetValue(turnsPerConversation) },
        cancellationToken);
    report.WriteTo(Console.Out);
    return report.Problems.Count == 0 && report.TurnsCompleted == report.TurnsExpected ? 0 : 1;
});

var turns = new Option<int>("--turns") { Description = "Sequential turns in all.", DefaultValueFactory = _ => 1000 };
var sampleEvery = new Option<int>("--sample-every") { Description = "Read the server's RSS every N turns.", DefaultValueFactory = _ => 100 };
var perConversation = new Option<int>("--turns-per-conversation") { Description = "Start a new conversation every N turns (0: one conversation throughout).", DefaultValueFactory = _ => 0 };
var growthFrom = new Option<int?>("--growth-from") { Description = "The turn RSS growth is measured from (default: 40 % of --turns)." };
var soak = new Command("soak", "Sequential turns on one server with the RSS curve, growth, turns/s and p50/p99.")
{
    turns,
    sampleEvery,
    perConversation,
    growthFrom,
};
soak.SetAction(async (result, cancellationToken) =>
{
    var report = await SoakScenario.RunAsync(
        new SoakOptions
        {
            ServerPath = ServerPath(result),
            Turns = result.GetValue(turns),
            SampleEvery = result.GetValue(sampleEvery),
            TurnsPerConversation = result.GetValue(perConversation),
            GrowthFromTurn = result.GetValue(growthFrom),
        },
        Console.Error,
        cancellationToken);
    report.WriteTo(Console.Out);
    return report.Problems.Count == 0 && report.TurnsCompleted == report.Options.Turns ? 0 : 1;
});

var lines = new Option<int>("--lines") { Description = "Lines to send.", DefaultValueFactory = _ => 10_000 };
var seed = new Option<int>("--seed") { Description = "Seeds the lines and the write sizes.", DefaultValueFactory = _ => 42 };
var fuzz = new Command("fuzz", "Seeded hostile input on stdin: every request answered once, only JSON-RPC on stdout, the server stays up.")
{
    lines,
    seed,
};
fuzz.SetAction(async (result, cancellationToken) =>
{
    var report = await FuzzScenario.RunAsync(
        new FuzzOptions { ServerPath = ServerPath(result), Lines = result.GetValue(lines), Seed = result.GetValue(seed) },
        cancellationToken);
    report.WriteTo(Console.Out);
    return report.Problems.Count == 0 ? 0 : 1;
});

var original = new Option<string?>("--original") { Description = "The original Rust `codex` binary (0.153.4), started as `codex mcp-server`; omit to measure ours alone." };
var originalMissing = new Option<string?>("--original-missing") { Description = "Why there is no --original, printed in its column." };
var markdown = new Option<string?>("--markdown") { Description = "Write BENCHMARKS.md here." };
var microResults = new Option<string?>("--micro-results") { Description = "A folder of BenchmarkDotNet *-report-github.md summaries to include (item 7)." };
var commandLine = new Option<string>("--command-line") { Description = "The command to name in BENCHMARKS.md.", DefaultValueFactory = _ => "bash build/bench.sh" };
var soakCsv = new Option<string?>("--soak-csv") { Description = "Write every soak turn's time here (CSV)." };
var quick = new Option<bool>("--quick") { Description = "Small counts (a smoke run of every section in about a minute), not for publishing." };
var compare = new Command("compare", "Ours side by side with the original `codex mcp-server`: start-up, latency, event throughput, sandbox, memory, soak.")
{
    original,
    originalMissing,
    markdown,
    microResults,
    commandLine,
    soakCsv,
    quick,
};
compare.SetAction(async (result, cancellationToken) =>
{
    var loadAtStart = BenchmarksDocument.LoadAverage();
    var originalPath = result.GetValue(original);
    if (originalPath is not null && !File.Exists(originalPath))
    {
        throw new FileNotFoundException($"No original binary at '{originalPath}'.");
    }

    var options = new CompareOptions
    {
        Ours = ServerUnderTest.Ours(ServerPath(result)),
        Original = originalPath is null ? null : ServerUnderTest.Original(Path.GetFullPath(originalPath)),
        OriginalMissingReason = result.GetValue(originalMissing),
    };
    if (result.GetValue(quick))
    {
        options = options with { ColdStarts = 3, WarmCalls = 20, WarmTurns = 5, StreamTurns = 1, StreamDeltas = 2_000, SandboxTurns = 2, Conversations = 8, ConcurrentRuns = 1, SoakTurns = 40, SampleEvery = 10 };
    }

    var report = await CompareScenario.RunAsync(options, Console.Error, cancellationToken);
    report.WriteTo(Console.Out);
    if (result.GetValue(soakCsv) is { } csv)
    {
        await using var csvWriter = new StreamWriter(csv);
        report.WriteSoakCsv(csvWriter);
    }

    if (result.GetValue(markdown) is { } path)
    {
        string? micro = null;
        if (result.GetValue(microResults) is { } folder)
        {
            var summaries = Directory.Exists(folder)
                ? Directory.EnumerateFiles(folder, "*-report-github.md", SearchOption.AllDirectories).Order(StringComparer.Ordinal).Select(File.ReadAllText).ToList()
                : [];
            micro = summaries.Count > 0
                ? string.Join(Environment.NewLine + Environment.NewLine, summaries)
                : $"Codex.MicroBenchmarks exists but left no summary in `{folder}` (it failed or was interrupted; see build/bench.sh's output).";
        }

        await File.WriteAllTextAsync(path, report.ToMarkdownDocument(BenchmarksDocument.MachineDescription(loadAtStart), result.GetValue(commandLine)!, micro), cancellationToken);
        Console.Error.WriteLine($"wrote {Path.GetFullPath(path)}");
    }

    return report.Problems.Count == 0 ? 0 : 1;
});

var root = new RootCommand("Load and fault benchmarks for codex-mcp-server.") { server, load, soak, fuzz, compare };
return await root.Parse(args).InvokeAsync();

string ServerPath(ParseResult result)
{
    var path = result.GetValue(server) ?? Environment.GetEnvironmentVariable("CODEX_MCP_SERVER");
    if (string.IsNullOrWhiteSpace(path) || !File.Exists(path))
    {
        throw new FileNotFoundException($"No server binary: pass --server or set CODEX_MCP_SERVER (got '{path}').");
    }

    return Path.GetFullPath(path);
}
