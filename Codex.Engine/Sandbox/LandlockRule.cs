namespace Codex.Engine.Sandbox;

/// <summary>One Landlock path-beneath rule: <paramref name="Access"/> on <paramref name="Path"/> (and beneath, for a directory).</summary>
internal sealed record LandlockRule(string Path, LandlockAccess Access);
