using System.IO.Pipelines;
using System.Text;
using Codex.Protocol.JsonRpc;

namespace Codex.Protocol.Tests.JsonRpc;

[TestFixture]
public sealed class LineFramerTests
{
    private static CancellationTokenSource Timeout() => new(TimeSpan.FromSeconds(30));

    [Test]
    public async Task ReadLineAsync_LinesWrittenByteByByte_ReassemblesEachLine()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        var input = """{"jsonrpc":"2.0","method":"a"}""" + "\n" + """{"id":1,"result":{"text":"héllo"}}""" + "\n";
        var writing = WriteChunksAsync(pipe.Writer, Encoding.UTF8.GetBytes(input), chunkSize: 1, cts.Token);
        var framer = new LineFramer(pipe.Reader);

        var lines = await ReadAllAsync(framer, cts.Token);
        await writing;

        Assert.That(lines, Is.EqualTo(new[] { """{"jsonrpc":"2.0","method":"a"}""", """{"id":1,"result":{"text":"héllo"}}""", "<eos>" }));
    }

    [Test]
    public async Task ReadLineAsync_CrLfTerminators_StripsTheCarriageReturn()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        await WriteAndCompleteAsync(pipe.Writer, "one\r\ntwo\r\n", cts.Token);

        var lines = await ReadAllAsync(new LineFramer(pipe.Reader), cts.Token);

        Assert.That(lines, Is.EqualTo(new[] { "one", "two", "<eos>" }));
    }

    [Test]
    public async Task ReadLineAsync_BlankLines_AreSkipped()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        await WriteAndCompleteAsync(pipe.Writer, "\n\r\n   \t\nfirst\n\n\nsecond\n\r\n", cts.Token);

        var lines = await ReadAllAsync(new LineFramer(pipe.Reader), cts.Token);

        Assert.That(lines, Is.EqualTo(new[] { "first", "second", "<eos>" }));
    }

    [Test]
    public async Task ReadLineAsync_FinalLineWithoutTerminator_IsStillALine()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        await WriteAndCompleteAsync(pipe.Writer, "first\nlast", cts.Token);

        var lines = await ReadAllAsync(new LineFramer(pipe.Reader), cts.Token);

        Assert.That(lines, Is.EqualTo(new[] { "first", "last", "<eos>" }));
    }

    [Test]
    public async Task ReadLineAsync_EmptyInput_EndOfStream()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        await pipe.Writer.CompleteAsync();

        var line = await new LineFramer(pipe.Reader).ReadLineAsync(cts.Token);

        Assert.That(line.Kind, Is.EqualTo(FramedLineKind.EndOfStream));
    }

    [Test]
    public async Task ReadLineAsync_OnlyBlankLinesThenEnd_EndOfStream()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        await WriteAndCompleteAsync(pipe.Writer, "\n\n  ", cts.Token);

        var lines = await ReadAllAsync(new LineFramer(pipe.Reader), cts.Token);

        Assert.That(lines, Is.EqualTo(new[] { "<eos>" }));
    }

    [Test]
    public async Task ReadLineAsync_LineOverTheLimit_TooLongThenTheNextLineIsRead()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        var oversize = new string('x', 50);
        await WriteAndCompleteAsync(pipe.Writer, $"short\n{oversize}\nnext\n", cts.Token);
        var framer = new LineFramer(pipe.Reader, maxLineBytes: 10);

        var first = await framer.ReadLineAsync(cts.Token);
        var firstText = Text(first);
        var second = await framer.ReadLineAsync(cts.Token);
        var third = await framer.ReadLineAsync(cts.Token);
        var thirdText = Text(third);
        var fourth = await framer.ReadLineAsync(cts.Token);

        using (Assert.EnterMultipleScope())
        {
            Assert.That(firstText, Is.EqualTo("short"));
            Assert.That(second.Kind, Is.EqualTo(FramedLineKind.TooLong));
            Assert.That(second.Length, Is.EqualTo(50));
            Assert.That(thirdText, Is.EqualTo("next"));
            Assert.That(fourth.Kind, Is.EqualTo(FramedLineKind.EndOfStream));
        }
    }

    [Test]
    public async Task ReadLineAsync_LineExactlyAtTheLimit_IsALine()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        await WriteAndCompleteAsync(pipe.Writer, "0123456789\n", cts.Token);

        var line = await new LineFramer(pipe.Reader, maxLineBytes: 10).ReadLineAsync(cts.Token);

        Assert.That(Text(line), Is.EqualTo("0123456789"));
    }

    [Test]
    public async Task ReadLineAsync_HugeLineArrivingInChunks_IsDiscardedWithoutBufferingItWhole()
    {
        using var cts = Timeout();

        // The writer is paused once 16 KiB sit unconsumed in the pipe. Were the framer to keep the
        // oversize line until its terminator, the 1 MiB write below could never finish.
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 16 * 1024, resumeWriterThreshold: 8 * 1024));
        const int hugeLength = 1024 * 1024;
        var payload = new byte[hugeLength + "\nafter\n".Length];
        Array.Fill(payload, (byte)'y', 0, hugeLength);
        Encoding.ASCII.GetBytes("\nafter\n").CopyTo(payload, hugeLength);
        var writing = WriteChunksAsync(pipe.Writer, payload, chunkSize: 4096, cts.Token);
        var framer = new LineFramer(pipe.Reader, maxLineBytes: 64);

        var first = await framer.ReadLineAsync(cts.Token);
        var second = await framer.ReadLineAsync(cts.Token);
        var secondText = Text(second);
        await writing;

        using (Assert.EnterMultipleScope())
        {
            Assert.That(first.Kind, Is.EqualTo(FramedLineKind.TooLong));
            Assert.That(first.Length, Is.EqualTo(hugeLength));
            Assert.That(secondText, Is.EqualTo("after"));
        }
    }

    [Test]
    public async Task ReadLineAsync_OversizeLineCutOffByEndOfInput_TooLongThenEndOfStream()
    {
        using var cts = Timeout();
        var pipe = new Pipe();
        await WriteAndCompleteAsync(pipe.Writer, "ok\n" + new string('z', 100), cts.Token);
        var framer = new LineFramer(pipe.Reader, maxLineBytes: 8);

        var lines = await ReadAllAsync(framer, cts.Token);

        Assert.That(lines, Is.EqualTo(new[] { "ok", "<too long: 100>", "<eos>" }));
    }

    [Test]
    public void Constructor_LimitBelowOne_Throws() =>
        Assert.That(() => new LineFramer(new Pipe().Reader, maxLineBytes: 0), Throws.InstanceOf<ArgumentOutOfRangeException>());

    private static string Text(FramedLine line) =>
        line.Kind == FramedLineKind.Line ? Encoding.UTF8.GetString(line.Bytes.Span) : $"<{line.Kind}>";

    private static async Task<List<string>> ReadAllAsync(LineFramer framer, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        while (true)
        {
            var line = await framer.ReadLineAsync(cancellationToken);
            switch (line.Kind)
            {
                case FramedLineKind.EndOfStream:
                    lines.Add("<eos>");
                    return lines;
                case FramedLineKind.TooLong:
                    lines.Add($"<too long: {line.Length}>");
                    break;
                default:
                    lines.Add(Text(line));
                    break;
            }
        }
    }

    private static async Task WriteAndCompleteAsync(PipeWriter writer, string text, CancellationToken cancellationToken)
    {
        await writer.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
        await writer.CompleteAsync();
    }

    private static async Task WriteChunksAsync(PipeWriter writer, byte[] bytes, int chunkSize, CancellationToken cancellationToken)
    {
        // Yield first so the reader is already waiting when the first byte lands.
        await Task.Yield();
        for (var offset = 0; offset < bytes.Length; offset += chunkSize)
        {
            var count = Math.Min(chunkSize, bytes.Length - offset);
            await writer.WriteAsync(bytes.AsMemory(offset, count), cancellationToken);
        }

        await writer.CompleteAsync();
    }
}
