using System.Diagnostics;
using System.Text;
using System.Text.Json;
using System.Threading.Channels;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// A server binary run over real stdio. Its stdout is read line by line in the background; in
/// protocol mode every line is checked with <see cref="JsonRpcLineValidator"/> (anything else on
/// stdout is a violation) and the valid messages are queued for <see cref="ReadMessageAsync"/>.
/// Stderr is collected for failure messages. Every wait has a timeout; nothing blocks forever.
/// </summary>
public sealed class StdioServerProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly bool _expectProtocol;
    private readonly string _codexHome;
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly List<string> _violations = [];
    private readonly List<string> _stdoutLines = [];
    private readonly StringBuilder _stderr = new();
    private readonly MemoryStream _stdoutBytes = new();
    private readonly Task _stdoutPump;
    private readonly Task _stderrPump;
    private bool _stdinClosed;

    private StdioServerProcess(Process process, bool expectProtocol, string codexHome)
    {
        _process = process;
        _expectProtocol = expectProtocol;
        _codexHome = codexHome;
        _stdoutPump = Task.Run(PumpStdoutAsync);
        _stderrPump = Task.Run(PumpStderrAsync);
    }

    /// <summary>The path that was started.</summary>
    public required string FileName { get; init; }

    /// <summary>The server's CODEX_HOME (deleted on dispose).</summary>
    public string CodexHome => _codexHome;

    /// <summary>The process.</summary>
    public Process Process => _process;

    /// <summary>Every stdout line that was not a valid JSON-RPC message (protocol mode only), with why.</summary>
    public IReadOnlyList<string> ProtocolViolations
    {
        get
        {
            lock (_violations)
            {
                return [.. _violations];
            }
        }
    }

    /// <summary>Every complete stdout line so far, without terminators.</summary>
    public IReadOnlyList<string> StandardOutputLines
    {
        get
        {
            lock (_stdoutLines)
            {
                return [.. _stdoutLines];
            }
        }
    }

    /// <summary>Everything written to stdout so far, decoded as UTF-8.</summary>
    public string StandardOutputText
    {
        get
        {
            lock (_stdoutBytes)
            {
                return Encoding.UTF8.GetString(_stdoutBytes.GetBuffer(), 0, (int)_stdoutBytes.Length);
            }
        }
    }

    /// <summary>Everything written to stderr so far.</summary>
    public string StandardErrorText
    {
        get
        {
            lock (_stderr)
            {
                return _stderr.ToString();
            }
        }
    }

    /// <summary>
    /// Starts <paramref name="fileName"/> with stdin, stdout and stderr redirected and a fresh
    /// <c>CODEX_HOME</c>, empty or holding <paramref name="configToml"/> as its config.toml. With
    /// <paramref name="expectProtocol"/> false stdout is only recorded.
    /// </summary>
    public static StdioServerProcess Start(string fileName, IEnumerable<string>? arguments = null, bool expectProtocol = true, IReadOnlyDictionary<string, string?>? environment = null, string? configToml = null)
    {
        var codexHome = Directory.CreateTempSubdirectory("codex-conformance-").FullName;
        if (configToml is not null)
        {
            File.WriteAllText(Path.Combine(codexHome, "config.toml"), configToml);
        }

        var startInfo = new ProcessStartInfo(fileName)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            WorkingDirectory = codexHome,
        };
        foreach (var argument in arguments ?? [])
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["CODEX_HOME"] = codexHome;
        foreach (var (name, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        var process = new Process { StartInfo = startInfo };
        try
        {
            process.Start();
        }
        catch
        {
            process.Dispose();
            Directory.Delete(codexHome, recursive: true);
            throw;
        }

        return new StdioServerProcess(process, expectProtocol, codexHome) { FileName = fileName };
    }

    /// <summary>Writes one line to the server's stdin (LF added).</summary>
    public Task SendLineAsync(string line, CancellationToken cancellationToken) =>
        SendBytesAsync(Encoding.UTF8.GetBytes(line + "\n"), cancellationToken);

    /// <summary>Writes raw bytes to the server's stdin.</summary>
    public async Task SendBytesAsync(byte[] bytes, CancellationToken cancellationToken)
    {
        var stdin = _process.StandardInput.BaseStream;
        await stdin.WriteAsync(bytes, cancellationToken);
        await stdin.FlushAsync(cancellationToken);
    }

    /// <summary>Closes the server's stdin (EOF).</summary>
    public void CloseStdin()
    {
        if (!_stdinClosed)
        {
            _stdinClosed = true;
            _process.StandardInput.Close();
        }
    }

    /// <summary>The next valid message from stdout; throws <see cref="TimeoutException"/> when none comes in time.</summary>
    public async Task<JsonElement> ReadMessageAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var message = await TryReadMessageAsync(timeout, cancellationToken);
        if (message is { } value)
        {
            return value;
        }

        throw new TimeoutException(
            $"No message from {Path.GetFileName(FileName)} within {timeout.TotalSeconds:0.#} s (exited: {_process.HasExited}).{Diagnostics()}");
    }

    /// <summary>The next valid message, or null when none comes within <paramref name="timeout"/> or stdout ended.</summary>
    public async Task<JsonElement?> TryReadMessageAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(timeout);
        try
        {
            return await _messages.Reader.ReadAsync(limit.Token);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            return null;
        }
        catch (ChannelClosedException)
        {
            return null;
        }
    }

    /// <summary>Waits for the process to exit and for its output to be read; kills it and throws on timeout.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        using var limit = new CancellationTokenSource(timeout);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            Kill();
            throw new TimeoutException($"{Path.GetFileName(FileName)} did not exit within {timeout.TotalSeconds:0.#} s.{Diagnostics()}");
        }

        return _process.ExitCode;
    }

    /// <summary>Stderr and protocol violations, for failure messages.</summary>
    public string Diagnostics()
    {
        var violations = ProtocolViolations;
        var text = violations.Count > 0 ? $"\nProtocol violations:\n  {string.Join("\n  ", violations)}" : string.Empty;
        var stderr = StandardErrorText;
        return text + (stderr.Length > 0 ? $"\nStderr:\n{(stderr.Length > 4000 ? stderr[^4000..] : stderr)}" : string.Empty);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        Kill();
        try
        {
            await Task.WhenAll(_stdoutPump, _stderrPump).WaitAsync(TimeSpan.FromSeconds(5));
        }
        catch (Exception ex) when (ex is TimeoutException or IOException or InvalidOperationException)
        {
            // The pumps only read; once the process is gone there is nothing left to save.
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_codexHome, recursive: true);
        }
        catch (IOException)
        {
            // A file the server still writes; the temp directory is cleaned by the OS eventually.
        }
    }

    private void Kill()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
        }
        catch (InvalidOperationException)
        {
            // Not started or already reaped.
        }
    }

    private async Task PumpStdoutAsync()
    {
        var stdout = _process.StandardOutput.BaseStream;
        var buffer = new byte[64 * 1024];
        var pending = new MemoryStream();
        try
        {
            int read;
            while ((read = await stdout.ReadAsync(buffer)) > 0)
            {
                lock (_stdoutBytes)
                {
                    _stdoutBytes.Write(buffer, 0, read);
                }

                var start = 0;
                for (var i = 0; i < read; i++)
                {
                    if (buffer[i] != (byte)'\n')
                    {
                        continue;
                    }

                    pending.Write(buffer, start, i - start);
                    OnLine(pending.ToArray());
                    pending.SetLength(0);
                    start = i + 1;
                }

                pending.Write(buffer, start, read - start);
            }

            if (pending.Length > 0 && _expectProtocol)
            {
                AddViolation($"stdout ended with {pending.Length} bytes not terminated by LF: {Preview(pending.ToArray())}");
            }
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }

    private void OnLine(byte[] line)
    {
        lock (_stdoutLines)
        {
            _stdoutLines.Add(Encoding.UTF8.GetString(line));
        }

        if (!_expectProtocol)
        {
            return;
        }

        var problem = JsonRpcLineValidator.Validate(line);
        if (problem is not null)
        {
            AddViolation($"{problem}: {Preview(line)}");
            return;
        }

        using var document = JsonDocument.Parse(line);
        _messages.Writer.TryWrite(document.RootElement.Clone());
    }

    private async Task PumpStderrAsync()
    {
        var buffer = new char[4096];
        int read;
        while ((read = await _process.StandardError.ReadAsync(buffer)) > 0)
        {
            lock (_stderr)
            {
                _stderr.Append(buffer, 0, read);
            }
        }
    }

    private void AddViolation(string text)
    {
        lock (_violations)
        {
            _violations.Add(text);
        }
    }

    private static string Preview(byte[] line)
    {
        var text = Encoding.UTF8.GetString(line);
        return text.Length > 300 ? text[..300] + "…" : text;
    }
}
