using System.Diagnostics;
using System.Text;
using System.Text.RegularExpressions;

namespace Codex.McpServer.Tests.Demo;

/// <summary>
/// One run of <c>bash build/run.sh</c> (the newcomer's demo) as a child process, against the server
/// under test (<c>CODEX_MCP_SERVER</c>) with the demo's existing build, its own CODEX_HOME and no
/// credentials, so the scripted model plays. Optionally inside a pseudo-terminal made by
/// util-linux <c>script</c>, whose stdin (a pipe here) becomes the demo's keyboard.
/// </summary>
internal sealed partial class DemoRun : IAsyncDisposable
{
    private readonly Process _process;
    private readonly StringBuilder _output = new();
    private readonly Task _pump;

    private DemoRun(Process process, string codexHome)
    {
        _process = process;
        CodexHome = codexHome;
        _pump = Task.WhenAll(PumpAsync(process.StandardOutput.BaseStream), PumpAsync(process.StandardError.BaseStream));
    }

    public string CodexHome { get; }

    /// <summary>Everything printed so far, ANSI escapes removed.</summary>
    public string Output
    {
        get
        {
            lock (_output)
            {
                return Ansi().Replace(_output.ToString(), string.Empty).Replace("\r", string.Empty, StringComparison.Ordinal);
            }
        }
    }

    /// <summary>The workspace the demo reported.</summary>
    public string Workspace => WorkspaceLine().Match(Output) is { Success: true } match
        ? match.Groups[1].Value
        : throw new AssertionException($"The demo named no workspace:\n{Output}");

    public static DemoRun Start(bool inTerminal, params string[] arguments)
    {
        var root = ServerLocator.RepositoryRoot();
        var codexHome = Directory.CreateTempSubdirectory("codex-demo-test-").FullName;
        var runScript = "bash build/run.sh" + string.Concat(arguments.Select(a => " " + a));
        var start = inTerminal
            ? new ProcessStartInfo("script", ["--quiet", "--return", "--command", runScript, "/dev/null"])
            : new ProcessStartInfo("bash", ["build/run.sh", .. arguments]);
        start.WorkingDirectory = root;
        start.RedirectStandardInput = true;
        start.RedirectStandardOutput = true;
        start.RedirectStandardError = true;
        start.UseShellExecute = false;
        start.Environment["CODEX_MCP_SERVER"] = ServerLocator.ServerPath();
        start.Environment["CODEX_RUN_NO_BUILD"] = "1";
        start.Environment["CODEX_DEMO_HOME"] = codexHome;
        start.Environment["TERM"] = "xterm-256color";
        start.Environment.Remove("OPENAI_API_KEY");
        start.Environment.Remove("CODEX_HOME");
        var process = Process.Start(start) ?? throw new InvalidOperationException("Could not start the demo.");
        if (!inTerminal)
        {
            process.StandardInput.Close();
        }

        return new DemoRun(process, codexHome);
    }

    /// <summary>Waits until <paramref name="text"/> has been printed <paramref name="count"/> times.</summary>
    public async Task WaitForAsync(string text, int count, CancellationToken cancellationToken)
    {
        while (Occurrences(text) < count)
        {
            if (_process.HasExited)
            {
                await _pump.WaitAsync(TimeSpan.FromSeconds(5), cancellationToken);
                if (Occurrences(text) >= count)
                {
                    return;
                }

                throw new AssertionException($"The demo exited ({_process.ExitCode}) before printing '{text}' {count} time(s):\n{Output}");
            }

            await Task.Delay(100, cancellationToken);
        }
    }

    public int Occurrences(string text) => Regex.Matches(Output, Regex.Escape(text)).Count;

    /// <summary>Types one key on the terminal.</summary>
    public async Task TypeAsync(char key)
    {
        await _process.StandardInput.WriteAsync(key);
        await _process.StandardInput.FlushAsync();
    }

    public async Task<int> WaitForExitAsync(CancellationToken cancellationToken)
    {
        try
        {
            await _process.WaitForExitAsync(cancellationToken);
        }
        catch (OperationCanceledException)
        {
            throw new AssertionException($"The demo did not finish in time:\n{Output}");
        }

        await _pump.WaitAsync(TimeSpan.FromSeconds(10), CancellationToken.None);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        TestContext.Out.WriteLine(Output);
        try
        {
            Directory.Delete(CodexHome, recursive: true);
        }
        catch (IOException)
        {
            // Left for the temp cleaner; nothing depends on it.
        }
    }

    private async Task PumpAsync(Stream stream)
    {
        var decoder = Encoding.UTF8.GetDecoder();
        var bytes = new byte[4096];
        var chars = new char[4097];
        int read;
        while ((read = await stream.ReadAsync(bytes)) > 0)
        {
            var count = decoder.GetChars(bytes, 0, read, chars, 0);
            lock (_output)
            {
                _output.Append(chars, 0, count);
            }
        }
    }

    [GeneratedRegex(@"\x1B(\[[0-9;?]*[ -/]*[@-~]|\][^\x07]*\x07|[@-Z\\-_])")]
    private static partial Regex Ansi();

    [GeneratedRegex(@"workspace (/\S+)")]
    private static partial Regex WorkspaceLine();
}
