using Codex.Engine.Tools.ApplyPatch;
using Codex.Protocol;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class PatchVerifierTests
{
    private static VerifiedPatch Verify(string patch, TempDirectory dir) =>
        PatchVerifier.Verify(ApplyPatchParser.Parse(patch), dir.Path);

    private static string VerifyError(string patch, TempDirectory dir) =>
        Assert.Throws<ApplyPatchException>(() => Verify(patch, dir))!.Message;

    [Test]
    public void Verify_SpecExampleUpdate_ProducesOneContextLineDiff()
    {
        using var dir = new TempDirectory();
        dir.Write("destination_file.txt", "original content\n");

        var verified = Verify("*** Begin Patch\n*** Update File: destination_file.txt\n@@\n-original content\n+modified content\n*** End Patch", dir);

        Assert.That(verified.Changes, Is.EqualTo(new Dictionary<string, FileChange>
        {
            [dir.Combine("destination_file.txt")] = new UpdateFileChange("@@ -1 +1 @@\n-original content\n+modified content\n"),
        }));
        Assert.That(dir.Read("destination_file.txt"), Is.EqualTo("original content\n"));
    }

    [Test]
    public void Verify_AddDeleteAndMove_MapsAbsolutePaths()
    {
        using var dir = new TempDirectory();
        dir.Write("old.log", "log line\n");
        dir.Write("src/Greeter.cs", "class Greeter\n{\n    string Hello() => \"hi\";\n}\n");

        var verified = Verify(
            "*** Begin Patch\n*** Add File: notes/todo.txt\n+buy milk\n*** Delete File: old.log\n*** Update File: src/Greeter.cs\n*** Move to: src/Greeting.cs\n@@ class Greeter\n {\n-    string Hello() => \"hi\";\n+    string Hello() => \"hello\";\n*** End Patch",
            dir);

        Assert.That(verified.Changes, Is.EqualTo(new Dictionary<string, FileChange>
        {
            [dir.Combine("notes/todo.txt")] = new AddFileChange("buy milk\n"),
            [dir.Combine("old.log")] = new DeleteFileChange("log line\n"),
            [dir.Combine("src/Greeter.cs")] = new UpdateFileChange(
                "@@ -2,3 +2,3 @@\n {\n-    string Hello() => \"hi\";\n+    string Hello() => \"hello\";\n }\n",
                dir.Combine("src/Greeting.cs")),
        }));
        Assert.That(verified.Changes.Keys, Is.EqualTo(new[] { dir.Combine("notes/todo.txt"), dir.Combine("old.log"), dir.Combine("src/Greeter.cs") }));
        Assert.That(verified.AffectedPaths, Is.EqualTo(new[]
        {
            dir.Combine("notes/todo.txt"), dir.Combine("old.log"), dir.Combine("src/Greeting.cs"), dir.Combine("src/Greeter.cs"),
        }));
        Assert.That(dir.Exists("notes/todo.txt"), Is.False);
        Assert.That(dir.Exists("src/Greeting.cs"), Is.False);
        Assert.That(dir.Exists("old.log"), Is.True);
    }

    [Test]
    public void Verify_AbsolutePathInPatch_IsUsedAsIs()
    {
        using var dir = new TempDirectory();
        using var other = new TempDirectory();
        var target = other.Combine("x.txt");

        var verified = Verify($"*** Begin Patch\n*** Add File: {target}\n+x\n*** End Patch", dir);

        Assert.That(verified.Changes.Keys, Is.EqualTo(new[] { target }));
    }

    [Test]
    public void Verify_UpdateOfMissingFile_ReportsReadFailure()
    {
        using var dir = new TempDirectory();

        var error = VerifyError("*** Begin Patch\n*** Update File: missing.txt\n@@\n-a\n+b\n*** End Patch", dir);

        Assert.That(error, Is.EqualTo($"Failed to read file to update {dir.Combine("missing.txt")}: No such file or directory (os error 2)"));
    }

    [Test]
    public void Verify_DeleteOfMissingFile_ReportsReadFailure()
    {
        using var dir = new TempDirectory();

        var error = VerifyError("*** Begin Patch\n*** Delete File: gone.txt\n*** End Patch", dir);

        Assert.That(error, Is.EqualTo($"Failed to read {dir.Combine("gone.txt")}: No such file or directory (os error 2)"));
    }

    [Test]
    public void Verify_DeleteOfDirectory_ReportsReadFailure()
    {
        using var dir = new TempDirectory();
        Directory.CreateDirectory(dir.Combine("sub"));

        var error = VerifyError("*** Begin Patch\n*** Delete File: sub\n*** End Patch", dir);

        Assert.That(error, Is.EqualTo($"Failed to read {dir.Combine("sub")}: Is a directory (os error 21)"));
    }

    [Test]
    public void Verify_UpdateOfNonUtf8File_ReportsReadFailure()
    {
        using var dir = new TempDirectory();
        File.WriteAllBytes(dir.Combine("bin.dat"), [0x66, 0xFF, 0xFE, 0x0A]);

        var error = VerifyError("*** Begin Patch\n*** Update File: bin.dat\n@@\n-f\n+g\n*** End Patch", dir);

        Assert.That(error, Is.EqualTo($"Failed to read file to update {dir.Combine("bin.dat")}: stream did not contain valid UTF-8"));
    }

    [Test]
    public void Verify_MissingContext_ReportsAbsolutePath()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "one\n");

        var error = VerifyError("*** Begin Patch\n*** Update File: a.txt\n@@ class Missing\n-one\n+two\n*** End Patch", dir);

        Assert.That(error, Is.EqualTo($"Failed to find context 'class Missing' in {dir.Combine("a.txt")}"));
    }

    [Test]
    public void Verify_MissingOldLines_ReportsThem()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "one\n");

        var error = VerifyError("*** Begin Patch\n*** Update File: a.txt\n@@\n-uno\n-dos\n+two\n*** End Patch", dir);

        Assert.That(error, Is.EqualTo($"Failed to find expected lines in {dir.Combine("a.txt")}:\nuno\ndos"));
    }

    [Test]
    public void Verify_LaterOperationOnSameFile_SeesEarlierOne()
    {
        using var dir = new TempDirectory();

        var verified = Verify("*** Begin Patch\n*** Add File: a.txt\n+one\n*** Update File: a.txt\n@@\n-one\n+two\n*** End Patch", dir);

        Assert.That(verified.Changes[dir.Combine("a.txt")], Is.EqualTo(new UpdateFileChange("@@ -1 +1 @@\n-one\n+two\n")));
        Assert.That(verified.Plan.Writes.Single(), Is.EqualTo(new PlannedWrite(dir.Combine("a.txt"), "two\n", null)));
    }

    [Test]
    public void Verify_UpdateOfFileDeletedEarlierInPatch_Fails()
    {
        using var dir = new TempDirectory();
        dir.Write("a.txt", "one\n");

        var error = VerifyError("*** Begin Patch\n*** Delete File: a.txt\n*** Update File: a.txt\n@@\n-one\n+two\n*** End Patch", dir);

        Assert.That(error, Is.EqualTo($"Failed to read file to update {dir.Combine("a.txt")}: No such file or directory (os error 2)"));
    }

    [Test]
    public void Verify_RelativeCwd_IsRejected()
    {
        Assert.That(
            () => PatchVerifier.Verify(ApplyPatchParser.Parse("*** Begin Patch\n*** End Patch"), "relative/dir"),
            Throws.ArgumentException);
    }

    [Test]
    public void Verify_EmptyPatch_IsEmpty()
    {
        using var dir = new TempDirectory();

        var verified = Verify("*** Begin Patch\n*** End Patch", dir);

        Assert.That(verified.IsEmpty, Is.True);
        Assert.That(verified.Changes, Is.Empty);
    }
}
