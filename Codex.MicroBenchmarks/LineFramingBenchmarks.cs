using System.IO.Pipelines;
using System.Text;
using BenchmarkDotNet.Attributes;
using Codex.Protocol.JsonRpc;

namespace Codex.MicroBenchmarks;

/// <summary>
/// <see cref="LineFramer"/> reading 1,000, 4,000 or 16,000 <c>tools/call</c> request lines from a
/// pipe, as the server reads stdin.
/// </summary>
[MemoryDiagnoser]
public class LineFramingBenchmarks
{
    private byte[] _input = [];

    /// <summary>Thousands of lines.</summary>
    [Params(1, 4, 16)]
    public int Scale { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        var text = new StringBuilder();
        for (var i = 0; i < Scale * 1000; i++)
        {
            text.Append("{\"jsonrpc\":\"2.0\",\"id\":").Append(i)
                .Append(",\"method\":\"tools/call\",\"params\":{\"name\":\"codex-reply\",\"arguments\":{\"threadId\":\"0199f3a2-6c1e-7d3b-9a51-3f0c2b7d9e10\",\"prompt\":\"turn ")
                .Append(i).Append(": run the tests and fix what fails\"}}}\n");
        }

        _input = Encoding.UTF8.GetBytes(text.ToString());
    }

    [Benchmark(Description = "LineFramer: read N lines")]
    public async Task<long> ReadLines()
    {
        var reader = PipeReader.Create(new MemoryStream(_input, writable: false), new StreamPipeReaderOptions(bufferSize: 64 * 1024));
        var framer = new LineFramer(reader);
        long bytes = 0;
        while (true)
        {
            var line = await framer.ReadLineAsync(CancellationToken.None).ConfigureAwait(false);
            if (line.Kind == FramedLineKind.EndOfStream)
            {
                await reader.CompleteAsync().ConfigureAwait(false);
                return bytes;
            }

            bytes += line.Length;
        }
    }
}
