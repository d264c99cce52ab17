using Codex.Engine.Tools.ApplyPatch;
using FsCheck;
using FsCheck.Fluent;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class PatchPropertyTests
{
    // A small alphabet makes repeated lines, and so ambiguous matches and interesting diffs, common.
    private static readonly Gen<string> Line = Gen.Elements("a", "b", "c", string.Empty, " a", "a ", "b c");

    private static readonly Gen<string[]> Lines =
        Gen.Choose(0, 12).SelectMany(count => Gen.ArrayOf(Line, count));

    private static readonly FsCheck.Config Cases = FsCheck.Config.QuickThrowOnFailure.WithMaxTest(200);

    private static string Join(string[] lines, bool finalNewline) =>
        lines.Length == 0 ? string.Empty : string.Join('\n', lines) + (finalNewline ? "\n" : string.Empty);

    [Test]
    public void UpdatePatchFromDiff_VerifiedAndApplied_TurnsBeforeIntoAfter()
    {
        using var dir = new TempDirectory();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var cases = 0;
        var gen =
            from before in Lines
            from beforeEndsWithNewline in Gen.Elements(true, false)
            from after in Lines
            from context in Gen.Choose(0, 3)
            from markEndOfFile in Gen.Elements(true, false)
            select (before, beforeEndsWithNewline, after, context, markEndOfFile);

        var property = Prop.ForAll(gen.ToArbitrary(), async input =>
        {
            var (beforeLines, beforeEndsWithNewline, afterLines, context, markEndOfFile) = input;
            var before = Join(beforeLines, beforeEndsWithNewline);
            if (ChunkApplier.SplitFileLines(before).SequenceEqual(afterLines))
            {
                // The format always rewrites a file, so give it a change to make.
                afterLines = [.. afterLines, "z"];
            }

            var after = Join(afterLines, finalNewline: true);
            var name = $"file{cases++}.txt";
            File.WriteAllText(dir.Combine(name), before);
            var patch = PatchBuilder.FromTexts(name, before, after, context, markEndOfFile)
                ?? throw new InvalidOperationException("The texts differ, so a patch is expected.");

            var verified = PatchVerifier.Verify(ApplyPatchParser.Parse(patch), dir.Path);
            var result = await PatchApplier.ApplyAsync(verified, timeout.Token);

            return result.Success && File.ReadAllText(dir.Combine(name)) == after;
        });

        Check.One(Cases, property);
        Assert.That(cases, Is.EqualTo(200));
    }

    [Test]
    public void LineDiff_RandomTexts_IsAMinimalEditScript()
    {
        var property = Prop.ForAll(Lines.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var script = LineDiff.Compute(a, b);

            var rebuiltOld = script.Where(e => e.Kind != '+').Select(e => a[e.OldIndex]);
            var rebuiltNew = script.Where(e => e.Kind != '-').Select(e => e.Kind == '+' ? b[e.NewIndex] : a[e.OldIndex]);
            var edits = script.Count(e => e.Kind != ' ');

            return rebuiltOld.SequenceEqual(a) && rebuiltNew.SequenceEqual(b) && edits == a.Length + b.Length - (2 * LcsLength(a, b));
        });

        Check.One(Cases.WithMaxTest(500), property);
    }

    [Test]
    public void UnifiedDiff_RandomTexts_AppliesBackToTheNewText()
    {
        var property = Prop.ForAll(Lines.Two().ToArbitrary(), pair =>
        {
            var (a, b) = pair;
            var before = Join(a, finalNewline: true);
            var after = Join(b, finalNewline: true);

            return ApplyUnifiedDiff(before, UnifiedDiffFormatter.Format(before, after, context: 1)) == after;
        });

        Check.One(Cases, property);
    }

    private static int LcsLength(string[] a, string[] b)
    {
        var table = new int[a.Length + 1, b.Length + 1];
        for (var i = a.Length - 1; i >= 0; i--)
        {
            for (var j = b.Length - 1; j >= 0; j--)
            {
                table[i, j] = a[i] == b[j] ? table[i + 1, j + 1] + 1 : Math.Max(table[i + 1, j], table[i, j + 1]);
            }
        }

        return table[0, 0];
    }

    /// <summary>A strict applier for newline-terminated texts: every hunk must sit exactly where its header says.</summary>
    private static string ApplyUnifiedDiff(string text, string diff)
    {
        var lines = ChunkApplier.SplitFileLines(text);
        var result = new List<string>();
        var next = 0;
        var diffLines = ChunkApplier.SplitFileLines(diff);
        var d = 0;
        while (d < diffLines.Count)
        {
            var header = diffLines[d++];
            var oldRange = header.Split(' ')[1][1..].Split(',');
            var oldStart = int.Parse(oldRange[0], System.Globalization.CultureInfo.InvariantCulture);
            var oldCount = oldRange.Length == 1 ? 1 : int.Parse(oldRange[1], System.Globalization.CultureInfo.InvariantCulture);
            var firstIndex = oldCount == 0 ? oldStart : oldStart - 1;
            result.AddRange(lines.Skip(next).Take(firstIndex - next));
            next = firstIndex;
            while (d < diffLines.Count && !diffLines[d].StartsWith("@@", StringComparison.Ordinal))
            {
                var line = diffLines[d++];
                if (line[0] != '+')
                {
                    if (lines[next] != line[1..])
                    {
                        return "<hunk does not match>";
                    }

                    next++;
                }

                if (line[0] != '-')
                {
                    result.Add(line[1..]);
                }
            }
        }

        result.AddRange(lines.Skip(next));
        return Join([.. result], finalNewline: true);
    }
}
