using Codex.Engine.Tools.ApplyPatch;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class ChunkApplierTests
{
    private static UpdateFileChunk Chunk(string[] oldLines, string[] newLines, string? context = null, bool eof = false) =>
        new(context, oldLines, newLines, eof);

    [Test]
    public void Apply_ReplacedLine_KeepsTheRest()
    {
        var result = ChunkApplier.Apply("a\nb\nc\n", [Chunk(["b"], ["B"])], "/f");

        Assert.That(result, Is.EqualTo("a\nB\nc\n"));
    }

    [Test]
    public void Apply_FileWithoutFinalNewline_GetsOne()
    {
        Assert.That(ChunkApplier.Apply("a\nb", [Chunk(["a"], ["A"])], "/f"), Is.EqualTo("A\nb\n"));
    }

    [Test]
    public void Apply_AllLinesRemoved_YieldsEmptyFile()
    {
        Assert.That(ChunkApplier.Apply("a\nb\n", [Chunk(["a", "b"], [])], "/f"), Is.EqualTo(string.Empty));
    }

    [Test]
    public void Apply_ContextLine_NarrowsSearchToLinesAfterIt()
    {
        var original = "def f():\n    pass\ndef g():\n    pass\n";

        var result = ChunkApplier.Apply(original, [Chunk(["    pass"], ["    return 1"], context: "def g():")], "/f");

        Assert.That(result, Is.EqualTo("def f():\n    pass\ndef g():\n    return 1\n"));
    }

    [Test]
    public void Apply_ChunksInOrder_AdvanceTheCursor()
    {
        var result = ChunkApplier.Apply("x\nx\nx\n", [Chunk(["x"], ["1"]), Chunk(["x"], ["2"])], "/f");

        Assert.That(result, Is.EqualTo("1\n2\nx\n"));
    }

    [Test]
    public void Apply_PureInsertion_GoesToEndOfFile()
    {
        var result = ChunkApplier.Apply("a\nb\n", [Chunk([], ["c", "d"], context: "a")], "/f");

        Assert.That(result, Is.EqualTo("a\nb\nc\nd\n"));
    }

    [Test]
    public void Apply_EndOfFileChunk_MatchesOnlyTheTail()
    {
        var result = ChunkApplier.Apply("k\nv\nk\nv\n", [Chunk(["k", "v"], ["k", "w"], eof: true)], "/f");

        Assert.That(result, Is.EqualTo("k\nv\nk\nw\n"));
    }

    [Test]
    public void Apply_TrailingEmptyOldLine_IsRetriedWithoutIt()
    {
        var result = ChunkApplier.Apply("a\nb\n", [Chunk(["b", string.Empty], ["c", string.Empty])], "/f");

        Assert.That(result, Is.EqualTo("a\nc\n"));
    }

    [Test]
    public void Apply_FuzzyMatch_WritesThePatchVersionOfContextLines()
    {
        var result = ChunkApplier.Apply("  return \"x\";  \nend\n", [Chunk(["return \u201Cx\u201D;", "end"], ["return \u201Cx\u201D;", "done"])], "/f");

        Assert.That(result, Is.EqualTo("return \u201Cx\u201D;\ndone\n"));
    }

    [Test]
    public void Apply_MissingContext_ReportsIt()
    {
        var error = Assert.Throws<ApplyPatchException>(
            () => ChunkApplier.Apply("a\n", [Chunk(["a"], ["b"], context: "class Nope")], "/work/f.cs"))!;

        Assert.That(error.Message, Is.EqualTo("Failed to find context 'class Nope' in /work/f.cs"));
    }

    [Test]
    public void Apply_MissingOldLines_ReportsThemAll()
    {
        var error = Assert.Throws<ApplyPatchException>(
            () => ChunkApplier.Apply("a\nb\n", [Chunk(["a", "x", string.Empty], ["y"])], "/work/f.txt"))!;

        Assert.That(error.Message, Is.EqualTo("Failed to find expected lines in /work/f.txt:\na\nx\n"));
    }

    [Test]
    public void Apply_TrailingBlankLine_IsKept()
    {
        Assert.That(ChunkApplier.Apply("a\n\n", [Chunk(["a"], ["b"])], "/f"), Is.EqualTo("b\n\n"));
    }
}
