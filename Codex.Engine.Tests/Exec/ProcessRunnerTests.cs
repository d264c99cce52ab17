using System.Text;
using Codex.Engine.Exec;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Tests.Exec;

public sealed class ProcessRunnerTests
{
    [Test]
    public async Task RunAsync_BothStreams_CapturesEachAndInterleavedAggregate()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        var sink = new RecordingSink();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["bash", "-c", "echo out; sleep 0.2; echo err >&2; sleep 0.2; echo out2; exit 3"], scratch.Path),
            sink,
            timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(3));
        Assert.That(result.Stdout, Is.EqualTo("out\nout2\n"));
        Assert.That(result.Stderr, Is.EqualTo("err\n"));
        Assert.That(result.AggregatedOutput, Is.EqualTo("out\nerr\nout2\n"));
        Assert.That(result.TimedOut, Is.False);
        Assert.That(Encoding.UTF8.GetString(sink.BytesOf(ExecOutputStream.Stdout)), Is.EqualTo("out\nout2\n"));
        Assert.That(Encoding.UTF8.GetString(sink.BytesOf(ExecOutputStream.Stderr)), Is.EqualTo("err\n"));
    }

    [Test]
    public async Task RunAsync_Argv_RunsDirectlyWithoutShellExpansion()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["echo", "$HOME", "*", "a  b"], scratch.Path), null, timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo("$HOME * a  b\n"));
    }

    [Test]
    public async Task RunAsync_Cwd_IsTheRequestedDirectory()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(TestLauncher.Request(["pwd"], scratch.Path), null, timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo(scratch.Path + "\n"));
    }

    [Test]
    public async Task RunAsync_Stdin_IsDevNull()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["bash", "-c", "readlink /proc/self/fd/0; cat; echo done"], scratch.Path), null, timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo("/dev/null\ndone\n"));
    }

    [Test]
    public async Task RunAsync_Command_LeadsItsOwnProcessGroupAndSession()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        // Fields 5 and 6 of /proc/<pid>/stat are the process group and the session.
        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["bash", "-c", "s=$(cat /proc/$$/stat); s=${s##*) }; set -- $s; echo \"$$ $3 $4\""], scratch.Path),
            null,
            timeout.Token);

        string[] ids = result.Stdout.Trim().Split(' ');
        Assert.That(ids, Has.Length.EqualTo(3));
        Assert.That(ids[1], Is.EqualTo(ids[0]), "pgid == pid");
        Assert.That(ids[2], Is.EqualTo(ids[0]), "sid == pid");
    }

    [Test]
    public async Task RunAsync_PipeToClosedReader_EndsQuietlyBecauseSigpipeIsDefault()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["bash", "-c", "yes | head -n 2"], scratch.Path), null, timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout, Is.EqualTo("y\ny\n"));
        Assert.That(result.Stderr, Is.Empty);
    }

    [Test]
    public async Task RunAsync_LargeOutput_ArrivesInChunksOfAtMost8192Bytes()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        var sink = new RecordingSink();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["head", "-c", "300000", "/dev/zero"], scratch.Path), sink, timeout.Token);

        Assert.That(result.Stdout, Has.Length.EqualTo(300_000));
        Assert.That(sink.Chunks.Select(c => c.Chunk.Length), Has.All.InRange(1, ProcessRunner.ChunkSize));
        Assert.That(sink.BytesOf(ExecOutputStream.Stdout), Has.Length.EqualTo(300_000));
        Assert.That(sink.Chunks.Count, Is.GreaterThanOrEqualTo(300_000 / ProcessRunner.ChunkSize));
    }

    [Test]
    public async Task RunAsync_InvalidUtf8_IsDecodedLossily()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["printf", "a\\377b\\342\\202\\254"], scratch.Path), null, timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo("a\uFFFDb€"));
    }

    [Test]
    public async Task RunAsync_MissingCommand_Exits127WithMessage()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["no-such-command-for-codex-tests"], scratch.Path), null, timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(127));
        Assert.That(result.Stderr, Does.Contain("no-such-command-for-codex-tests: command not found"));
        Assert.That(SandboxDenial.IsLikelyDenied(result), Is.False);
    }

    [Test]
    public async Task RunAsync_NonExecutableFile_Exits126()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string script = scratch.Combine("not-executable.sh");
        await File.WriteAllTextAsync(script, "#!/bin/sh\necho hi\n", timeout.Token);

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(TestLauncher.Request([script], scratch.Path), null, timeout.Token);

        Assert.That(result.ExitCode, Is.EqualTo(126));
        Assert.That(result.Stderr, Does.Contain("Permission denied"));
    }

    [Test]
    [System.Runtime.Versioning.SupportedOSPlatform("linux")]
    public async Task RunAsync_ScriptWithoutShebang_RunsThroughSh()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string script = scratch.Combine("plain.sh");
        await File.WriteAllTextAsync(script, "echo from-sh \"$1\"\n", timeout.Token);
        File.SetUnixFileMode(script, UnixFileMode.UserRead | UnixFileMode.UserExecute | UnixFileMode.UserWrite);

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(TestLauncher.Request([script, "arg"], scratch.Path), null, timeout.Token);

        Assert.That(result.Stdout, Is.EqualTo("from-sh arg\n"));
    }

    [Test]
    public async Task RunAsync_Timeout_KillsTheWholeProcessGroup()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string pidFile = scratch.Combine("grandchild.pid");

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["bash", "-c", $"sleep 30 & echo $! > '{pidFile}'; echo started; sleep 30; wait"], scratch.Path, timeoutMs: 1500),
            null,
            timeout.Token);

        Assert.That(result.TimedOut, Is.True);
        Assert.That(result.ExitCode, Is.EqualTo(124));
        Assert.That(result.Stdout, Is.EqualTo("started\n"));
        int grandchild = int.Parse(await File.ReadAllTextAsync(pidFile, timeout.Token), System.Globalization.CultureInfo.InvariantCulture);
        Assert.That(await ProcessLiveness.WaitUntilGoneAsync(grandchild, TimeSpan.FromSeconds(5), timeout.Token), Is.True, "background sleep survived the timeout");
    }

    [Test]
    public async Task RunAsync_Cancelled_KillsTheProcessGroupAndThrows()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        using var cancel = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token);
        string pidFile = scratch.Combine("grandchild.pid");

        Task<ExecResult> run = TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["bash", "-c", $"sleep 30 & echo $! > '{pidFile}'; sleep 30; wait"], scratch.Path, timeoutMs: 60_000),
            null,
            cancel.Token);
        int grandchild = await ProcessLiveness.ReadPidFileAsync(pidFile, timeout.Token);
        await cancel.CancelAsync();

        Assert.That(async () => await run, Throws.InstanceOf<OperationCanceledException>());
        Assert.That(await ProcessLiveness.WaitUntilGoneAsync(grandchild, TimeSpan.FromSeconds(5), timeout.Token), Is.True, "background sleep survived cancellation");
    }

    [Test]
    public async Task RunAsync_BackgroundChildHoldsPipes_ReturnsSoonAfterTheCommandExits()
    {
        using var scratch = new ScratchDirectory();
        using CancellationTokenSource timeout = TestLauncher.Timeout();
        string pidFile = scratch.Combine("background.pid");

        ExecResult result = await TestLauncher.CreateRunner().RunAsync(
            TestLauncher.Request(["bash", "-c", $"sleep 30 & echo $! > '{pidFile}'; echo parent-done"], scratch.Path, timeoutMs: 20_000),
            null,
            timeout.Token);

        Assert.That(result.TimedOut, Is.False);
        Assert.That(result.ExitCode, Is.EqualTo(0));
        Assert.That(result.Stdout, Is.EqualTo("parent-done\n"));
        LinuxKill(int.Parse(await File.ReadAllTextAsync(pidFile, timeout.Token), System.Globalization.CultureInfo.InvariantCulture));
    }

    [Test]
    public void RunAsync_EmptyArgv_Throws()
    {
        using var scratch = new ScratchDirectory();

        Assert.That(
            async () => await TestLauncher.CreateRunner().RunAsync(TestLauncher.Request([], scratch.Path), null, CancellationToken.None),
            Throws.ArgumentException.With.Message.Contains("command args are empty"));
    }

    [Test]
    public void RunAsync_MissingCwd_Throws()
    {
        using var scratch = new ScratchDirectory();

        Assert.That(
            async () => await TestLauncher.CreateRunner().RunAsync(TestLauncher.Request(["true"], scratch.Combine("missing")), null, CancellationToken.None),
            Throws.InstanceOf<DirectoryNotFoundException>());
    }

    [Test]
    public void RunAsync_MissingLauncher_ThrowsClearError()
    {
        using var scratch = new ScratchDirectory();
        var runner = new ProcessRunner(new LinuxSandbox(new SandboxLauncher(scratch.Combine("no-launcher"), [])));

        Assert.That(
            async () => await runner.RunAsync(TestLauncher.Request(["true"], scratch.Path), null, CancellationToken.None),
            Throws.InvalidOperationException.With.Message.Contains("failed to start"));
    }

    private static void LinuxKill(int pid)
    {
        try
        {
            System.Diagnostics.Process.GetProcessById(pid).Kill();
        }
        catch (ArgumentException)
        {
            // Already gone.
        }
    }
}
