using System.Diagnostics;
using Codex.McpServer.Tests.Infrastructure;
using Codex.Testing;

namespace Codex.McpServer.Tests.Security;

/// <summary>
/// The server's memory stays its own: no core file when it crashes, no <c>/proc/&lt;pid&gt;/environ</c> for
/// another process of the same user, no .NET diagnostic socket (which can request a dump or attach a profiler).
/// Each check has a control process in the same conditions that does show the effect, so the test can fail.
/// </summary>
[System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
public sealed class ProcessHardeningTests
{
    private const string Nobody = "65534";
    private const string InitializeLine = """{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"hardening","version":"1.0"}}}""";

    [Test]
    public async Task Server_RunAsAnotherUser_EnvironUnreadableBySameUidAndNoDiagnosticSocket()
    {
        if (Environment.UserName != "root" || !File.Exists("/usr/bin/setpriv"))
        {
            Assert.Ignore("Switching to uid 65534 needs root and setpriv.");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        using var scratch = new WorldReadableScratch();
        var server = scratch.CopyServer();
        var temp = scratch.Directory("tmp");
        var home = scratch.Directory("home");
        var environment = new Dictionary<string, string?>
        {
            ["CODEX_HOME"] = home,
            ["HOME"] = home,
            ["TMPDIR"] = temp,
            [CanaryConfig.EnvKeyVariable] = CanaryConfig.EnvKeyCanary,
            ["OPENAI_API_KEY"] = CanaryConfig.OpenAiCanary,
        };

        using var serverProcess = StartAsNobody(server, [], environment, scratch.Root);
        using var control = StartAsNobody("/bin/sleep", ["60"], environment, scratch.Root);
        try
        {
            await serverProcess.StandardInput.WriteLineAsync(InitializeLine.AsMemory(), timeout.Token);
            await serverProcess.StandardInput.FlushAsync(timeout.Token);
            var answer = await serverProcess.StandardOutput.ReadLineAsync(timeout.Token);
            Assert.That(answer, Does.Contain("\"result\"").And.Contain("\"id\":1"), "the server answered initialize");

            var fromServer = await ReadEnvironAsNobodyAsync(serverProcess.Id, timeout.Token);
            var fromControl = await ReadEnvironAsNobodyAsync(control.Id, timeout.Token);

            Assert.That(fromControl.ExitCode, Is.Zero, "control: a normal process's environ is readable by its own uid");
            Assert.That(fromControl.Output, Does.Contain(CanaryConfig.EnvKeyCanary));
            Assert.That(fromServer.ExitCode, Is.Not.Zero, "the server's environ is not readable by its own uid");
            Assert.That(CanaryConfig.Leaks(fromServer.Output), Is.False);

            // The runtime names its endpoints <pid>-<start time>: a killed .NET process of an earlier test that had the
            // same pid (pid_max is often 32768) leaves files with its own start time, which are not the server's.
            var key = $"-{serverProcess.Id}-{StartTimeTicks(serverProcess.Id)}-";
            string[] endpoints = [.. new[] { temp, "/tmp" }.SelectMany(dir => Directory.EnumerateFileSystemEntries(dir, $"*{key}*"))
                .Where(path => Path.GetFileName(path).StartsWith("dotnet-diagnostic-", StringComparison.Ordinal) || Path.GetFileName(path).StartsWith("clr-debug-pipe-", StringComparison.Ordinal))];
            Assert.That(endpoints, Is.Empty, "no diagnostic IPC socket or debugger pipe for the server's pid");

            // Control: this test's own runtime, started without DOTNET_EnableDiagnostics=0, has its socket.
            if (Environment.GetEnvironmentVariable("DOTNET_EnableDiagnostics") != "0")
            {
                var testTemp = Environment.GetEnvironmentVariable("TMPDIR") is { Length: > 0 } t ? t : "/tmp";
                Assert.That(Directory.EnumerateFileSystemEntries(testTemp, $"dotnet-diagnostic-{Environment.ProcessId}-{StartTimeTicks(Environment.ProcessId)}-socket"), Is.Not.Empty, "control: a default .NET process has a diagnostic socket");
            }
        }
        finally
        {
            Stop(serverProcess);
            Stop(control);
        }
    }

    [Test]
    public async Task Server_KilledByACoreDumpingSignal_LeavesNoCoreFileWhileAControlProcessDoes()
    {
        var pattern = File.ReadAllText("/proc/sys/kernel/core_pattern").Trim();
        if (pattern != "core")
        {
            Assert.Ignore($"core_pattern is `{pattern}`, not `core`: core files would not land in the process's directory.");
        }

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await using var session = await E2eSession.CreateAsync(ModelScript.Sequence(ScriptedReply.Text("unused")), cancellationToken: timeout.Token);
        var serverDir = Directory.CreateDirectory(Path.Combine(session.Root, "server-cwd")).FullName;
        var controlDir = Directory.CreateDirectory(Path.Combine(session.Root, "control-cwd")).FullName;

        var serverStart = WithCoreDumps(session.ServerStartInfo(CanaryConfig.Environment()), ServerLocator.ServerPath(), serverDir);
        var controlStart = WithCoreDumps(session.ServerStartInfo(CanaryConfig.Environment()), "/bin/sleep", controlDir, "60");
        using var serverProcess = Process.Start(serverStart)!;
        using var control = Process.Start(controlStart)!;

        // Trace logs fill stderr; drain it so the server never blocks on a full pipe.
        serverProcess.ErrorDataReceived += (_, _) => { };
        serverProcess.BeginErrorReadLine();
        try
        {
            await serverProcess.StandardInput.WriteLineAsync(InitializeLine.AsMemory(), timeout.Token);
            await serverProcess.StandardInput.FlushAsync(timeout.Token);
            var answer = await serverProcess.StandardOutput.ReadLineAsync(timeout.Token);
            if (answer is null && serverProcess.HasExited && serverProcess.ExitCode == 97)
            {
                Assert.Ignore("`ulimit -c unlimited` is not allowed here.");
            }

            Assert.That(answer, Does.Contain("\"result\""), "the server answered initialize");

            await DumpCoreAsync(serverProcess, timeout.Token);
            await DumpCoreAsync(control, timeout.Token);

            Assert.That(control.ExitCode, Is.EqualTo(128 + 3), "control died of SIGQUIT");
            Assert.That(Directory.GetFiles(controlDir, "core*"), Is.Not.Empty, "control: a dumpable process leaves a core file");
            Assert.That(serverProcess.ExitCode, Is.EqualTo(128 + 3), "the server died of SIGQUIT");
            Assert.That(Directory.GetFiles(serverDir, "core*"), Is.Empty, "the server leaves no core file");
        }
        finally
        {
            Stop(serverProcess);
            Stop(control);
        }
    }

    /// <summary>The process's start time in clock ticks (field 22 of /proc/&lt;pid&gt;/stat), CoreCLR's disambiguation key.</summary>
    private static string StartTimeTicks(int pid)
    {
        var stat = File.ReadAllText($"/proc/{pid}/stat");
        // The command name (field 2) is in parentheses and may hold spaces; the fields after it start at field 3.
        var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return fields[22 - 3];
    }

    // bash raises the core limit, then becomes the program (same pid), in the directory the core would go to.
    private static ProcessStartInfo WithCoreDumps(ProcessStartInfo start, string program, string directory, params string[] arguments)
    {
        start.FileName = "/bin/bash";
        start.ArgumentList.Clear();
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add("ulimit -c unlimited || exit 97; exec \"$@\"");
        start.ArgumentList.Add("bash");
        start.ArgumentList.Add(program);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        start.WorkingDirectory = directory;
        return start;
    }

    // SIGQUIT, whose default action dumps core: the .NET runtime catches a SIGABRT or SIGSEGV sent by kill and
    // the process then neither exits nor dumps, which would make this test pass for the wrong reason.
    private static async Task DumpCoreAsync(Process process, CancellationToken cancellationToken)
    {
        using var kill = Process.Start(new ProcessStartInfo("kill", ["-QUIT", process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]))!;
        await kill.WaitForExitAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
    }

    private static Process StartAsNobody(string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string?> environment, string workingDirectory)
    {
        var start = new ProcessStartInfo("/usr/bin/setpriv")
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = workingDirectory,
        };
        foreach (var argument in new[] { $"--reuid={Nobody}", $"--regid={Nobody}", "--clear-groups", program }.Concat(arguments))
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start)!;
        process.ErrorDataReceived += (_, _) => { };
        process.BeginErrorReadLine();
        return process;
    }

    private static async Task<(int ExitCode, string Output)> ReadEnvironAsNobodyAsync(int pid, CancellationToken cancellationToken)
    {
        using var reader = StartAsNobody("/bin/cat", [$"/proc/{pid}/environ"], new Dictionary<string, string?>(), "/");
        var output = await reader.StandardOutput.ReadToEndAsync(cancellationToken);
        await reader.WaitForExitAsync(cancellationToken);
        return (reader.ExitCode, output);
    }

    private static void Stop(Process process)
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(5000);
        }
    }
}
