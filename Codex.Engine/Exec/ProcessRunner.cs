using System.ComponentModel;
using System.Diagnostics;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Exec;

/// <summary>
/// Runs one command (spec §7.7): argv directly, stdin <c>/dev/null</c>, both pipes read in
/// 8 KiB chunks that go to the sink and to the buffers, a timeout, and cancellation. Every
/// command is started through the sandbox launcher, so it leads its own process group and the
/// timeout or a cancellation kills the whole group, grandchildren included.
/// </summary>
public sealed class ProcessRunner
{
    /// <summary>The read size, and so the largest chunk a sink receives.</summary>
    public const int ChunkSize = 8192;

    /// <summary>The most chunks per stream passed to the sink; later output is only buffered.</summary>
    public const int MaxDeltasPerStream = 10_000;

    // After the command exits, background children may still hold the pipes open; this long we
    // wait for them to close before we stop reading.
    private static readonly TimeSpan DrainGrace = TimeSpan.FromSeconds(2);

    // How long we wait for the readers to notice they were cancelled before abandoning them.
    private static readonly TimeSpan ReaderStopGrace = TimeSpan.FromSeconds(1);

    private readonly ISandbox _sandbox;

    /// <summary>Creates a runner that starts commands through <paramref name="sandbox"/>.</summary>
    public ProcessRunner(ISandbox sandbox)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        _sandbox = sandbox;
    }

    /// <summary>
    /// Runs <paramref name="request"/> to completion or timeout. On timeout the process group is
    /// killed and the result has exit code 124 and <see cref="ExecResult.TimedOut"/> set.
    /// When <paramref name="cancellationToken"/> fires, the process group is killed and
    /// <see cref="OperationCanceledException"/> is thrown (no result).
    /// </summary>
    /// <exception cref="ArgumentException">argv is empty or the timeout is not positive.</exception>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="InvalidOperationException">The launcher could not be started.</exception>
    public async Task<ExecResult> RunAsync(ExecRequest request, IExecOutputSink? sink, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Argv.Count == 0)
        {
            throw new ArgumentException("command args are empty", nameof(request));
        }

        int timeoutMs = request.TimeoutMs ?? ExecRequest.DefaultTimeoutMs;
        if (timeoutMs <= 0)
        {
            throw new ArgumentException($"timeout must be positive, got {timeoutMs} ms", nameof(request));
        }

        if (!Directory.Exists(request.Cwd))
        {
            throw new DirectoryNotFoundException($"working directory '{request.Cwd}' does not exist");
        }

        cancellationToken.ThrowIfCancellationRequested();
        SandboxedCommand command = _sandbox.Wrap(request.Argv, request.Cwd, request.SandboxPolicy, request.Environment);
        using Process process = CreateProcess(command, request.Cwd);
        var stopwatch = Stopwatch.StartNew();
        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"failed to start '{command.FileName}': {e.Message}", e);
        }

        int pid = process.Id;
        process.StandardInput.Close();

        var capture = new OutputCapture(request.MaxRetainedBytes ?? OutputCapture.MaxRetainedBytes);
        int maxDeltas = request.MaxDeltasPerStream ?? MaxDeltasPerStream;
        using var readCancellation = new CancellationTokenSource();
        Task readers = Task.WhenAll(
            PumpAsync(process.StandardOutput.BaseStream, ExecOutputStream.Stdout, capture, sink, maxDeltas, readCancellation.Token),
            PumpAsync(process.StandardError.BaseStream, ExecOutputStream.Stderr, capture, sink, maxDeltas, readCancellation.Token));

        Task exited = process.WaitForExitAsync(CancellationToken.None);
        bool timedOut = false;
        using (var delayCancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken))
        {
            Task first = await Task.WhenAny(exited, Task.Delay(timeoutMs, delayCancellation.Token)).ConfigureAwait(false);
            delayCancellation.Cancel();
            if (first != exited)
            {
                KillProcessGroup(pid, includeLeader: true);
                await exited.ConfigureAwait(false);
                if (cancellationToken.IsCancellationRequested)
                {
                    await StopReadersAsync(readers, readCancellation).ConfigureAwait(false);
                    throw new OperationCanceledException("the command was cancelled", cancellationToken);
                }

                timedOut = true;
            }
        }

        TimeSpan duration = stopwatch.Elapsed;
        Task drained = await Task.WhenAny(readers, Task.Delay(DrainGrace, cancellationToken)).ConfigureAwait(false);
        if (drained != readers)
        {
            if (cancellationToken.IsCancellationRequested)
            {
                KillProcessGroup(pid, includeLeader: false);
                await StopReadersAsync(readers, readCancellation).ConfigureAwait(false);
                throw new OperationCanceledException("the command was cancelled", cancellationToken);
            }

            if (request.KillGroupAfterExit)
            {
                KillProcessGroup(pid, includeLeader: false);
            }

            await StopReadersAsync(readers, readCancellation).ConfigureAwait(false);
        }
        else
        {
            await readers.ConfigureAwait(false);
            if (request.KillGroupAfterExit)
            {
                KillProcessGroup(pid, includeLeader: false);
            }
        }

        (string stdout, string stderr, string aggregated) = capture.Decode();
        return new ExecResult
        {
            ExitCode = timedOut ? ExecResult.TimeoutExitCode : process.ExitCode,
            Stdout = stdout,
            Stderr = stderr,
            AggregatedOutput = aggregated,
            Duration = duration,
            TimedOut = timedOut,
        };
    }

    private static Process CreateProcess(SandboxedCommand command, string cwd)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (string argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment.Clear();
        foreach ((string name, string value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        return new Process { StartInfo = startInfo };
    }

    private static async Task PumpAsync(Stream pipe, ExecOutputStream stream, OutputCapture capture, IExecOutputSink? sink, int maxDeltas, CancellationToken cancellationToken)
    {
        byte[] buffer = new byte[ChunkSize];
        int deltas = 0;
        while (true)
        {
            int read = await pipe.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return;
            }

            capture.Append(stream, buffer.AsSpan(0, read));
            if (sink is not null && deltas < maxDeltas)
            {
                deltas++;
                await sink.OnOutputAsync(stream, buffer.AsSpan(0, read).ToArray(), cancellationToken).ConfigureAwait(false);
            }
        }
    }

    /// <summary>Cancels the readers and waits briefly; a reader stuck on a pipe held by an escaped process is abandoned.</summary>
    private static async Task StopReadersAsync(Task readers, CancellationTokenSource readCancellation)
    {
        await readCancellation.CancelAsync().ConfigureAwait(false);
        try
        {
            await readers.WaitAsync(ReaderStopGrace).ConfigureAwait(false);
        }
        catch (Exception e) when (e is OperationCanceledException or TimeoutException or IOException)
        {
            // Partial output is what we have; the abandoned task ends when the pipe closes.
            _ = readers.ContinueWith(t => t.Exception, TaskScheduler.Default);
        }
    }

    /// <summary>SIGKILL to the command's process group (its pgid is its pid, set by the launcher).</summary>
    private static void KillProcessGroup(int pid, bool includeLeader)
    {
        LinuxNative.kill(-pid, LinuxNative.SIGKILL);

        // Before the launcher has called setsid the group does not exist yet; kill the process itself.
        if (includeLeader)
        {
            LinuxNative.kill(pid, LinuxNative.SIGKILL);
        }
    }
}
