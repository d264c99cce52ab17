using Codex.Engine.Tools.ApplyPatch;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class UnifiedDiffFormatterTests
{
    private static string Numbered(params int[] lines) => string.Concat(lines.Select(n => $"{n}\n"));

    [Test]
    public void Format_SpecExample_OneLineHunk()
    {
        var diff = UnifiedDiffFormatter.Format("original content\n", "modified content\n", context: 1);

        Assert.That(diff, Is.EqualTo("@@ -1 +1 @@\n-original content\n+modified content\n"));
    }

    [Test]
    public void Format_EqualTexts_IsEmpty()
    {
        Assert.That(UnifiedDiffFormatter.Format("a\nb\n", "a\nb\n", context: 3), Is.Empty);
    }

    [Test]
    public void Format_AddToEmpty_StartsAtZero()
    {
        Assert.That(UnifiedDiffFormatter.Format(string.Empty, "hello from patch\n", 3), Is.EqualTo("@@ -0,0 +1 @@\n+hello from patch\n"));
        Assert.That(UnifiedDiffFormatter.Format("x\ny\n", string.Empty, 3), Is.EqualTo("@@ -1,2 +0,0 @@\n-x\n-y\n"));
    }

    [Test]
    public void Format_DistantChanges_SplitIntoHunks()
    {
        var before = Numbered(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        var after = before.Replace("3\n", "three\n").Replace("8\n", "eight\n");

        var diff = UnifiedDiffFormatter.Format(before, after, context: 1);

        Assert.That(diff, Is.EqualTo("@@ -2,3 +2,3 @@\n 2\n-3\n+three\n 4\n@@ -7,3 +7,3 @@\n 7\n-8\n+eight\n 9\n"));
    }

    [Test]
    public void Format_ChangesTwoContextsApart_ShareOneHunk()
    {
        var before = Numbered(1, 2, 3, 4, 5, 6);
        var after = before.Replace("2\n", "two\n").Replace("5\n", "five\n");

        var diff = UnifiedDiffFormatter.Format(before, after, context: 1);

        Assert.That(diff, Is.EqualTo("@@ -1,6 +1,6 @@\n 1\n-2\n+two\n 3\n 4\n-5\n+five\n 6\n"));
    }

    [Test]
    public void Format_PureInsertionWithoutContext_NamesTheLineBefore()
    {
        Assert.That(UnifiedDiffFormatter.Format("a\nb\n", "a\nx\nb\n", context: 0), Is.EqualTo("@@ -1,0 +2 @@\n+x\n"));
    }

    [Test]
    public void Format_MissingFinalNewline_IsMarked()
    {
        var diff = UnifiedDiffFormatter.Format("a\nb", "a\nb\n", context: 1);

        Assert.That(diff, Is.EqualTo("@@ -1,2 +1,2 @@\n a\n-b\n\\ No newline at end of file\n+b\n"));
    }

    [Test]
    public void Format_UnchangedLastLineWithoutNewline_IsMarkedOnce()
    {
        var diff = UnifiedDiffFormatter.Format("a\nz", "b\nz", context: 1);

        Assert.That(diff, Is.EqualTo("@@ -1,2 +1,2 @@\n-a\n+b\n z\n\\ No newline at end of file\n"));
    }

    [Test]
    public void Compute_ChangeRun_RemovalsBeforeAdditions()
    {
        var script = LineDiff.Compute(["a", "b", "c"], ["a", "x", "y", "c"]);

        Assert.That(string.Concat(script.Select(e => e.Kind)), Is.EqualTo(" -++ "));
    }

    [Test]
    public void Compute_LargeRewrite_IsMinimal()
    {
        var oldLines = Enumerable.Range(0, 1000).Select(i => $"old {i}").ToArray();
        var newLines = Enumerable.Range(0, 1000).Select(i => i % 100 == 0 ? $"old {i}" : $"new {i}").ToArray();

        var script = LineDiff.Compute(oldLines, newLines);

        Assert.That(script.Count(e => e.Kind == ' '), Is.EqualTo(10));
        Assert.That(script.Count(e => e.Kind == '-'), Is.EqualTo(990));
        Assert.That(script.Count(e => e.Kind == '+'), Is.EqualTo(990));
    }

    [Test]
    public void Compute_RewriteBeyondCostLimit_IsStillAValidScript()
    {
        var oldLines = Enumerable.Range(0, 2 * LineDiff.CostLimit).Select(i => $"old {i}").ToArray();
        var newLines = Enumerable.Range(0, 2 * LineDiff.CostLimit).Select(i => i % 7 == 0 ? $"old {i}" : $"new {i}").ToArray();

        var script = LineDiff.Compute(oldLines, newLines);

        Assert.That(script.Where(e => e.Kind != '+').Select(e => oldLines[e.OldIndex]), Is.EqualTo(oldLines));
        Assert.That(script.Where(e => e.Kind != '-').Select(e => e.Kind == '+' ? newLines[e.NewIndex] : oldLines[e.OldIndex]), Is.EqualTo(newLines));
        Assert.That(script.Count(e => e.Kind == ' '), Is.GreaterThan(0));
    }
}
