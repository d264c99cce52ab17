using Codex.Engine.Commands;
using Codex.Protocol;

namespace Codex.Engine.Tests.Commands;

public sealed class ParsedCommandSummarizerTests
{
    private static UnknownParsedCommand Unknown(string cmd) => new() { Cmd = cmd };

    [Test]
    public void Summarize_BashScriptWithRedirection_IsUnknownWithScriptText()
    {
        // The 0.153.4 capture (scenario-b) shows exactly this for a write through bash.
        IReadOnlyList<ParsedCommand> parsed = ParsedCommandSummarizer.Summarize(["/bin/bash", "-lc", "echo hello > out.txt"]);

        Assert.That(parsed, Is.EqualTo(new ParsedCommand[] { Unknown("echo hello > out.txt") }));
    }

    [Test]
    public void Summarize_UnrecognisedArgv_IsUnknownWithQuotedJoin()
    {
        string[] argv = ["python3", "-c", "import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()"];

        IReadOnlyList<ParsedCommand> parsed = ParsedCommandSummarizer.Summarize(argv);

        Assert.That(parsed, Is.EqualTo(new ParsedCommand[]
        {
            Unknown("python3 -c \"import pathlib; pathlib.Path('created_by_shell_tool.txt').touch()\""),
        }));
    }

    [Test]
    public void Summarize_GitStatus_IsUnknown()
    {
        Assert.That(ParsedCommandSummarizer.Summarize(["git", "status"]), Is.EqualTo(new ParsedCommand[] { Unknown("git status") }));
    }

    [Test]
    public void Summarize_Cat_IsRead()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["cat", "docs/README.md"]),
            Is.EqualTo(new ParsedCommand[] { new ReadParsedCommand { Cmd = "cat docs/README.md", Name = "README.md", Path = "docs/README.md" } }));
    }

    [Test]
    public void Summarize_HeadAndTailWithCounts_AreReads()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["head", "-n", "50", "a.txt"]),
            Is.EqualTo(new ParsedCommand[] { new ReadParsedCommand { Cmd = "head -n 50 a.txt", Name = "a.txt", Path = "a.txt" } }));
        Assert.That(
            ParsedCommandSummarizer.Summarize(["tail", "-20", "log/x.log"]),
            Is.EqualTo(new ParsedCommand[] { new ReadParsedCommand { Cmd = "tail -20 log/x.log", Name = "x.log", Path = "log/x.log" } }));
    }

    [Test]
    public void Summarize_SedPrintRangeInScript_IsReadWithQuotedCmd()
    {
        IReadOnlyList<ParsedCommand> parsed = ParsedCommandSummarizer.Summarize(["bash", "-lc", "sed -n '1,20p' src/lib.rs"]);

        Assert.That(parsed, Is.EqualTo(new ParsedCommand[]
        {
            new ReadParsedCommand { Cmd = "sed -n '1,20p' src/lib.rs", Name = "lib.rs", Path = "src/lib.rs" },
        }));
    }

    [Test]
    public void Summarize_SedInPlace_IsUnknown()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["sed", "-i", "s/a/b/", "f"]),
            Is.EqualTo(new ParsedCommand[] { Unknown("sed -i s/a/b/ f") }));
    }

    [Test]
    public void Summarize_CdThenCat_TracksDirectoryInPath()
    {
        IReadOnlyList<ParsedCommand> parsed = ParsedCommandSummarizer.Summarize(["bash", "-lc", "cd src && cd core && cat main.rs"]);

        Assert.That(parsed, Is.EqualTo(new ParsedCommand[]
        {
            new ReadParsedCommand { Cmd = "cat main.rs", Name = "main.rs", Path = "src/core/main.rs" },
        }));
    }

    [Test]
    public void Summarize_Ls_IsListFiles()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["ls", "-la", "src"]),
            Is.EqualTo(new ParsedCommand[] { new ListFilesParsedCommand { Cmd = "ls -la src", Path = "src" } }));
        Assert.That(
            ParsedCommandSummarizer.Summarize(["bash", "-lc", "ls"]),
            Is.EqualTo(new ParsedCommand[] { new ListFilesParsedCommand { Cmd = "ls", Path = null } }));
    }

    [Test]
    public void Summarize_RipgrepFilesPipedToHead_IsListFilesOnly()
    {
        IReadOnlyList<ParsedCommand> parsed = ParsedCommandSummarizer.Summarize(["bash", "-lc", "rg --files src | head -n 40"]);

        Assert.That(parsed, Is.EqualTo(new ParsedCommand[] { new ListFilesParsedCommand { Cmd = "rg --files src", Path = "src" } }));
    }

    [Test]
    public void Summarize_RipgrepAndGrep_AreSearches()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["rg", "-n", "-g", "*.cs", "TODO", "src"]),
            Is.EqualTo(new ParsedCommand[] { new SearchParsedCommand { Cmd = "rg -n -g '*.cs' TODO src", Query = "TODO", Path = "src" } }));
        Assert.That(
            ParsedCommandSummarizer.Summarize(["grep", "-rn", "-e", "foo", "lib"]),
            Is.EqualTo(new ParsedCommand[] { new SearchParsedCommand { Cmd = "grep -rn -e foo lib", Query = "foo", Path = "lib" } }));
        Assert.That(
            ParsedCommandSummarizer.Summarize(["rg", "needle"]),
            Is.EqualTo(new ParsedCommand[] { new SearchParsedCommand { Cmd = "rg needle", Query = "needle", Path = null } }));
    }

    [Test]
    public void Summarize_FindWithName_IsSearch_WithoutName_IsListFiles()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["find", ".", "-name", "*.cs"]),
            Is.EqualTo(new ParsedCommand[] { new SearchParsedCommand { Cmd = "find . -name '*.cs'", Query = "*.cs", Path = "." } }));
        Assert.That(
            ParsedCommandSummarizer.Summarize(["find", "src", "-type", "f"]),
            Is.EqualTo(new ParsedCommand[] { new ListFilesParsedCommand { Cmd = "find src -type f", Path = "src" } }));
    }

    [Test]
    public void Summarize_ScriptWithSeveralCommands_KeepsOrderAndCollapsesDuplicates()
    {
        IReadOnlyList<ParsedCommand> parsed = ParsedCommandSummarizer.Summarize(
            ["bash", "-lc", "cat a.txt && cat a.txt; cargo build && cargo test || true"]);

        Assert.That(parsed, Is.EqualTo(new ParsedCommand[]
        {
            new ReadParsedCommand { Cmd = "cat a.txt", Name = "a.txt", Path = "a.txt" },
            Unknown("cargo build"),
            Unknown("cargo test"),
        }));
    }

    [Test]
    public void Summarize_CdThenUnknownCommand_IsUnknownWithWholeScript()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["bash", "-lc", "cd foo && make"]),
            Is.EqualTo(new ParsedCommand[] { Unknown("cd foo && make") }));
    }

    [Test]
    public void Summarize_CatOfTwoFiles_IsUnknown()
    {
        Assert.That(
            ParsedCommandSummarizer.Summarize(["cat", "a", "b"]),
            Is.EqualTo(new ParsedCommand[] { Unknown("cat a b") }));
    }
}
