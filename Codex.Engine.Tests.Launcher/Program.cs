using Codex.Engine.Sandbox;

// Launcher mode must run synchronously on the main thread: Landlock and seccomp bind to the thread
// that later calls execve.
if (LinuxSandboxLauncher.IsLauncherInvocation(args))
{
    return LinuxSandboxLauncher.Run(args);
}

Console.Error.WriteLine($"usage: {AppDomain.CurrentDomain.FriendlyName} {LinuxSandboxLauncher.RunAsSandboxFlag} --sandbox-policy-cwd <cwd> --sandbox-policy <json> -- <command…>");
return 2;
