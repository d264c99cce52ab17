using System.Globalization;

namespace Codex.Benchmarks;

/// <summary>Writes BENCHMARKS.md: how the figures were measured, the comparison, the micro-benchmarks.</summary>
public static class BenchmarksDocument
{
    /// <summary>Writes the whole document.</summary>
    /// <param name="writer">Where to.</param>
    /// <param name="report">The comparison.</param>
    /// <param name="options">Its settings (counts, servers).</param>
    /// <param name="machine">What the machine is and how loaded it was (see <see cref="MachineDescription"/>).</param>
    /// <param name="commandLine">The command that produced it.</param>
    /// <param name="microBenchmarks">BenchmarkDotNet's markdown summaries (item 7), or null when the project is absent.</param>
    public static void Write(TextWriter writer, CompareReport report, CompareOptions options, string machine, string commandLine, string? microBenchmarks)
    {
        var n = (int value) => value.ToString("N0", CultureInfo.InvariantCulture);
        writer.WriteLine("# Benchmarks: codex-mcp-server (.NET) and the original Rust `codex mcp-server` 0.153.4");
        writer.WriteLine();
        writer.WriteLine("Written by `bash build/bench.sh` from a real run; re-run that one command to refresh every figure.");
        writer.WriteLine("Each figure is ours, the original's, and ours / original (below 1 is better for times and memory,");
        writer.WriteLine("above 1 for rates). Medians unless the figure says p50/p99 (nearest rank).");
        writer.WriteLine();
        writer.WriteLine("## Results");
        writer.WriteLine();
        report.WriteMarkdown(writer);
        writer.WriteLine("## How it was measured");
        writer.WriteLine();
        writer.WriteLine($"- Command: `{commandLine}`; the comparison itself took {report.Wall.TotalMinutes:0.0} min.");
        writer.WriteLine($"- Machine: {machine}");
        writer.WriteLine($"- Ours: `{Relative(options.Ours.FileName)}`, the NativeAOT binary `build/common.sh`'s `publish_server` builds.");
        writer.WriteLine(options.Original is { } original
            ? $"- Original: `{Relative(original.FileName)} mcp-server`, the native binary of `@openai/codex@0.153.4` (its platform package `@openai/codex-linux-x64`) installed from npm into a scratch folder and started directly, not through node."
            : $"- Original: not measured ({options.OriginalMissingReason ?? "no binary given"}).");
        writer.WriteLine("- Both servers are driven by `Codex.Benchmarks` (`compare` subcommand) over stdio through this project's typed client, each against its own");
        writer.WriteLine("  Codex.Testing scripted model on 127.0.0.1 (Responses wire, answering at once) configured the same way: a `config.toml` in CODEX_HOME with");
        writer.WriteLine("  `model_provider = \"mock\"` and `[model_providers.mock]` `base_url = \"http://127.0.0.1:<port>/v1\"`, `wire_api = \"responses\"`, `env_key`.");
        writer.WriteLine("  The model reads the turn's prompt and answers both servers alike. Every answer is checked (text, conversation id); a wrong one fails the run.");
        writer.WriteLine("- Runs alternate ours, original, original, ours, … within one invocation, so passing load from the other work on this shared machine falls");
        writer.WriteLine("  on both. \"Median of per-pair ratios\" is given where the runs are paired one to one (spawns).");
        writer.WriteLine($"- Item 1/2/3/6: {n(options.ColdStarts)} spawns per server (after one uncounted page-cache warm-up), each once with a new CODEX_HOME holding only");
        writer.WriteLine("  the config (spawn → `initialize` answer, then the first `tools/list`) and once with the CODEX_HOME every run reuses (spawn → `initialize`");
        writer.WriteLine("  answer, 0.5 s idle, VmRSS, one `codex` turn, VmRSS and VmHWM). Spawn time is measured in the client from `Process.Start` to the answer.");
        writer.WriteLine($"- Item 2/3 warm: one long-lived process per server: {n(options.WarmCalls)} `tools/list` and {n(options.WarmTurns)} `codex` turns (each a new conversation).");
        writer.WriteLine($"- Item 4: on the same processes, {n(options.StreamTurns)} turns per server whose answer streams as {n(options.StreamDeltas)} deltas; events/s is every");
        writer.WriteLine("  `codex/event` the turn delivered divided by call → result time; CPU is the server's utime + stime from /proc/<pid>/stat over the turn.");
        writer.WriteLine($"- Item 5: {n(options.SandboxTurns)} turns per server and mode in which the model calls the server's own shell tool (ours: `shell` with");
        writer.WriteLine("  `[\"true\"]`; the original offers `exec_command`, called with `{\"cmd\":\"true\",\"login\":false}`, i.e. `bash -c true`, since its default login shell would add this machine's profile scripts) and answers once the output is back: two model round trips. Approval");
        writer.WriteLine("  policy `never` with `workspace-write`, so the command runs sandboxed without asking (ours: Landlock + seccomp through its own binary re-run");
        writer.WriteLine("  as the launcher; the original: its Linux sandbox, checked by hand to refuse a write outside the workspace with a seccomp filter on). The same turn under `danger-full-access` runs without a sandbox; the difference of the");
        writer.WriteLine("  medians is the sandbox launcher's own cost. The exec duration is the `exec_command_end` duration each server reports: ours times");
        writer.WriteLine("  the launcher and the command from spawn to exit; the original's unified exec reports a different, shorter span (0 to a few ms for");
        writer.WriteLine("  `true`, sandboxed or not, while its sandboxed turn takes far longer than its unsandboxed one), so these two rows are not compared.");
        writer.WriteLine($"- Item 6 concurrent: {n(options.ConcurrentRuns)} new processes per server, each given {n(options.Conversations)} `codex` calls at once; VmHWM after all answered.");
        writer.WriteLine($"- Item 8: one process per server, one conversation: a `codex` turn, then `codex-reply` turns up to {n(options.SoakTurns)} in all, the two servers");
        writer.WriteLine($"  taking turns; VmRSS every {n(options.SampleEvery)} turns. Turns per second = turns / the sum of that server's call → result times.");
        writer.WriteLine("- Targets (ratios ours / original, from the issue): cold start ≤ 0.15×; first-turn overhead ≤ 0.15× (item 3's first turn, the model answering");
        writer.WriteLine("  at once, so the turn time is all server overhead); peak RSS ≤ 0.25× (item 6 rows); sustained turns/s ≥ 2× with RSS at turn 1,000 ≤ 0.5×;");
        writer.WriteLine("  event throughput ≥ 2×; nothing growing faster than linearly (the \"–\" rows: RSS added per 100 turns, and the slope of the per-turn time");
        writer.WriteLine("  fitted to 25-turn medians, in the second half of the soak against the first; a per-turn time that grows linearly with the");
        writer.WriteLine("  history is linear here, since every turn sends the whole conversation to the model). These verdicts follow the machine's");
        writer.WriteLine("  load too: when the load eases in the first half, its slope turns negative and the second half reads as \"FASTER\".");
        writer.WriteLine("- Every CODEX_HOME is a temporary folder under /tmp. There the original declines to create its helper-binary aliases (it warns");
        writer.WriteLine("  \"Refusing to create helper binaries under temporary dir\" and proceeds, its sandbox still working), work it would do on the first");
        writer.WriteLine("  start with a CODEX_HOME elsewhere; its fresh-CODEX_HOME start here is, if anything, flattered.");
        writer.WriteLine("- Memory is the server process alone (VmRSS/VmHWM of its pid); the sandboxed child of item 5 is not included.");
        writer.WriteLine();
        writer.WriteLine("## 7. Micro-benchmarks (BenchmarkDotNet)");
        writer.WriteLine();
        writer.WriteLine(microBenchmarks ?? "Not run: there is no `Codex.MicroBenchmarks` project in this checkout. `build/bench.sh` runs it (`dotnet run -c Release --project Codex.MicroBenchmarks -- --filter '*'`) and puts its summaries here once it exists.");
        writer.WriteLine();
    }

