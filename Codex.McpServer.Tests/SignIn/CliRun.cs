using System.Collections.Concurrent;
using System.Diagnostics;
using Codex.Protocol.Tests.Conformance;

namespace Codex.McpServer.Tests.SignIn;

/// <summary>One run of the server binary as a command-line tool (<c>login</c>, <c>logout</c>, …), its output read line by line.</summary>
internal sealed class CliRun : IDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly Task _readers;

    private CliRun(Process process)
    {
        _process = process;
        _readers = Task.WhenAll(Pump(process.StandardOutput, _stdout), Pump(process.StandardError, _stderr));
    }

    public IReadOnlyList<string> Stdout => [.. _stdout];

    public IReadOnlyList<string> Stderr => [.. _stderr];

    public static CliRun Start(string codexHome, IReadOnlyDictionary<string, string?> environment, string? stdin, params string[] args)
    {
        var start = new ProcessStartInfo(ServerLocator.ServerPath())
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        start.Environment["CODEX_HOME"] = codexHome;
        start.Environment["BROWSER"] = "true";
        start.Environment.Remove("OPENAI_API_KEY");
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                start.Environment.Remove(name);
            }
            else
            {
                start.Environment[name] = value;
            }
        }

        var process = Process.Start(start)!;
        var run = new CliRun(process);
        if (stdin is not null)
        {
            process.StandardInput.Write(stdin);
        }

        process.StandardInput.Close();
        return run;
    }

    /// <summary>Waits for a stdout or stderr line matching <paramref name="match"/>.</summary>
    public async Task<string> WaitForLineAsync(Func<string, bool> match, CancellationToken cancellationToken)
    {
        while (true)
        {
            if (_stderr.Concat(_stdout).FirstOrDefault(match) is { } line)
            {
                return line;
            }

            if (_process.HasExited && _readers.IsCompleted)
            {
                throw new InvalidOperationException($"exited {_process.ExitCode} without the line; stdout: {string.Join('\n', _stdout)} stderr: {string.Join('\n', _stderr)}");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    public async Task<int> ExitCodeAsync(CancellationToken cancellationToken)
    {
        await _process.WaitForExitAsync(cancellationToken);
        await _readers.WaitAsync(cancellationToken);
        return _process.ExitCode;
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    private static async Task Pump(StreamReader reader, ConcurrentQueue<string> lines)
    {
        while (await reader.ReadLineAsync() is { } line)
        {
            lines.Enqueue(line);
        }
    }
}
