using System.Text;
using Codex.Engine.Exec;

namespace Codex.Engine.Tests.Exec;

public sealed class ModelOutputFormatterTests
{
    private static ExecResult Result(string output, int exitCode = 0, double seconds = 0.123, bool timedOut = false) => new()
    {
        ExitCode = exitCode,
        Stdout = output,
        Stderr = string.Empty,
        AggregatedOutput = output,
        Duration = TimeSpan.FromSeconds(seconds),
        TimedOut = timedOut,
    };

    private static string Lines(int from, int to) =>
        string.Concat(Enumerable.Range(from, to - from + 1).Select(i => $"line {i}\n"));

    [Test]
    public void FormatJson_ShortOutput_IsOutputAndMetadata()
    {
        Assert.That(
            ModelOutputFormatter.FormatJson(Result("hi\n")),
            Is.EqualTo("{\"output\":\"hi\\n\",\"metadata\":{\"exit_code\":0,\"duration_seconds\":0.1}}"));
    }

    [TestCase(2.0, "2.0", "2")]
    [TestCase(0.05, "0.1", "0.1")]
    [TestCase(0.049, "0.0", "0")]
    [TestCase(12.34, "12.3", "12.3")]
    public void Format_Duration_IsRoundedToOneDecimal(double seconds, string json, string plain)
    {
        Assert.That(ModelOutputFormatter.FormatJson(Result("", seconds: seconds)), Does.EndWith($"\"duration_seconds\":{json}}}}}"));
        Assert.That(ModelOutputFormatter.FormatPlainText(Result("", seconds: seconds)), Does.Contain($"Wall time: {plain} seconds\n"));
    }

    [Test]
    public void FormatJson_SpecialCharacters_AreEscapedLikeSerdeJson()
    {
        string json = ModelOutputFormatter.FormatJson(Result("a\"b\\c\td\u0001é<>&€\r", exitCode: 1));

        Assert.That(json, Is.EqualTo("{\"output\":\"a\\\"b\\\\c\\td\\u0001é<>&€\\r\",\"metadata\":{\"exit_code\":1,\"duration_seconds\":0.1}}"));
    }

    [Test]
    public void FormatOutput_AtTheLimits_IsUnchanged()
    {
        string text = Lines(1, 256);

        Assert.That(ModelOutputFormatter.FormatOutput(Result(text)), Is.EqualTo(text));
    }

    [Test]
    public void FormatOutput_TooManyLines_KeepsHeadAndTailWithMarker()
    {
        string text = Lines(1, 300);

        string formatted = ModelOutputFormatter.FormatOutput(Result(text));

        Assert.That(formatted, Is.EqualTo(
            "Total output lines: 300\n\n" + Lines(1, 128) + "\n[... omitted 44 of 300 lines ...]\n\n" + Lines(173, 300)));
    }

    [Test]
    public void FormatOutput_OneHugeLine_IsCutByBytes()
    {
        string text = new('a', 20_000);

        string formatted = ModelOutputFormatter.FormatOutput(Result(text));

        string marker = "\n[... omitted 0 of 1 lines ...]\n\n";
        Assert.That(formatted, Is.EqualTo("Total output lines: 1\n\n" + new string('a', 5120) + marker));
    }

    [Test]
    public void FormatOutput_LongLines_TailFillsTheRemainingBudget()
    {
        // 200 lines of 100 bytes: under the line limit, over the byte limit.
        string text = string.Concat(Enumerable.Range(0, 200).Select(i => i.ToString("D3", System.Globalization.CultureInfo.InvariantCulture) + new string('x', 96) + "\n"));

        string formatted = ModelOutputFormatter.FormatOutput(Result(text));

        string body = formatted["Total output lines: 200\n\n".Length..];
        int markerStart = body.IndexOf("\n[... omitted 0 of 200 lines ...]\n\n", StringComparison.Ordinal);
        Assert.That(markerStart, Is.EqualTo(5120));
        Assert.That(Encoding.UTF8.GetByteCount(body), Is.EqualTo(10_240));
        Assert.That(text, Does.EndWith(body[(markerStart + "\n[... omitted 0 of 200 lines ...]\n\n".Length)..]));
    }

    [Test]
    public void FormatOutput_MultiByteCharacters_AreNeverSplit()
    {
        string text = new('€', 10_000);

        string formatted = ModelOutputFormatter.FormatOutput(Result(text));

        Assert.That(formatted, Does.Not.Contain("\uFFFD"));
        Assert.That(formatted, Does.StartWith("Total output lines: 1\n\n" + new string('€', 1706) + "\n[... omitted"));
    }

    [Test]
    public void FormatOutput_TimedOut_IsPrefixedWithTheDuration()
    {
        ExecResult result = Result("partial\n", exitCode: 124, seconds: 10.0004, timedOut: true);

        Assert.That(ModelOutputFormatter.FormatOutput(result), Is.EqualTo("command timed out after 10000 milliseconds\npartial\n"));
        Assert.That(ModelOutputFormatter.FormatJson(result), Does.Contain("\"exit_code\":124"));
    }

    [Test]
    public void FormatPlainText_Short_HasNoLineCount()
    {
        Assert.That(
            ModelOutputFormatter.FormatPlainText(Result("hi\n", exitCode: 2)),
            Is.EqualTo("Exit code: 2\nWall time: 0.1 seconds\nOutput:\nhi\n"));
    }

    [Test]
    public void FormatPlainText_Truncated_StatesTotalLines()
    {
        string formatted = ModelOutputFormatter.FormatPlainText(Result(Lines(1, 300)));

        Assert.That(formatted, Does.StartWith("Exit code: 0\nWall time: 0.1 seconds\nTotal output lines: 300\nOutput:\nTotal output lines: 300\n\nline 1\n"));
    }
}
