using System.Runtime.ExceptionServices;
using Codex.Engine.Exec.Pty;

namespace Codex.Engine.Exec;

/// <summary>
/// A unified exec command on plain pipes (<c>tty</c> false or omitted), as upstream runs it: stdin
/// closed, stdout and stderr read as they arrive into one <see cref="Output"/>. It is
/// <see cref="ProcessRunner"/> with no timeout, so the launcher, the process group and its kill on
/// <see cref="Dispose"/> are the same as for <c>shell</c>; what is left of the group when the command
/// exits is killed after the output drained.
/// </summary>
internal sealed class PipeProcess : IExecSessionProcess
{
    /// <summary>The exit code reported for a command we killed (128 + SIGKILL, as a shell says).</summary>
    public const int KilledExitCode = 137;

    private readonly CancellationTokenSource _kill = new();
    private readonly Lock _lock = new();
    private ExecResult? _result;
    private bool _finished;

    private PipeProcess()
    {
    }

    public PtyOutputBuffer Output { get; } = new();

    public Task<int> Completion { get; private set; } = null!;

    public bool AcceptsInput => false;

    /// <summary>Starts <paramref name="request"/> through <paramref name="runner"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="InvalidOperationException">The launcher could not be started.</exception>
    public static PipeProcess Start(ProcessRunner runner, ExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(runner);
        ArgumentNullException.ThrowIfNull(request);
        var process = new PipeProcess();
        var run = runner.RunAsync(
            request with
            {
                // A session lives until it exits or is killed; its output stays within the pty's bounds.
                TimeoutMs = int.MaxValue,
                MaxRetainedBytes = PtyOutputBuffer.MaxAggregateBytes,
                MaxDeltasPerStream = int.MaxValue,

                // Once the session is over nothing could reach its background children any more (a pty session kills them too).
                KillGroupAfterExit = true,
            },
            new BufferSink(process.Output),
            process._kill.Token);

        // The runner checks its input and starts the launcher before its first await: a failed start is already here.
        if (run.IsFaulted)
        {
            process.Finish();
            ExceptionDispatchInfo.Throw(run.Exception!.InnerException!);
        }

        process.Completion = process.CompleteAsync(run);
        return process;
    }

    public void Write(string text) => throw new IOException("stdin is closed for this session");

    public ExecResult Result(int exitCode, TimeSpan duration)
    {
        if (Volatile.Read(ref _result) is { } result)
        {
            return result with { ExitCode = exitCode, Duration = duration };
        }

        var aggregate = Output.Aggregate();
        return new ExecResult { ExitCode = exitCode, Stdout = aggregate, Stderr = string.Empty, AggregatedOutput = aggregate, Duration = duration };
    }

    /// <summary>Kills the process group (the runner's cancellation does it).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (!_finished)
            {
                _kill.Cancel();
            }
        }
    }

    private async Task<int> CompleteAsync(Task<ExecResult> run)
    {
        try
        {
            var result = await run.ConfigureAwait(false);
            Volatile.Write(ref _result, result);
            return result.ExitCode;
        }
        catch (OperationCanceledException)
        {
            return KilledExitCode;
        }
        finally
        {
            Finish();
        }
    }

    private void Finish()
    {
        lock (_lock)
        {
            _finished = true;
            _kill.Dispose();
        }
    }

    /// <summary>Feeds both pipes into the one buffer the tool calls read.</summary>
    private sealed class BufferSink(PtyOutputBuffer output) : IExecOutputSink
    {
        public ValueTask OnOutputAsync(ExecOutputStream stream, ReadOnlyMemory<byte> chunk, CancellationToken cancellationToken)
        {
            output.Append(chunk.Span);
            return ValueTask.CompletedTask;
        }
    }
}
