using Codex.Engine.Commands;

namespace Codex.Engine.Tests.Commands;

public sealed class ShellQuotingTests
{
    [TestCase(new[] { "echo", "hi" }, "echo hi")]
    [TestCase(new[] { "ls", "a b" }, "ls 'a b'")]
    [TestCase(new[] { "echo", "it's" }, "echo \"it's\"")]
    [TestCase(new[] { "bash", "-lc", "echo $HOME" }, "bash -lc 'echo $HOME'")]
    public void Join_SpecExamples_MatchShlex(string[] argv, string expected)
    {
        Assert.That(ShellQuoting.Join(argv), Is.EqualTo(expected));
    }

    [TestCase("", "''")]
    [TestCase("a-b_c.d/e:f@g]+1", "a-b_c.d/e:f@g]+1")]
    [TestCase("héllo", "'héllo'")]
    [TestCase("^foo", "'^foo'")]
    [TestCase("a^b", "a'^b'")]
    [TestCase("hi!", "'hi!'")]
    [TestCase("a\\b", "\"a\\\\b\"")]
    [TestCase("it's $x", "\"it's \"'$x'")]
    [TestCase("say \"hi\"", "'say \"hi\"'")]
    [TestCase("a,b", "'a,b'")]
    [TestCase("x=1", "'x=1'")]
    [TestCase("line\nbreak", "'line\nbreak'")]
    public void Quote_Word_UsesShortestStyleChunks(string word, string expected)
    {
        Assert.That(ShellQuoting.Quote(word), Is.EqualTo(expected));
    }

    [Test]
    public void Join_ElementWithNul_FallsBackToPlainSpaceJoin()
    {
        Assert.That(ShellQuoting.Join(["echo", "a\0b", "c d"]), Is.EqualTo("echo a\0b c d"));
    }

    [Test]
    public void Quote_NulInWord_Throws()
    {
        Assert.That(() => ShellQuoting.Quote("a\0b"), Throws.ArgumentException);
    }
}
