using System.ComponentModel;
using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Exec.Pty;

/// <summary>
/// A command running on a pseudo-terminal (unified exec). The pty comes from <c>openpty</c>; the
/// sandbox launcher opens its slave after <c>setsid</c>, so it is the controlling terminal and
/// stdio of the command, which leads its own process group. A thread reads the master until no
/// process holds the slave any more. <see cref="Dispose"/> kills the group.
/// </summary>
internal sealed class PtyProcess : IExecSessionProcess
{
    // How long output may still arrive after the command exited (background children that keep
    // the terminal open are killed after it).
    private static readonly TimeSpan DrainGrace = TimeSpan.FromMilliseconds(300);

    private readonly Lock _fdLock = new();
    private readonly Process _process;
    private readonly TaskCompletionSource _readerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _master;
    private int _slave;
    private int _disposed;

    private PtyProcess(Process process, int master, int slave)
    {
        _process = process;
        _master = master;
        _slave = slave;
        Pid = process.Id;
    }

    /// <summary>The launcher's pid, which is also the command's process-group id.</summary>
    public int Pid { get; }

    /// <summary>What the terminal printed.</summary>
    public PtyOutputBuffer Output { get; } = new();

    /// <summary>Completes with the exit code once the command exited and its output was read.</summary>
    public Task<int> Completion { get; private set; } = null!;

    /// <summary>A terminal takes input for as long as the command runs.</summary>
    public bool AcceptsInput => true;

    /// <summary>Starts <paramref name="request"/> on a new pty through <paramref name="sandbox"/>.</summary>
    /// <exception cref="DirectoryNotFoundException">The working directory does not exist.</exception>
    /// <exception cref="InvalidOperationException">No pty could be opened, or the launcher did not start.</exception>
    public static PtyProcess Start(ISandbox sandbox, ExecRequest request)
    {
        ArgumentNullException.ThrowIfNull(sandbox);
        ArgumentNullException.ThrowIfNull(request);
        if (!Directory.Exists(request.Cwd))
        {
            throw new DirectoryNotFoundException($"working directory '{request.Cwd}' does not exist");
        }

        var size = new PtyNative.WinSize { Rows = 24, Columns = 80 };
        if (PtyNative.openpty(out int master, out int slave, 0, 0, in size) != 0)
        {
            throw new InvalidOperationException($"openpty failed: {LinuxNative.LastErrorMessage()}");
        }

        try
        {
            // Our copies must not leak into other commands started meanwhile.
            PtyNative.fcntl(master, PtyNative.F_SETFD, PtyNative.FD_CLOEXEC);
            PtyNative.fcntl(slave, PtyNative.F_SETFD, PtyNative.FD_CLOEXEC);
            string slavePath = SlavePath(slave);
            SandboxedCommand command = sandbox.Wrap(request.Argv, request.Cwd, request.SandboxPolicy, request.Environment);
            var process = new Process { StartInfo = StartInfo(command, request.Cwd, slavePath) };
            try
            {
                process.Start();
            }
            catch (Win32Exception e)
            {
                process.Dispose();
                throw new InvalidOperationException($"failed to start '{command.FileName}': {e.Message}", e);
            }

            process.StandardInput.Close();
            var pty = new PtyProcess(process, master, slave);
            pty.Begin();
            return pty;
        }
        catch
        {
            PtyNative.close(master);
            PtyNative.close(slave);
            throw;
        }
    }

