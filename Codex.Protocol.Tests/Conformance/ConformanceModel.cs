using Codex.Testing;

namespace Codex.Protocol.Tests.Conformance;

/// <summary>
/// The scripted model every <see cref="ConformanceHarness.Start"/> configures its server for,
/// started once for the test assembly by <see cref="ConformanceModelSetup"/>; it answers any
/// request with "ok", so a stray turn ends instead of failing for want of a model.
/// </summary>
public static class ConformanceModel
{
    public const string Answer = "ok";

    /// <summary>The shared model; null before the assembly set-up ran.</summary>
    public static ScriptedModelServer? Shared { get; internal set; }
}
