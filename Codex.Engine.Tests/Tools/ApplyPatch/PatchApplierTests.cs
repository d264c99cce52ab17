using System.Runtime.Versioning;
using Codex.Engine.Tools.ApplyPatch;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class PatchApplierTests
{
    private static CancellationToken Timeout() => new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token;

    private static Task<PatchApplyResult> ApplyAsync(string patch, TempDirectory dir) =>
        PatchApplier.ApplyAsync(PatchVerifier.Verify(ApplyPatchParser.Parse(patch), dir.Path), Timeout());

    private static string[] StrayFiles(TempDirectory dir) =>
        [.. Directory.EnumerateFiles(dir.Path, ".apply_patch.*", SearchOption.AllDirectories)];

    [Test]
    public async Task ApplyAsync_AddFile_CreatesItWithParents()
    {
        using var dir = new TempDirectory();

        var result = await ApplyAsync("*** Begin Patch\n*** Add File: notes/todo.txt\n+buy milk\n+call Alice\n*** End Patch", dir);

        Assert.That(result, Is.EqualTo(new PatchApplyResult(true, "Success. Updated the following files:\nA notes/todo.txt\n", string.Empty)));
        Assert.That(result.ExitCode, Is.Zero);
        Assert.That(dir.Read("notes/todo.txt"), Is.EqualTo("buy milk\ncall Alice\n"));
    }

    [Test]
    public async Task ApplyAsync_EmptyAdd_CreatesEmptyFile()
    {
        using var dir = new TempDirectory();

        var result = await ApplyAsync("*** Begin Patch\n*** Add File: empty.txt\n*** End Patch", dir);

        Assert.That(result.Success, Is.True);
        Assert.That(dir.Read("empty.txt"), Is.Empty);
    }

    [Test]
    public async Task ApplyAsync_MultiChunkUpdateAndDelete_WritesBoth()
    {
        using var dir = new TempDirectory();
        dir.Write("app.ini", "[server]\nport = 80\nhost = x\ntimeout = 30\n");
        dir.Write("old.log", "old\n");

        var result = await ApplyAsync(
            "*** Begin Patch\n*** Update File: app.ini\n@@ [server]\n-port = 80\n+port = 8080\n@@\n timeout = 30\n+retries = 3\n*** End of File\n*** Delete File: old.log\n*** End Patch",
            dir);

        Assert.That(result.Stdout, Is.EqualTo("Success. Updated the following files:\nM app.ini\nD old.log\n"));
        Assert.That(dir.Read("app.ini"), Is.EqualTo("[server]\nport = 8080\nhost = x\ntimeout = 30\nretries = 3\n"));
        Assert.That(dir.Exists("old.log"), Is.False);
    }

    [Test]
    public async Task ApplyAsync_Move_WritesDestinationAndRemovesSource()
    {
        using var dir = new TempDirectory();
        dir.Write("src/Greeter.cs", "class Greeter\n{\n public string Hello()\n {\n    return \"hi\";\n }\n}\n");

        var result = await ApplyAsync(
            "*** Begin Patch\n*** Update File: src/Greeter.cs\n*** Move to: src/sub/Greeting.cs\n@@ class Greeter\n public string Hello()\n {\n-    return \"hi\";\n+    return \"hello\";\n }\n*** End Patch",
            dir);

        Assert.That(result.Stdout, Is.EqualTo("Success. Updated the following files:\nM src/sub/Greeting.cs\n"));
        Assert.That(dir.Exists("src/Greeter.cs"), Is.False);
        Assert.That(dir.Read("src/sub/Greeting.cs"), Is.EqualTo("class Greeter\n{\npublic string Hello()\n{\n    return \"hello\";\n}\n}\n"));
    }

    [Test]
    public async Task ApplyAsync_SummaryOrder_IsAddedModifiedDeleted()
    {
        using var dir = new TempDirectory();
        dir.Write("d.txt", "d\n");
        dir.Write("m.txt", "m\n");

        var result = await ApplyAsync(
            "*** Begin Patch\n*** Delete File: d.txt\n*** Update File: m.txt\n@@\n-m\n+n\n*** Add File: a.txt\n+a\n*** End Patch", dir);

        Assert.That(result.Stdout, Is.EqualTo("Success. Updated the following files:\nA a.txt\nM m.txt\nD d.txt\n"));
    }

    [Test]
    public async Task ApplyAsync_TypographicQuotesInContext_MatchesFuzzily()
    {
        using var dir = new TempDirectory();
        dir.Write("x.js", "function f() {\n  return \"x\";\n}\n");

        var result = await ApplyAsync("*** Begin Patch\n*** Update File: x.js\n@@ function f() {\n return \u201Cx\u201D;\n-}\n+} // done\n*** End Patch", dir);

        Assert.That(result.Success, Is.True);
        Assert.That(dir.Read("x.js"), Is.EqualTo("function f() {\nreturn \u201Cx\u201D;\n} // done\n"));
    }

    [Test]
    public async Task ApplyAsync_AbsolutePath_IsReportedAsWritten()
    {
        using var dir = new TempDirectory();
        var target = dir.Combine("abs.txt");

        var result = await ApplyAsync($"*** Begin Patch\n*** Add File: {target}\n+x\n*** End Patch", dir);

        Assert.That(result.Stdout, Is.EqualTo($"Success. Updated the following files:\nA {target}\n"));
    }

    [Test]
    public void Verify_SecondFileContextMissing_FailsWithoutTouchingAnything()
    {
        using var dir = new TempDirectory();
        dir.Write("first.txt", "alpha\n");
        dir.Write("second.txt", "beta\n");
        var before = dir.Snapshot();
        var patch = ApplyPatchParser.Parse(
            "*** Begin Patch\n*** Update File: first.txt\n@@\n-alpha\n+ALPHA\n*** Add File: new.txt\n+n\n*** Update File: second.txt\n@@ section two\n-beta\n+BETA\n*** End Patch");

        var error = Assert.Throws<ApplyPatchException>(() => PatchVerifier.Verify(patch, dir.Path))!;

        Assert.That(error.Message, Is.EqualTo($"Failed to find context 'section two' in {dir.Combine("second.txt")}"));
        Assert.That(dir.Snapshot(), Is.EqualTo(before));
    }

    [Test]
    public async Task ApplyAsync_FileChangedAfterVerification_FailsWithoutTouchingAnything()
    {
        using var dir = new TempDirectory();
        dir.Write("first.txt", "alpha\n");
        dir.Write("second.txt", "beta\n");
        var verified = PatchVerifier.Verify(
            ApplyPatchParser.Parse("*** Begin Patch\n*** Update File: first.txt\n@@\n-alpha\n+ALPHA\n*** Add File: dir/new.txt\n+n\n*** Update File: second.txt\n@@\n-beta\n+BETA\n*** End Patch"),
            dir.Path);
        dir.Write("second.txt", "gamma\n");
        var before = dir.Snapshot();

        var result = await PatchApplier.ApplyAsync(verified, Timeout());

        Assert.That(result, Is.EqualTo(new PatchApplyResult(false, string.Empty, $"Failed to find expected lines in {dir.Combine("second.txt")}:\nbeta\n")));
        Assert.That(result.ExitCode, Is.EqualTo(1));
        Assert.That(dir.Snapshot(), Is.EqualTo(before));
        Assert.That(Directory.Exists(dir.Combine("dir")), Is.False);
    }

    [Test]
    public async Task ApplyAsync_FailureWhileReplacing_RollsBackEarlierWrites()
    {
        using var dir = new TempDirectory();
        dir.Write("first.txt", "alpha\n");
        dir.Write("gone.txt", "bye\n");
        dir.Write("third.txt", "gamma\n");
        var before = dir.Snapshot();
        var verified = PatchVerifier.Verify(
            ApplyPatchParser.Parse(
                "*** Begin Patch\n*** Update File: first.txt\n@@\n-alpha\n+ALPHA\n*** Delete File: gone.txt\n*** Add File: made/deep/new.txt\n+n\n*** Update File: third.txt\n@@\n-gamma\n+GAMMA\n*** End Patch"),
            dir.Path);
        var third = dir.Combine("third.txt");

        var result = await PatchApplier.ApplyAsync(
            verified,
            path =>
            {
                if (path == third)
                {
                    throw new IOException("disk full");
                }
            },
            Timeout());

        Assert.That(result, Is.EqualTo(new PatchApplyResult(false, string.Empty, $"Failed to write file {third}: disk full\n")));
        Assert.That(dir.Snapshot(), Is.EqualTo(before));
        Assert.That(Directory.Exists(dir.Combine("made")), Is.False);
        Assert.That(StrayFiles(dir), Is.Empty);
    }

    [Test]
    public async Task ApplyAsync_AddOverDirectory_FailsWithoutTouchingAnything()
    {
        using var dir = new TempDirectory();
        dir.Write("first.txt", "alpha\n");
        Directory.CreateDirectory(dir.Combine("taken"));
        var before = dir.Snapshot();

        var result = await ApplyAsync("*** Begin Patch\n*** Update File: first.txt\n@@\n-alpha\n+ALPHA\n*** Add File: taken\n+x\n*** End Patch", dir);

        Assert.That(result.Success, Is.False);
        Assert.That(result.Stderr, Is.EqualTo($"Failed to write file {dir.Combine("taken")}: Is a directory (os error 21)\n"));
        Assert.That(dir.Snapshot(), Is.EqualTo(before));
        Assert.That(StrayFiles(dir), Is.Empty);
    }

    [Test]
    public async Task ApplyAsync_EmptyPatch_ReportsNoFilesModified()
    {
        using var dir = new TempDirectory();

        var result = await ApplyAsync("*** Begin Patch\n*** End Patch", dir);

        Assert.That(result, Is.EqualTo(new PatchApplyResult(false, string.Empty, "No files were modified.\n")));
    }

    [Test]
    public void ApplyAsync_Cancelled_ChangesNothing()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "a\n");
        var verified = PatchVerifier.Verify(
            ApplyPatchParser.Parse("*** Begin Patch\n*** Update File: a.txt\n@@\n-a\n+b\n*** Add File: b/c.txt\n+c\n*** End Patch"), dir.Path);
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();

        Assert.That(async () => await PatchApplier.ApplyAsync(verified, cancelled.Token), Throws.InstanceOf<OperationCanceledException>());
        Assert.That(dir.Snapshot(), Is.EqualTo(new SortedDictionary<string, string> { ["a.txt"] = "a\n" }));
        Assert.That(Directory.Exists(dir.Combine("b")), Is.False);
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task ApplyAsync_ExecutableFile_KeepsItsMode()
    {
        using var dir = new TempDirectory();
        dir.Write("run.sh", "echo hi\n");
        var mode = UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute | UnixFileMode.GroupRead | UnixFileMode.GroupExecute;
        File.SetUnixFileMode(dir.Combine("run.sh"), mode);

        var result = await ApplyAsync("*** Begin Patch\n*** Update File: run.sh\n*** Move to: bin/run.sh\n@@\n-echo hi\n+echo hello\n*** End Patch", dir);

        Assert.That(result.Success, Is.True);
        Assert.That(File.GetUnixFileMode(dir.Combine("bin/run.sh")), Is.EqualTo(mode));
    }

    [Test]
    [Platform(Exclude = "Win")]
    [UnsupportedOSPlatform("windows")]
    public async Task ApplyAsync_UpdateThroughSymlink_ChangesTheTarget()
    {
        using var dir = new TempDirectory();
        dir.Write("real.txt", "one\n");
        File.CreateSymbolicLink(dir.Combine("link.txt"), dir.Combine("real.txt"));

        var result = await ApplyAsync("*** Begin Patch\n*** Update File: link.txt\n@@\n-one\n+two\n*** End Patch", dir);

        Assert.That(result.Success, Is.True);
        Assert.That(new FileInfo(dir.Combine("link.txt")).LinkTarget, Is.Not.Null);
        Assert.That(dir.Read("real.txt"), Is.EqualTo("two\n"));
    }
}
