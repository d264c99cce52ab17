namespace Codex.Engine.Model;

/// <summary><c>backoff(n) = 200 ms × 2^(n−1) × random[0.9, 1.1)</c> for n = 1, 2, … (spec §9.3).</summary>
public static class RetryBackoff
{
    private const double InitialMilliseconds = 200;
    private const int MaxExponent = 20;

    /// <summary>The jittered delay before retry number <paramref name="attempt"/> (1-based).</summary>
    public static TimeSpan Compute(int attempt)
    {
        var exponent = Math.Clamp(attempt - 1, 0, MaxExponent);
        var jitter = 0.9 + (Random.Shared.NextDouble() * 0.2);
        return TimeSpan.FromMilliseconds(InitialMilliseconds * Math.Pow(2, exponent) * jitter);
    }
}
