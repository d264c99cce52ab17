using System.Diagnostics;
using Codex.Engine.Config;
using Codex.Engine.Tests.Config;
using Codex.Engine.Tools.UnifiedExec;

namespace Codex.Engine.Tests.Tools.UnifiedExec;

/// <summary>The waits, the empty-poll ceiling and the default shell of unified exec, as 0.153.4 has them.</summary>
public sealed class UnifiedExecLimitsTests
{
    [TestCase(null, 10_000)]
    [TestCase(1, 250)]
    [TestCase(1_000, 1_000)]
    [TestCase(600_000, 30_000)]
    public void ClampExecYield_Requested_WithinUpstreamRange(int? requested, int expected) =>
        Assert.That(UnifiedExecOutput.ClampExecYield(requested), Is.EqualTo(expected));

    [TestCase(null, false, 250)]
    [TestCase(1, false, 250)]
    [TestCase(2_000, false, 2_000)]
    [TestCase(60_000, false, 30_000)]
    [TestCase(null, true, 5_000)]
    [TestCase(1, true, 5_000)]
    [TestCase(60_000, true, 60_000)]
    [TestCase(1_000_000, true, 300_000)]
    public void ClampWriteYield_WriteOrEmptyPoll_UpstreamBounds(int? requested, bool emptyPoll, long expected) =>
        Assert.That(UnifiedExecOutput.ClampWriteYield(requested, emptyPoll, CodexConfig.DefaultBackgroundTerminalMaxTimeoutMs), Is.EqualTo(expected));

    [Test]
    public void ClampWriteYield_EmptyPollWithLowerCeiling_CeilingWins() =>
        Assert.That(UnifiedExecOutput.ClampWriteYield(60_000, emptyPoll: true, maxEmptyPollMs: 8_000), Is.EqualTo(8_000));

    [TestCase(null, 300_000)]
    [TestCase("0", 5_000)]
    [TestCase("1000", 5_000)]
    [TestCase("600000", 600_000)]
    public void Load_BackgroundTerminalMaxTimeout_DefaultAndFloor(string? value, long expected)
    {
        using var home = new TempCodexHome();
        if (value is not null)
        {
            home.Write($"background_terminal_max_timeout = {value}\n");
        }

        Assert.That(home.Load().BackgroundTerminalMaxTimeoutMs, Is.EqualTo(expected));
    }

    [Test]
    public void Load_NegativeBackgroundTerminalMaxTimeout_ClearError()
    {
        using var home = new TempCodexHome();
        home.Write("background_terminal_max_timeout = -1\n");

        var error = Assert.Throws<ConfigException>(() => home.Load());

        Assert.That(error!.Message, Does.Contain("`background_terminal_max_timeout` must be a non-negative number of milliseconds, not -1"));
    }

    [Test]
    public void PasswdShell_CurrentUser_IsWhatGetentReports()
    {
        using var process = Process.Start(new ProcessStartInfo("/bin/sh", ["-c", "getent passwd \"$(id -u)\""]) { RedirectStandardOutput = true, UseShellExecute = false })!;
        var fields = process.StandardOutput.ReadToEnd().Trim().Split(':');
        process.WaitForExit();

        Assert.That(UserShell.PasswdShell(), Is.EqualTo(fields.Length >= 7 ? fields[6] : null));
    }

    [TestCase("/bin/sh", "/bin/sh")]
    [TestCase("/usr/sbin/nologin", "/bin/bash")]
    [TestCase("/bin/false", "/bin/bash")]
    [TestCase("sh", "/bin/bash")]
    [TestCase("/nonexistent/bin/zsh", "/bin/bash")]
    [TestCase("", "/bin/bash")]
    [TestCase(null, "/bin/bash")]
    public void Choose_PasswdShell_KnownExistingShellElseBash(string? passwdShell, string expected) =>
        Assert.That(UserShell.Choose(passwdShell), Is.EqualTo(expected));
}
