using Microsoft.Extensions.Hosting;

namespace Codex.Testing;

/// <summary>
/// Replaces the console lifetime so an embedded server never hooks Ctrl+C/SIGTERM of the process hosting it
/// (a test runner or the demo); its owner stops it by disposing.
/// </summary>
internal sealed class NoopHostLifetime : IHostLifetime
{
    public Task WaitForStartAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
