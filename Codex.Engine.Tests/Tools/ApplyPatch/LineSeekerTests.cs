using Codex.Engine.Tools.ApplyPatch;

namespace Codex.Engine.Tests.Tools.ApplyPatch;

public sealed class LineSeekerTests
{
    [Test]
    public void Seek_ExactBlock_ReturnsItsIndex()
    {
        Assert.That(LineSeeker.Seek(["a", "b", "c"], ["b", "c"], 0, endOfFile: false), Is.EqualTo(1));
    }

    [Test]
    public void Seek_ExactMatchLaterThanLooseMatch_PrefersExact()
    {
        // Every window is tried exactly before any window is tried loosely.
        Assert.That(LineSeeker.Seek(["x  ", "x"], ["x"], 0, endOfFile: false), Is.EqualTo(1));
    }

    [Test]
    public void Seek_TrailingWhitespaceOnly_MatchesInSecondPass()
    {
        // "  foo" only matches once both ends are trimmed (pass 3); "foo  " already in pass 2.
        Assert.That(LineSeeker.Seek(["  foo", "foo  "], ["foo"], 0, endOfFile: false), Is.EqualTo(1));
    }

    [Test]
    public void Seek_SurroundingWhitespace_MatchesInThirdPass()
    {
        Assert.That(LineSeeker.Seek(["\tfoo  ", "bar"], ["  foo"], 0, endOfFile: false), Is.EqualTo(0));
    }

    [Test]
    public void Seek_TypographicQuotesInPattern_MatchInFourthPass()
    {
        Assert.That(LineSeeker.Seek(["int x;", "return \"x\";"], ["return \u201Cx\u201D;"], 0, endOfFile: false), Is.EqualTo(1));
    }

    [Test]
    public void Seek_TypographicPunctuationInFile_MatchesAsciiPattern()
    {
        string[] lines = ["it\u2019s \u2014 a\u00A0test \u2212 1"];

        Assert.That(LineSeeker.Seek(lines, ["it's - a test - 1"], 0, endOfFile: false), Is.EqualTo(0));
    }

    [Test]
    public void Seek_DifferentText_ReturnsMinusOne()
    {
        Assert.That(LineSeeker.Seek(["a", "b"], ["c"], 0, endOfFile: false), Is.EqualTo(-1));
    }

    [Test]
    public void Seek_MatchBeforeStart_IsIgnored()
    {
        Assert.That(LineSeeker.Seek(["a", "b", "a"], ["a"], 1, endOfFile: false), Is.EqualTo(2));
        Assert.That(LineSeeker.Seek(["a", "b", "c"], ["a"], 1, endOfFile: false), Is.EqualTo(-1));
    }

    [Test]
    public void Seek_EndOfFile_TriesOnlyTheLastWindow()
    {
        string[] lines = ["a", "b", "a", "b"];

        Assert.That(LineSeeker.Seek(lines, ["a", "b"], 0, endOfFile: false), Is.EqualTo(0));
        Assert.That(LineSeeker.Seek(lines, ["a", "b"], 0, endOfFile: true), Is.EqualTo(2));
        Assert.That(LineSeeker.Seek(lines, ["b", "a"], 0, endOfFile: true), Is.EqualTo(-1));
    }

    [Test]
    public void Seek_EndOfFile_IgnoresStart()
    {
        Assert.That(LineSeeker.Seek(["a", "b", "c"], ["c"], 3, endOfFile: true), Is.EqualTo(2));
    }

    [Test]
    public void Seek_EmptyPattern_MatchesAtStart()
    {
        Assert.That(LineSeeker.Seek(["a", "b"], [], 1, endOfFile: false), Is.EqualTo(1));
    }

    [Test]
    public void Seek_PatternLongerThanFile_NeverMatches()
    {
        Assert.That(LineSeeker.Seek(["a"], ["a", "a"], 0, endOfFile: false), Is.EqualTo(-1));
    }

    [TestCase('\u2010', '-')]
    [TestCase('\u2011', '-')]
    [TestCase('\u2012', '-')]
    [TestCase('\u2013', '-')]
    [TestCase('\u2014', '-')]
    [TestCase('\u2015', '-')]
    [TestCase('\u2212', '-')]
    [TestCase('\u2018', '\'')]
    [TestCase('\u2019', '\'')]
    [TestCase('\u201A', '\'')]
    [TestCase('\u201B', '\'')]
    [TestCase('\u201C', '"')]
    [TestCase('\u201D', '"')]
    [TestCase('\u201E', '"')]
    [TestCase('\u201F', '"')]
    [TestCase('\u00A0', ' ')]
    [TestCase('\u2002', ' ')]
    [TestCase('\u2003', ' ')]
    [TestCase('\u2004', ' ')]
    [TestCase('\u2005', ' ')]
    [TestCase('\u2006', ' ')]
    [TestCase('\u2007', ' ')]
    [TestCase('\u2008', ' ')]
    [TestCase('\u2009', ' ')]
    [TestCase('\u200A', ' ')]
    [TestCase('\u202F', ' ')]
    [TestCase('\u205F', ' ')]
    [TestCase('\u3000', ' ')]
    [TestCase('\u2000', '\u2000')]
    [TestCase('\u200B', '\u200B')]
    [TestCase('\u2016', '\u2016')]
    [TestCase('\u2020', '\u2020')]
    [TestCase('x', 'x')]
    public void Normalise_PunctuationCodePoint_FoldsPerSpec(char input, char expected)
    {
        Assert.That(LineSeeker.Normalise(input), Is.EqualTo(expected));
    }
}
