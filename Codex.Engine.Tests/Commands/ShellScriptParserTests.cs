using Codex.Engine.Commands;

namespace Codex.Engine.Tests.Commands;

public sealed class ShellScriptParserTests
{
    [Test]
    public void TryParsePlainCommands_ConnectorsAndQuotes_SplitsIntoWords()
    {
        IReadOnlyList<PlainCommand>? commands = ShellScriptParser.TryParsePlainCommands(
            "cd 'my dir' && grep -n \"a \\\"b\\\"\" file.txt | wc -l || true; ls\npwd");

        Assert.That(commands, Is.Not.Null);
        Assert.That(commands!.Select(c => c.Words), Is.EqualTo(new[]
        {
            new[] { "cd", "my dir" },
            new[] { "grep", "-n", "a \"b\"", "file.txt" },
            new[] { "wc", "-l" },
            new[] { "true" },
            new[] { "ls" },
            new[] { "pwd" },
        }));
        Assert.That(commands.Select(c => c.ConnectorBefore), Is.EqualTo(new[]
        {
            ShellConnector.None, ShellConnector.And, ShellConnector.Pipe, ShellConnector.Or, ShellConnector.Sequence, ShellConnector.Sequence,
        }));
    }

    [TestCase("ls;")]
    [TestCase("ls\n\n")]
    [TestCase("ls &&\n  pwd")]
    [TestCase("echo a'b'\"c\"")]
    [TestCase("echo ~/x a=b --flag=1")]
    public void TryParsePlainCommands_PlainScript_IsAccepted(string script)
    {
        Assert.That(ShellScriptParser.TryParsePlainCommands(script), Is.Not.Null);
    }

    [TestCase("echo $HOME")]
    [TestCase("echo \"$HOME\"")]
    [TestCase("echo `date`")]
    [TestCase("echo $(date)")]
    [TestCase("ls > out.txt")]
    [TestCase("cat < in.txt")]
    [TestCase("cat <<EOF\nx\nEOF")]
    [TestCase("(ls)")]
    [TestCase("ls &")]
    [TestCase("ls |& cat")]
    [TestCase("FOO=1 ls")]
    [TestCase("if true; then ls; fi")]
    [TestCase("for f in a; do echo $f; done")]
    [TestCase("{ ls; }")]
    [TestCase("echo {a,b}")]
    [TestCase("ls # comment")]
    [TestCase("ls *.txt")]
    [TestCase("ls file?")]
    [TestCase("echo a\\ b")]
    [TestCase("ls &&")]
    [TestCase("&& ls")]
    [TestCase("; ls")]
    [TestCase("ls ;; pwd")]
    [TestCase("echo 'unterminated")]
    [TestCase("")]
    [TestCase("   ")]
    public void TryParsePlainCommands_NotPlain_ReturnsNull(string script)
    {
        Assert.That(ShellScriptParser.TryParsePlainCommands(script), Is.Null);
    }

    [Test]
    public void TryParsePlainCommands_GlobsAllowed_KeepsGlobWords()
    {
        IReadOnlyList<PlainCommand>? commands = ShellScriptParser.TryParsePlainCommands("ls *.txt", allowGlobs: true);

        Assert.That(commands?.Single().Words, Is.EqualTo(new[] { "ls", "*.txt" }));
    }
}