    /// <summary>Writes <paramref name="text"/> to the terminal, as if typed.</summary>
    /// <exception cref="IOException">The terminal is closed.</exception>
    public void Write(string text)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(text);
        int offset = 0;
        lock (_fdLock)
        {
            while (offset < bytes.Length)
            {
                if (_master < 0)
                {
                    throw new IOException("the process's terminal is closed");
                }

                nint written = PtyNative.write(_master, ref bytes[offset], (nuint)(bytes.Length - offset));
                if (written < 0)
                {
                    int errno = Marshal.GetLastPInvokeError();
                    if (errno is PtyNative.EINTR or PtyNative.EAGAIN)
                    {
                        continue;
                    }

                    throw new IOException($"writing to the terminal failed: {Marshal.GetPInvokeErrorMessage(errno)}");
                }

                offset += (int)written;
            }
        }
    }

    /// <summary>The terminal merges stdout and stderr: its whole output is the result's stdout.</summary>
    public ExecResult Result(int exitCode, TimeSpan duration)
    {
        var aggregate = Output.Aggregate();
        return new ExecResult { ExitCode = exitCode, Stdout = aggregate, Stderr = string.Empty, AggregatedOutput = aggregate, Duration = duration };
    }

    /// <summary>SIGKILL to the whole process group (and the leader, in case it has not called setsid yet).</summary>
    public void Kill()
    {
        LinuxNative.kill(-Pid, LinuxNative.SIGKILL);
        if (!_process.HasExited)
        {
            LinuxNative.kill(Pid, LinuxNative.SIGKILL);
        }
    }

    /// <summary>Kills the group; the reader closes the terminal once every holder is gone.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        Kill();

        // Completion still reads the launcher's exit code: its Process object goes only after that.
        _ = Completion.ContinueWith(_ => _process.Dispose(), CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
    }

    private void Begin()
    {
        var reader = new Thread(ReadLoop) { IsBackground = true, Name = $"pty-{Pid}" };
        reader.Start();

        // Setup errors of the launcher (before it attached the terminal) arrive on its stderr pipe.
        Task stderr = PumpStderrAsync(_process.StandardError.BaseStream);
        Task stdout = _process.StandardOutput.BaseStream.CopyToAsync(Stream.Null);
        Completion = CompleteAsync(stderr, stdout);
    }

    private async Task<int> CompleteAsync(Task stderr, Task stdout)
    {
        await _process.WaitForExitAsync().ConfigureAwait(false);
        int exitCode = _process.ExitCode;
        await Task.WhenAll(stderr, stdout).ConfigureAwait(false);

        // Our slave copy kept reads from failing while the command started; now only the
        // command's children hold it, and the reader sees EIO once they are gone.
        CloseSlave();
        if (await Task.WhenAny(_readerDone.Task, Task.Delay(DrainGrace)).ConfigureAwait(false) != _readerDone.Task)
        {
            LinuxNative.kill(-Pid, LinuxNative.SIGKILL);
            await Task.WhenAny(_readerDone.Task, Task.Delay(DrainGrace)).ConfigureAwait(false);
        }

        return exitCode;
    }

    private async Task PumpStderrAsync(Stream stream)
    {
        byte[] buffer = new byte[4096];
        int read;
        while ((read = await stream.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            Output.Append(buffer.AsSpan(0, read));
        }
    }

    private void ReadLoop()
    {
        byte[] buffer = new byte[ProcessRunner.ChunkSize];
        try
        {
            while (true)
            {
                nint read = PtyNative.read(_master, ref buffer[0], (nuint)buffer.Length);
                if (read > 0)
                {
                    Output.Append(buffer.AsSpan(0, (int)read));
                    continue;
                }

                // 0 or EIO: no process holds the slave any more.
                if (read < 0 && Marshal.GetLastPInvokeError() == PtyNative.EINTR)
                {
                    continue;
                }

                break;
            }
        }
        finally
        {
            lock (_fdLock)
            {
                PtyNative.close(_master);
                _master = -1;
            }

            CloseSlave();
            _readerDone.TrySetResult();
        }
    }

    private void CloseSlave()
    {
        lock (_fdLock)
        {
            if (_slave >= 0)
            {
                PtyNative.close(_slave);
                _slave = -1;
            }
        }
    }

    private static string SlavePath(int slave)
    {
        byte[] name = new byte[256];
        int error = PtyNative.ttyname_r(slave, ref name[0], (nuint)name.Length);
        if (error != 0)
        {
            throw new InvalidOperationException($"ttyname_r failed: {Marshal.GetPInvokeErrorMessage(error)}");
        }

        return Encoding.UTF8.GetString(name, 0, Array.IndexOf(name, (byte)0));
    }

    private static ProcessStartInfo StartInfo(SandboxedCommand command, string cwd, string slavePath)
    {
        var startInfo = new ProcessStartInfo(command.FileName)
        {
            UseShellExecute = false,
            WorkingDirectory = cwd,
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        bool inserted = false;
        foreach (string argument in command.Arguments)
        {
            startInfo.ArgumentList.Add(argument);
            if (!inserted && argument == LauncherOptions.RunAsSandboxFlag)
            {
                startInfo.ArgumentList.Add(LauncherOptions.PtyOption);
                startInfo.ArgumentList.Add(slavePath);
                inserted = true;
            }
        }

        if (!inserted)
        {
            throw new InvalidOperationException("the sandbox did not start the command through the launcher, so it cannot get a terminal");
        }

        startInfo.Environment.Clear();
        foreach ((string name, string value) in command.Environment)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }
}
