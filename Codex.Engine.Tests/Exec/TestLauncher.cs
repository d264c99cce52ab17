using Codex.Engine.Exec;
using Codex.Engine.Sandbox;

namespace Codex.Engine.Tests.Exec;

/// <summary>The real launcher executable built next to the test assembly, and runners that use it.</summary>
internal static class TestLauncher
{
    public static string ExecutablePath =>
        Path.Combine(TestContext.CurrentContext.TestDirectory, "Codex.Engine.Tests.Launcher");

    public static SandboxLauncher Launcher => new(ExecutablePath, []);

    public static ProcessRunner CreateRunner() => new(new LinuxSandbox(Launcher));

    public static ProcessRunner CreateRunner(LinuxSandbox sandbox) => new(sandbox);

    /// <summary>A minimal environment for test commands.</summary>
    public static Dictionary<string, string> BasicEnvironment() => new(StringComparer.Ordinal)
    {
        ["PATH"] = "/usr/local/bin:/usr/bin:/bin",
        ["HOME"] = Environment.GetEnvironmentVariable("HOME") ?? "/",
        ["LANG"] = "C.UTF-8",
    };

    public static ExecRequest Request(IReadOnlyList<string> argv, string cwd, SandboxPolicy? policy = null, int timeoutMs = 20_000) => new()
    {
        Argv = argv,
        Cwd = cwd,
        Environment = BasicEnvironment(),
        SandboxPolicy = policy ?? SandboxPolicy.DangerFullAccess,
        TimeoutMs = timeoutMs,
    };

    public static CancellationTokenSource Timeout(int seconds = 60) => new(TimeSpan.FromSeconds(seconds));
}
