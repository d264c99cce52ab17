using Codex.Engine.Sandbox;

namespace Codex.Engine.Tests.Sandbox;

/// <summary>
/// <see cref="SandboxLauncher.ForCurrentProcess"/> names a command line that starts this very
/// program again: the executable itself (NativeAOT binary, apphost), or the muxer plus the entry .dll.
/// </summary>
public sealed class SandboxLauncherTests
{
    [Test]
    public void ForCurrentProcess_ThisTestHost_StartsThisProgramAgain()
    {
        SandboxLauncher launcher = SandboxLauncher.ForCurrentProcess();

        using (Assert.EnterMultipleScope())
        {
            Assert.That(launcher.ExecutablePath, Is.EqualTo(Environment.ProcessPath));
            Assert.That(launcher.ExecutablePath, Does.Exist);
            if (Path.GetFileNameWithoutExtension(launcher.ExecutablePath) == "dotnet")
            {
                // The entry assembly the host ran (testhost.dll here), as a full path that exists.
                Assert.That(launcher.PrefixArgs, Has.Count.EqualTo(1));
                Assert.That(Path.IsPathFullyQualified(launcher.PrefixArgs[0]), Is.True, launcher.PrefixArgs[0]);
                Assert.That(launcher.PrefixArgs[0], Does.EndWith(".dll"));
                Assert.That(launcher.PrefixArgs[0], Does.Exist);
                Assert.That(Path.GetFileNameWithoutExtension(launcher.PrefixArgs[0]), Is.EqualTo(System.Reflection.Assembly.GetEntryAssembly()!.GetName().Name));
            }
            else
            {
                Assert.That(launcher.PrefixArgs, Is.Empty);
            }
        }
    }
}