    /// <summary>Cores, CPU model, memory, kernel and the load average, read from /proc.</summary>
    public static string MachineDescription(string loadAtStart)
    {
        string Read(string path) => File.Exists(path) ? File.ReadAllText(path).Trim() : "?";
        var cpu = File.Exists("/proc/cpuinfo")
            ? File.ReadLines("/proc/cpuinfo").FirstOrDefault(l => l.StartsWith("model name", StringComparison.Ordinal))?.Split(':', 2)[1].Trim() ?? "?"
            : "?";
        var memory = File.Exists("/proc/meminfo")
            ? File.ReadLines("/proc/meminfo").FirstOrDefault(l => l.StartsWith("MemTotal:", StringComparison.Ordinal))?.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1] ?? "0"
            : "0";
        var gib = long.Parse(memory, CultureInfo.InvariantCulture) / 1048576.0;
        return string.Create(CultureInfo.InvariantCulture,
            $"{Environment.ProcessorCount} cores ({cpu}), {gib:0} GiB, Linux {Read("/proc/sys/kernel/osrelease")}, {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC. Load average (1/5/15 min) at the start: {loadAtStart}; at the end: {LoadAverage()} — the machine is shared with other builds and test runs, so absolute figures are noisy; the ratios come from alternating runs.");
    }

    // Paths under the repository (the current directory of build/bench.sh) are written relative to it.
    private static string Relative(string path)
    {
        var relative = Path.GetRelativePath(Environment.CurrentDirectory, path);
        return relative.StartsWith("..", StringComparison.Ordinal) || Path.IsPathRooted(relative) ? path : relative;
    }

    /// <summary>The first three fields of /proc/loadavg.</summary>
    public static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(" / ", File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "?";
}
