using System.Text.Json;
using Codex.Engine.Conversations;

namespace Codex.Engine.Auth;

/// <summary>
/// Reads and writes <c>CODEX_HOME/auth.json</c>. Every write goes to <c>auth.json.tmp</c> (mode 0600), is flushed,
/// and is renamed over auth.json, so a reader sees the old file or the new one, never half of one. Writers that must
/// read-modify-write (refresh, login, logout) hold <see cref="LockAsync"/>, an open-file-description lock on
/// <c>auth.json.lock</c> that serialises processes sharing a CODEX_HOME and conversations within one process alike.
/// </summary>
public sealed class AuthStore
{
    /// <summary>The temporary file a save writes before renaming it over auth.json.</summary>
    public const string TempFileName = CredentialResolver.AuthFileName + ".tmp";

    private const string LockFileName = CredentialResolver.AuthFileName + ".lock";
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    /// <summary>Creates a store for one CODEX_HOME.</summary>
    public AuthStore(string codexHome)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(codexHome);
        CodexHome = codexHome;
    }

    /// <summary>CODEX_HOME.</summary>
    public string CodexHome { get; }

    /// <summary>The path of auth.json.</summary>
    public string AuthFilePath => Path.Combine(CodexHome, CredentialResolver.AuthFileName);

    /// <summary>The file's content, or null when there is no auth.json.</summary>
    /// <exception cref="MissingCredentialException">The file exists but cannot be read or is not valid JSON.</exception>
    public AuthDotJson? Load()
    {
        var path = AuthFilePath;
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(path);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new MissingCredentialException($"Cannot read credentials from {path}: {ex.Message}", ex);
        }

        try
        {
            return JsonSerializer.Deserialize(bytes, AuthJsonContext.Default.AuthDotJson)
                ?? throw new MissingCredentialException($"Cannot read credentials: {path} holds `null`, not an object.");
        }
        catch (JsonException ex)
        {
            // JsonException messages carry positions and type names, not values, so no token leaks through them.
            throw new MissingCredentialException($"Cannot read credentials: {path} is not valid JSON ({ex.Message}).", ex);
        }
    }

    /// <summary>Replaces auth.json atomically with <paramref name="auth"/> (mode 0600). Call it under <see cref="LockAsync"/>.</summary>
    public void Save(AuthDotJson auth)
    {
        ArgumentNullException.ThrowIfNull(auth);
        EnsureHome();
        var temp = Path.Combine(CodexHome, TempFileName);
        File.Delete(temp);
        var bytes = JsonSerializer.SerializeToUtf8Bytes(auth, AuthJsonContext.Default.AuthDotJson);
        var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
        if (!OperatingSystem.IsWindows())
        {
            options.UnixCreateMode = OwnerOnly;
        }

        using (var stream = new FileStream(temp, options))
        {
            stream.Write(bytes);
            stream.Flush(flushToDisk: true);
        }

        // The umask can only remove bits; set the mode explicitly anyway, in case the file system ignores create modes.
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(temp, OwnerOnly);
        }

        File.Move(temp, AuthFilePath, overwrite: true);
    }

    /// <summary>Removes auth.json; false when there was none.</summary>
    public bool Delete()
    {
        var path = AuthFilePath;
        if (!File.Exists(path))
        {
            return false;
        }

        File.Delete(path);
        return true;
    }

    /// <summary>Takes the exclusive auth lock (waiting for another holder); dispose the result to release it.</summary>
    /// <exception cref="IOException">The lock file cannot be opened or locked.</exception>
    public async Task<IDisposable> LockAsync(CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        EnsureHome();
        var path = Path.Combine(CodexHome, LockFileName);
        var handle = File.OpenHandle(path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.ReadWrite | FileShare.Delete, FileOptions.None);
        try
        {
            var fileLock = await FileLock.AcquireAsync(handle, path).ConfigureAwait(false);
            return new Held(fileLock, handle);
        }
        catch
        {
            handle.Dispose();
            throw;
        }
    }

    private void EnsureHome()
    {
        if (Directory.Exists(CodexHome))
        {
            return;
        }

        if (OperatingSystem.IsWindows())
        {
            Directory.CreateDirectory(CodexHome);
        }
        else
        {
            Directory.CreateDirectory(CodexHome, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }
    }

    private sealed class Held(FileLock fileLock, Microsoft.Win32.SafeHandles.SafeFileHandle handle) : IDisposable
    {
        public void Dispose()
        {
            fileLock.Dispose();
            handle.Dispose();
        }
    }
}
