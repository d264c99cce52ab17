using System.Text;
using BenchmarkDotNet.Attributes;
using Codex.Engine.Tools.ApplyPatch;

namespace Codex.MicroBenchmarks;

/// <summary>
/// The apply_patch matcher (<see cref="ChunkApplier"/> and its line seeker) on a 10,000, 40,000 or
/// 160,000-line file, with one chunk near the end: once matching exactly, once only after the
/// whitespace-tolerant pass (every window is tried exactly first, the worst ordinary case).
/// </summary>
[MemoryDiagnoser]
public class ApplyPatchMatcherBenchmarks
{
    private string _file = string.Empty;
    private IReadOnlyList<UpdateFileChunk> _exact = [];
    private IReadOnlyList<UpdateFileChunk> _fuzzy = [];

    /// <summary>Tens of thousands of lines.</summary>
    [Params(1, 4, 16)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var lines = Scale * 10_000;
        var text = new StringBuilder();
        for (var i = 0; i < lines; i++)
        {
            text.Append("    public int Method").Append(i).Append("(int value) => value * ").Append(i % 97).Append(";\n");
        }

        _file = text.ToString();
        var target = lines - 50;
        _exact = Chunks(target, trailingSpace: false);
        _fuzzy = Chunks(target, trailingSpace: true);
    }

    [Benchmark(Description = "apply_patch match: exact")]
    public int Exact() => ChunkApplier.Apply(_file, _exact, "big.cs").Length;

    [Benchmark(Description = "apply_patch match: whitespace pass")]
    public int Fuzzy() => ChunkApplier.Apply(_file, _fuzzy, "big.cs").Length;

    private static IReadOnlyList<UpdateFileChunk> Chunks(int target, bool trailingSpace)
    {
        var suffix = trailingSpace ? "   " : string.Empty;
        string Line(int i) => $"    public int Method{i}(int value) => value * {i % 97};{suffix}";
        var patch = $"""
            *** Begin Patch
            *** Update File: big.cs
            @@
             {Line(target)}
            -{Line(target + 1)}
            +    public int Method{target + 1}(int value) => value + 1;
             {Line(target + 2)}
            *** End Patch
            """;
        var hunk = (UpdateFileHunk)ApplyPatchParser.Parse(patch).Hunks[0];
        return hunk.Chunks;
    }
}
