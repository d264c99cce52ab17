using System.Runtime.Versioning;
using Codex.Engine.Tools.ApplyPatch;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class TurnDiffTrackerTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static async Task ApplyAsync(TurnDiffTracker tracker, string patch, string cwd)
    {
        var verified = PatchVerifier.Verify(ApplyPatchParser.Parse(patch), cwd);
        tracker.OnBeforeApply(verified);
        var result = await PatchApplier.ApplyAsync(verified, Timeout());
        Assert.That(result.Stderr, Is.Empty);
    }

    private static async Task GitAsync(string cwd, params string[] arguments)
    {
        var (exitCode, _, stderr) = await GitProcess.RunAsync(cwd, Timeout(), arguments);
        Assert.That(exitCode, Is.Zero, $"git {string.Join(' ', arguments)}: {stderr}");
    }

    [Test]
    public async Task GetUnifiedDiff_AddedFileInCwd_MatchesTheCapturedOriginal()
    {
        using var dir = new TempDirectory();
        var tracker = new TurnDiffTracker(dir.Path);

        await ApplyAsync(tracker, "*** Begin Patch\n*** Add File: hello.txt\n+hello from patch\n*** End Patch\n", dir.Path);

        Assert.That(tracker.GetUnifiedDiff(), Is.EqualTo(
            "diff --git a/hello.txt b/hello.txt\nnew file mode 100644\nindex 0000000000000000000000000000000000000000..70884b24e13673079b22a401dcd087b02def4c6a\n--- /dev/null\n+++ b/hello.txt\n@@ -0,0 +1 @@\n+hello from patch\n"));
    }

    [Test]
    public void GetUnifiedDiff_NothingApplied_IsNull()
    {
        using var dir = new TempDirectory();

        Assert.That(new TurnDiffTracker(dir.Path).GetUnifiedDiff(), Is.Null);
    }

    [Test]
    public async Task GetUnifiedDiff_ChangeThenRevert_IsNull()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "one\n");
        var tracker = new TurnDiffTracker(dir.Path);

        await ApplyAsync(tracker, "*** Begin Patch\n*** Update File: a.txt\n@@\n-one\n+two\n*** End Patch", dir.Path);
        await ApplyAsync(tracker, "*** Begin Patch\n*** Update File: a.txt\n@@\n-two\n+one\n*** End Patch", dir.Path);

        Assert.That(tracker.GetUnifiedDiff(), Is.Null);
    }

    [Test]
    public async Task GetUnifiedDiff_TwoPatchesOnOneFile_DiffsAgainstFirstSnapshot()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "one\n");
        var tracker = new TurnDiffTracker(dir.Path);

        await ApplyAsync(tracker, "*** Begin Patch\n*** Update File: a.txt\n@@\n-one\n+two\n*** End Patch", dir.Path);
        await ApplyAsync(tracker, "*** Begin Patch\n*** Update File: a.txt\n@@\n-two\n+three\n*** End Patch", dir.Path);

        Assert.That(tracker.GetUnifiedDiff(), Is.EqualTo(
            "diff --git a/a.txt b/a.txt\nindex 5626abf0f72e58d7a153368ba57db4c673c0e171..2bdf67abb163a4ffb2d7f3f0880c9fe5068ce782\n--- a/a.txt\n+++ b/a.txt\n@@ -1 +1 @@\n-one\n+three\n"));
    }

    [Test]
    public async Task GetUnifiedDiff_FileInRepositoryAboveCwd_IsNamedFromRepositoryRoot()
    {
        using var dir = new TempDirectory();
        await GitAsync(dir.Path, "init", "-q");
        var cwd = dir.Combine("sub");
        dir.Write("sub/x.txt", "x\n");
        var tracker = new TurnDiffTracker(cwd);

        await ApplyAsync(tracker, "*** Begin Patch\n*** Delete File: x.txt\n*** End Patch", cwd);

        Assert.That(tracker.GetUnifiedDiff(), Does.StartWith("diff --git a/sub/x.txt b/sub/x.txt\ndeleted file mode 100644\n"));
    }

    [Test]
    public async Task GetUnifiedDiff_FileOutsideCwdAndRepositories_UsesAbsolutePath()
    {
        using var cwd = new TempDirectory();
        using var elsewhere = new TempDirectory();
        var target = elsewhere.Combine("far.txt");
        var tracker = new TurnDiffTracker(cwd.Path);

        await ApplyAsync(tracker, $"*** Begin Patch\n*** Add File: {target}\n+far\n*** End Patch", cwd.Path);

        Assert.That(tracker.GetUnifiedDiff(), Does.StartWith($"diff --git a/{target} b/{target}\nnew file mode 100644\n"));
    }

    [Test]
    public async Task GetUnifiedDiff_EmptyFileAdded_HasNoHunks()
    {
        using var dir = new TempDirectory();
        var tracker = new TurnDiffTracker(dir.Path);

        await ApplyAsync(tracker, "*** Begin Patch\n*** Add File: empty.txt\n*** End Patch", dir.Path);

        Assert.That(tracker.GetUnifiedDiff(), Is.EqualTo(
            "diff --git a/empty.txt b/empty.txt\nnew file mode 100644\nindex 0000000000000000000000000000000000000000..e69de29bb2d1d6434b8b29ae775ad8c2e48c5391\n"));
    }

    [Test]
    public async Task GetUnifiedDiff_Oids_MatchGitHashObject()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "line 1\nline 2\nno newline at end");
        var before = (await GitProcess.RunAsync(dir.Path, Timeout(), "hash-object", "a.txt")).Stdout.Trim();
        var tracker = new TurnDiffTracker(dir.Path);

        await ApplyAsync(tracker, "*** Begin Patch\n*** Update File: a.txt\n@@\n-line 2\n+LINE 2\n*** End Patch", dir.Path);
        var after = (await GitProcess.RunAsync(dir.Path, Timeout(), "hash-object", "a.txt")).Stdout.Trim();

        Assert.That(before, Has.Length.EqualTo(40));
        Assert.That(tracker.GetUnifiedDiff(), Does.Contain($"\nindex {before}..{after}\n"));
    }

    [Test]
    public async Task GetUnifiedDiff_ManyKindsOfChange_IsAcceptedByGitApply()
    {
        using var repo = new TempDirectory();
        using var replay = new TempDirectory();
        var original = new Dictionary<string, string>
        {
            ["a.txt"] = string.Concat(Enumerable.Range(1, 30).Select(i => $"line {i}\n")),
            ["b.txt"] = "to be deleted\n",
            ["d.txt"] = "moved content\nsecond\n",
            ["tail.txt"] = "first\nno newline",
            ["dir with space/q\"uote.txt"] = "odd name\n",
            ["caf\u00E9.txt"] = "accent\n",
        };
        foreach (var (path, content) in original)
        {
            repo.Write(path, content);
            replay.Write(path, content);
        }

        await GitAsync(repo.Path, "init", "-q");
        var tracker = new TurnDiffTracker(repo.Path);

        await ApplyAsync(
            tracker,
            "*** Begin Patch\n*** Update File: a.txt\n@@\n line 2\n-line 3\n+line three\n@@\n line 20\n+inserted\n line 21\n@@\n-line 30\n+the end\n*** End of File\n"
            + "*** Delete File: b.txt\n*** Add File: c/new.txt\n+brand\n+new\n"
            + "*** Update File: d.txt\n*** Move to: e/d2.txt\n@@\n moved content\n-second\n+2nd\n"
            + "*** Update File: tail.txt\n@@\n-first\n+1st\n"
            + "*** Update File: dir with space/q\"uote.txt\n@@\n-odd name\n+odder name\n"
            + "*** Update File: caf\u00E9.txt\n@@\n-accent\n+accent aigu\n*** End Patch",
            repo.Path);
        await ApplyAsync(tracker, "*** Begin Patch\n*** Update File: a.txt\n@@\n-line 10\n+line ten\n*** End Patch", repo.Path);

        var diff = tracker.GetUnifiedDiff();
        Assert.That(diff, Is.Not.Null);
        var diffFile = Path.Combine(Path.GetTempPath(), $"turn-{Guid.NewGuid():N}.diff");
        try
        {
            await File.WriteAllTextAsync(diffFile, diff, Timeout());
            await GitAsync(replay.Path, "apply", "--check", diffFile);
            await GitAsync(replay.Path, "apply", diffFile);
        }
        finally
        {
            File.Delete(diffFile);
        }

        Assert.That(replay.Snapshot(), Is.EqualTo(repo.Snapshot()));
        Assert.That(replay.Exists("b.txt"), Is.False);
        Assert.That(replay.Read("e/d2.txt"), Is.EqualTo("moved content\n2nd\n"));
    }

    [Test]
    public async Task GetUnifiedDiff_Blocks_AreSortedByPath()
    {
        using var dir = new TempDirectory();
        var tracker = new TurnDiffTracker(dir.Path);

        await ApplyAsync(tracker, "*** Begin Patch\n*** Add File: z.txt\n+z\n*** Add File: a/b.txt\n+b\n*** Add File: m.txt\n+m\n*** End Patch", dir.Path);

        var headers = tracker.GetUnifiedDiff()!.Split('\n').Where(l => l.StartsWith("diff --git", StringComparison.Ordinal));
        Assert.That(headers, Is.EqualTo(new[] { "diff --git a/a/b.txt b/a/b.txt", "diff --git a/m.txt b/m.txt", "diff --git a/z.txt b/z.txt" }));
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task GetUnifiedDiff_ModeChangedOutsidePatch_ShowsModeLines()
    {
        using var dir = new TempDirectory();
        dir.Write("s.sh", "echo\n");
        var tracker = new TurnDiffTracker(dir.Path);
        await ApplyAsync(tracker, "*** Begin Patch\n*** Update File: s.sh\n@@\n-echo\n+echo hi\n*** End Patch", dir.Path);

        File.SetUnixFileMode(dir.Combine("s.sh"), File.GetUnixFileMode(dir.Combine("s.sh")) | UnixFileMode.UserExecute);

        Assert.That(tracker.GetUnifiedDiff(), Does.StartWith("diff --git a/s.sh b/s.sh\nold mode 100644\nnew mode 100755\nindex "));
    }
}
