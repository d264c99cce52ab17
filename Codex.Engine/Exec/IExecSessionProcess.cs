using Codex.Engine.Exec.Pty;

namespace Codex.Engine.Exec;

/// <summary>
/// A command started for unified exec that may outlive the call that started it: on a pty
/// (<see cref="PtyProcess"/>, <c>tty: true</c>) or on plain pipes (<see cref="PipeProcess"/>).
/// <see cref="IDisposable.Dispose"/> kills its process group.
/// </summary>
internal interface IExecSessionProcess : IDisposable
{
    /// <summary>What it printed, not yet handed to a call (stdout and stderr merged in arrival order).</summary>
    PtyOutputBuffer Output { get; }

    /// <summary>Completes with the exit code once the command exited and its output was read.</summary>
    Task<int> Completion { get; }

    /// <summary>Whether <see cref="Write"/> can reach the command (only a pty keeps stdin open).</summary>
    bool AcceptsInput { get; }

    /// <summary>Writes <paramref name="text"/> to the command's stdin.</summary>
    /// <exception cref="IOException">Stdin is closed.</exception>
    void Write(string text);

    /// <summary>The whole output so far as a finished command's result (for <c>exec_command_end</c>).</summary>
    ExecResult Result(int exitCode, TimeSpan duration);
}
