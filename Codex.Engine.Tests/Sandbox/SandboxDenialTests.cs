using Codex.Engine.Exec;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Tests.Sandbox;

public sealed class SandboxDenialTests
{
    private static ExecResult Result(int exitCode, string stdout = "", string stderr = "", bool timedOut = false) => new()
    {
        ExitCode = exitCode,
        Stdout = stdout,
        Stderr = stderr,
        AggregatedOutput = stdout + stderr,
        Duration = TimeSpan.Zero,
        TimedOut = timedOut,
    };

    [TestCase(1, "", "bash: /x: Permission denied")]
    [TestCase(1, "", "touch: cannot touch 'x': Read-only file system")]
    [TestCase(2, "", "bash: socket: OPERATION NOT PERMITTED")]
    [TestCase(127, "seccomp said no", "")]
    [TestCase(126, "", "landlock")]
    [TestCase(1, "", "failed to write file")]
    [TestCase(125, "", "codex-linux-sandbox: Landlock is not available")]
    [TestCase(159, "", "")]
    public void IsLikelyDenied_DenialSigns_IsTrue(int exitCode, string stdout, string stderr)
    {
        Assert.That(SandboxDenial.IsLikelyDenied(Result(exitCode, stdout, stderr)), Is.True);
    }

    [TestCase(0, "", "Permission denied")]
    [TestCase(1, "", "error: no such file")]
    [TestCase(2, "", "usage")]
    [TestCase(126, "", "")]
    [TestCase(127, "", "codex-exec: foo: command not found")]
    [TestCase(137, "", "")]
    public void IsLikelyDenied_OrdinaryOutcome_IsFalse(int exitCode, string stdout, string stderr)
    {
        Assert.That(SandboxDenial.IsLikelyDenied(Result(exitCode, stdout, stderr)), Is.False);
    }

    [Test]
    public void IsLikelyDenied_Timeout_IsFalseEvenWithDenialText()
    {
        Assert.That(SandboxDenial.IsLikelyDenied(Result(124, "", "Permission denied", timedOut: true)), Is.False);
    }

    [Test]
    public void DenialReason_ChecksPhrasesInSpecOrder()
    {
        Assert.That(SandboxDenial.DenialReason(Result(1, "", "Operation not permitted; Permission denied")), Is.EqualTo("Permission denied"));
        Assert.That(SandboxDenial.DenialReason(Result(1, "", "Read-only file system")), Is.EqualTo("Read-only file system"));
        Assert.That(SandboxDenial.DenialReason(Result(1, "", "nope")), Is.Null);
    }
}
