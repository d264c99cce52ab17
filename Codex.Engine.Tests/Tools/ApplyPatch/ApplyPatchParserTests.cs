using Codex.Engine.Tools.ApplyPatch;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class ApplyPatchParserTests
{
    private const string InvalidHeaderSuffix =
        " is not a valid hunk header. Valid hunk headers: '*** Add File: {path}', '*** Delete File: {path}', '*** Update File: {path}'";

    private static string ErrorOf(string patch) =>
        Assert.Throws<ApplyPatchParseException>(() => ApplyPatchParser.Parse(patch))!.Message;

    [TestCase("bad")]
    [TestCase("*** Add File: a\n+x\n*** End Patch")]
    [TestCase("<<EOF\n*** Begin Patch\n*** End Patch")]
    public void Parse_FirstLineNotBegin_ReportsFirstLineError(string patch)
    {
        Assert.That(ErrorOf(patch), Is.EqualTo("invalid patch: The first line of the patch must be '*** Begin Patch'"));
    }

    [TestCase("")]
    [TestCase("   \n  ")]
    [TestCase("*** Begin Patch")]
    [TestCase("*** Begin Patch\nbad")]
    [TestCase("*** Begin Patch\n*** Add File: a\n+x\n")]
    public void Parse_LastLineNotEnd_ReportsLastLineError(string patch)
    {
        Assert.That(ErrorOf(patch), Is.EqualTo("invalid patch: The last line of the patch must be '*** End Patch'"));
    }

    [Test]
    public void Parse_UnknownHeader_ReportsLineAndValidHeaders()
    {
        var error = ErrorOf("*** Begin Patch\n*** Add File: a\n+x\n*** Frobnicate File: b\n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 4, '*** Frobnicate File: b'" + InvalidHeaderSuffix));
    }

    [Test]
    public void Parse_HeaderWithPadding_IsTrimmedInError()
    {
        var error = ErrorOf("*** Begin Patch\n   bad header   \n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 2, 'bad header'" + InvalidHeaderSuffix));
    }

    [Test]
    public void Parse_UpdateWithoutChunks_ReportsEmptyUpdate()
    {
        var error = ErrorOf("*** Begin Patch\n*** Update File: test.py\n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 2, Update file hunk for path 'test.py' is empty"));
    }

    [Test]
    public void Parse_UpdateWithOnlyBlankLines_ReportsEmptyUpdate()
    {
        var error = ErrorOf("*** Begin Patch\n*** Delete File: x\n*** Update File: test.py\n\n  \n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 3, Update file hunk for path 'test.py' is empty"));
    }

    [Test]
    public void Parse_ChunkMarkerWithoutBody_ReportsNoLines()
    {
        var error = ErrorOf("*** Begin Patch\n*** Update File: a\n@@\n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 4, Update hunk does not contain any lines"));
    }

    [Test]
    public void Parse_EndOfFileAsFirstBodyLine_ReportsNoLines()
    {
        var error = ErrorOf("*** Begin Patch\n*** Update File: a\n@@ ctx\n*** End of File\n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 4, Update hunk does not contain any lines"));
    }

    [Test]
    public void Parse_UnexpectedFirstBodyLine_ReportsUnexpectedLine()
    {
        var error = ErrorOf("*** Begin Patch\n*** Update File: a\n@@\nbad\n*** End Patch");

        Assert.That(error, Is.EqualTo(
            "invalid hunk at line 4, Unexpected line found in update hunk: 'bad'. Every line should start with ' ' (context line), '+' (added line), or '-' (removed line)"));
    }

    [Test]
    public void Parse_SecondChunkWithoutMarker_ReportsMissingMarker()
    {
        var error = ErrorOf("*** Begin Patch\n*** Update File: a\n@@\n-x\n+y\nbad\n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 6, Expected update hunk to start with a @@ context marker, got: 'bad'"));
    }

    [TestCase("<<EOF")]
    [TestCase("<<'EOF'")]
    [TestCase("<<\"EOF\"")]
    public void Parse_HeredocWrapper_IsDropped(string opener)
    {
        var patch = ApplyPatchParser.Parse($"{opener}\n*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch\nEOF\n");

        Assert.That(patch.Text, Is.EqualTo("*** Begin Patch\n*** Add File: a.txt\n+hi\n*** End Patch"));
        Assert.That(patch.Hunks, Is.EqualTo(new PatchHunk[] { new AddFileHunk("a.txt", "hi\n") }));
    }

    [Test]
    public void Parse_HeredocWithBadInnerPatch_ReportsInnerError()
    {
        var error = ErrorOf("<<'EOF'\n*** Begin Patch\n*** Add File: a\nEOF");

        Assert.That(error, Is.EqualTo("invalid patch: The last line of the patch must be '*** End Patch'"));
    }

    [Test]
    public void Parse_HeredocTooShort_ReportsOriginalError()
    {
        var error = ErrorOf("<<EOF\n*** Begin Patch\nEOF");

        Assert.That(error, Is.EqualTo("invalid patch: The first line of the patch must be '*** Begin Patch'"));
    }

    [Test]
    public void Parse_SpecExampleAddFile_YieldsContent()
    {
        var patch = ApplyPatchParser.Parse("*** Begin Patch\n*** Add File: notes/todo.txt\n+buy milk\n+call Alice\n*** End Patch\n");

        Assert.That(patch.Hunks, Is.EqualTo(new PatchHunk[] { new AddFileHunk("notes/todo.txt", "buy milk\ncall Alice\n") }));
    }

    [Test]
    public void Parse_SpecExampleMove_YieldsContextChunkAndDestination()
    {
        var patch = ApplyPatchParser.Parse(
            "*** Begin Patch\n*** Update File: src/Greeter.cs\n*** Move to: src/Greeting.cs\n@@ class Greeter\n public string Hello()\n {\n-    return \"hi\";\n+    return \"hello\";\n }\n*** End Patch");

        var update = (UpdateFileHunk)patch.Hunks.Single();
        Assert.That(update.Path, Is.EqualTo("src/Greeter.cs"));
        Assert.That(update.MovePath, Is.EqualTo("src/Greeting.cs"));
        var chunk = update.Chunks.Single();
        Assert.That(chunk.ChangeContext, Is.EqualTo("class Greeter"));
        Assert.That(chunk.OldLines, Is.EqualTo(new[] { "public string Hello()", "{", "    return \"hi\";", "}" }));
        Assert.That(chunk.NewLines, Is.EqualTo(new[] { "public string Hello()", "{", "    return \"hello\";", "}" }));
        Assert.That(chunk.IsEndOfFile, Is.False);
    }

    [Test]
    public void Parse_SpecExampleTwoChunksAndDelete_YieldsEndOfFileChunk()
    {
        var patch = ApplyPatchParser.Parse(
            "*** Begin Patch\n*** Update File: app.ini\n@@ [server]\n-port = 80\n+port = 8080\n@@\n timeout = 30\n+retries = 3\n*** End of File\n*** Delete File: old.log\n*** End Patch");

        Assert.That(patch.Hunks, Has.Count.EqualTo(2));
        var update = (UpdateFileHunk)patch.Hunks[0];
        Assert.That(update.MovePath, Is.Null);
        Assert.That(update.Chunks, Has.Count.EqualTo(2));
        Assert.That(update.Chunks[0].ChangeContext, Is.EqualTo("[server]"));
        Assert.That(update.Chunks[0].OldLines, Is.EqualTo(new[] { "port = 80" }));
        Assert.That(update.Chunks[0].NewLines, Is.EqualTo(new[] { "port = 8080" }));
        Assert.That(update.Chunks[0].IsEndOfFile, Is.False);
        Assert.That(update.Chunks[1].ChangeContext, Is.Null);
        Assert.That(update.Chunks[1].OldLines, Is.EqualTo(new[] { "timeout = 30" }));
        Assert.That(update.Chunks[1].NewLines, Is.EqualTo(new[] { "timeout = 30", "retries = 3" }));
        Assert.That(update.Chunks[1].IsEndOfFile, Is.True);
        Assert.That(patch.Hunks[1], Is.EqualTo(new DeleteFileHunk("old.log")));
    }

    [Test]
    public void Parse_EmptyAdd_YieldsEmptyContent()
    {
        var patch = ApplyPatchParser.Parse("*** Begin Patch\n*** Add File: empty.txt\n*** Delete File: b\n*** End Patch");

        Assert.That(patch.Hunks, Is.EqualTo(new PatchHunk[] { new AddFileHunk("empty.txt", string.Empty), new DeleteFileHunk("b") }));
    }

    [Test]
    public void Parse_BeginAndEndOnly_YieldsNoHunks()
    {
        Assert.That(ApplyPatchParser.Parse("*** Begin Patch\n*** End Patch").Hunks, Is.Empty);
    }

    [Test]
    public void Parse_FirstChunkWithoutMarker_IsAccepted()
    {
        var patch = ApplyPatchParser.Parse("*** Begin Patch\n*** Update File: file2.py\n import foo\n+bar\n*** End Patch");

        var chunk = ((UpdateFileHunk)patch.Hunks.Single()).Chunks.Single();
        Assert.That(chunk.ChangeContext, Is.Null);
        Assert.That(chunk.OldLines, Is.EqualTo(new[] { "import foo" }));
        Assert.That(chunk.NewLines, Is.EqualTo(new[] { "import foo", "bar" }));
    }

    [Test]
    public void Parse_EmptyBodyLine_IsEmptyContext()
    {
        var patch = ApplyPatchParser.Parse("*** Begin Patch\n*** Update File: a\n@@\n x\n\n-y\n*** End Patch");

        var chunk = ((UpdateFileHunk)patch.Hunks.Single()).Chunks.Single();
        Assert.That(chunk.OldLines, Is.EqualTo(new[] { "x", string.Empty, "y" }));
        Assert.That(chunk.NewLines, Is.EqualTo(new[] { "x", string.Empty }));
    }

    [Test]
    public void Parse_BlankLinesBetweenChunks_AreSkipped()
    {
        var patch = ApplyPatchParser.Parse("*** Begin Patch\n*** Update File: a\n@@ one\n-x\n+y\n   \n@@ two\n-p\n+q\n*** End Patch");

        var chunks = ((UpdateFileHunk)patch.Hunks.Single()).Chunks;
        Assert.That(chunks.Select(c => c.ChangeContext), Is.EqualTo(new[] { "one", "two" }));
    }

    [Test]
    public void Parse_CrLfLineEndings_AreStripped()
    {
        var patch = ApplyPatchParser.Parse("*** Begin Patch\r\n*** Update File: a.txt\r\n@@\r\n-old\r\n+new\r\n*** End Patch\r\n");

        var chunk = ((UpdateFileHunk)patch.Hunks.Single()).Chunks.Single();
        Assert.That(chunk.OldLines, Is.EqualTo(new[] { "old" }));
        Assert.That(chunk.NewLines, Is.EqualTo(new[] { "new" }));
    }

    [Test]
    public void Parse_SurroundingWhitespaceAndPaddedHeaders_AreTolerated()
    {
        var patch = ApplyPatchParser.Parse("\n\n  *** Begin Patch\n   *** Delete File: x.txt   \n*** End Patch  \n\n");

        Assert.That(patch.Hunks, Is.EqualTo(new PatchHunk[] { new DeleteFileHunk("x.txt") }));
    }

    [Test]
    public void Parse_AbsolutePath_IsKeptVerbatim()
    {
        var patch = ApplyPatchParser.Parse("*** Begin Patch\n*** Add File: /tmp/abs/file.txt\n+x\n*** End Patch");

        Assert.That(patch.Hunks.Single().Path, Is.EqualTo("/tmp/abs/file.txt"));
    }

    [Test]
    public void Parse_AddStopsAtFirstLineWithoutPlus_NextHeaderFollows()
    {
        var error = ErrorOf("*** Begin Patch\n*** Add File: a\n+x\nx\n*** End Patch");

        Assert.That(error, Is.EqualTo("invalid hunk at line 4, 'x'" + InvalidHeaderSuffix));
    }

    [Test]
    public void Parse_ParseException_ExposesDetailAndLine()
    {
        var error = Assert.Throws<ApplyPatchParseException>(
            () => ApplyPatchParser.Parse("*** Begin Patch\n*** Update File: test.py\n*** End Patch"))!;

        Assert.That(error.Detail, Is.EqualTo("Update file hunk for path 'test.py' is empty"));
        Assert.That(error.LineNumber, Is.EqualTo(2));
    }
}
