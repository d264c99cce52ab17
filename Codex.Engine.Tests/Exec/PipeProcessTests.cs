using Codex.Engine.Exec;
using Codex.Engine.Exec.Pty;

namespace Codex.Engine.Tests.Exec;

/// <summary>A unified exec session on plain pipes, through the real launcher.</summary>
public sealed class PipeProcessTests
{
    [Test]
    public async Task Start_BothStreams_MergedInArrivalOrderForTheModelAndSplitInTheResult()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        using var process = PipeProcess.Start(TestLauncher.CreateRunner(), TestLauncher.Request(["bash", "-c", "echo out; sleep 0.2; echo err >&2; sleep 0.2; echo out2; exit 3"], scratch.Path));

        int exitCode = await process.Completion.WaitAsync(timeout.Token);

        Assert.That(exitCode, Is.EqualTo(3));
        var merged = string.Concat(process.Output.TakePending().Select(chunk => System.Text.Encoding.UTF8.GetString(chunk)));
        Assert.That(merged, Is.EqualTo("out\nerr\nout2\n"));
        var result = process.Result(exitCode, TimeSpan.FromSeconds(1));
        Assert.That((result.ExitCode, result.Stdout, result.Stderr, result.AggregatedOutput), Is.EqualTo((3, "out\nout2\n", "err\n", "out\nerr\nout2\n")));
    }

    [Test]
    public async Task Write_AnyText_StdinIsClosedAndTheCommandSawEndOfFile()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        using var process = PipeProcess.Start(TestLauncher.CreateRunner(), TestLauncher.Request(["bash", "-c", "if read -r line; then echo got; else echo eof; fi"], scratch.Path));

        Assert.That(process.AcceptsInput, Is.False);
        Assert.Throws<IOException>(() => process.Write("hello\n"));
        await process.Completion.WaitAsync(timeout.Token);
        Assert.That(process.Output.Aggregate(), Is.EqualTo("eof\n"));
    }

    [Test]
    public async Task Dispose_RunningCommand_KillsTheProcessGroup()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        var pidFile = scratch.Combine("child.pid");
        var process = PipeProcess.Start(TestLauncher.CreateRunner(), TestLauncher.Request(["bash", "-c", $"sleep 60 & echo $! > {pidFile}; wait"], scratch.Path));
        int child = await ProcessLiveness.ReadPidFileAsync(pidFile, timeout.Token);
        Assert.That(ProcessLiveness.IsRunning(child), Is.True);

        process.Dispose();

        Assert.That(await process.Completion.WaitAsync(timeout.Token), Is.EqualTo(PipeProcess.KilledExitCode));
        Assert.That(await ProcessLiveness.WaitUntilGoneAsync(child, TimeSpan.FromSeconds(5), timeout.Token), Is.True, "the background child died with the group");
        process.Dispose();
    }

    [Test]
    public async Task Completion_BackgroundChildHoldsThePipes_EndsAndTheChildIsKilledWithTheGroup()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        var pidFile = scratch.Combine("child.pid");
        using var process = PipeProcess.Start(TestLauncher.CreateRunner(), TestLauncher.Request(["bash", "-c", $"sleep 60 & echo $! > {pidFile}; echo parent done"], scratch.Path));
        int child = await ProcessLiveness.ReadPidFileAsync(pidFile, timeout.Token);

        Assert.That(await process.Completion.WaitAsync(timeout.Token), Is.EqualTo(0));
        Assert.That(process.Output.Aggregate(), Is.EqualTo("parent done\n"));
        Assert.That(await ProcessLiveness.WaitUntilGoneAsync(child, TimeSpan.FromSeconds(5), timeout.Token), Is.True, "no orphan outlives the session");
    }

    [Test]
    public void Start_MissingWorkingDirectory_Throws()
    {
        using var scratch = new ScratchDirectory();

        Assert.Throws<DirectoryNotFoundException>(() => PipeProcess.Start(TestLauncher.CreateRunner(), TestLauncher.Request(["true"], scratch.Combine("missing"))));
    }

    [Test]
    public async Task Start_MoreOutputThanKept_ResultAndPendingBoundedAndTheTailStillArrives()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        using var process = PipeProcess.Start(TestLauncher.CreateRunner(), TestLauncher.Request(["bash", "-c", "head -c 3000000 /dev/zero | tr '\\0' a; echo END"], scratch.Path));

        int exitCode = await process.Completion.WaitAsync(timeout.Token);

        var pending = process.Output.TakePending().SelectMany(chunk => chunk).ToArray();
        var result = process.Result(exitCode, TimeSpan.Zero);
        Assert.That(result.Stdout, Has.Length.EqualTo(PtyOutputBuffer.MaxAggregateBytes), "the end event keeps the head, bounded");
        Assert.That(pending, Has.Length.LessThanOrEqualTo(PtyOutputBuffer.MaxPendingBytes), "output nobody polled is bounded");
        Assert.That(System.Text.Encoding.ASCII.GetString(pending[^5..]), Is.EqualTo("aEND\n"), "the newest output is what is kept");
    }
}
