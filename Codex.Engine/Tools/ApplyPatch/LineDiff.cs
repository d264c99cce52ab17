namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>
/// A line diff: Myers' O((N+M)·D) algorithm in its linear-space form (the middle snake, then both
/// halves recursively), so a file rewritten wholesale costs no quadratic memory. Minimal unless a
/// single search needs more than <see cref="CostLimit"/> edits; then, like git's xdiff, it splits at
/// the furthest point reached so far, trading minimality for bounded time.
/// </summary>
internal static class LineDiff
{
    /// <summary>The edit distance up to which one middle-snake search stays exact.</summary>
    internal const int CostLimit = 2048;

    /// <summary>One entry of an edit script.</summary>
    /// <param name="Kind">' ' for a line in both, '-' for a line only in the old text, '+' only in the new.</param>
    /// <param name="OldIndex">The old line's index; for '+' the number of old lines before it.</param>
    /// <param name="NewIndex">The new line's index; for '-' the number of new lines before it.</param>
    internal readonly record struct Edit(char Kind, int OldIndex, int NewIndex);

    /// <summary>
    /// Returns the edit script from <paramref name="oldLines"/> to <paramref name="newLines"/>:
    /// every line of both, with each run of changes written as its removals, then its additions.
    /// </summary>
    public static List<Edit> Compute(IReadOnlyList<string> oldLines, IReadOnlyList<string> newLines)
    {
        var removed = new bool[oldLines.Count];
        var added = new bool[newLines.Count];
        new Solver(oldLines, newLines, removed, added).Solve(0, oldLines.Count, 0, newLines.Count);

        var script = new List<Edit>(oldLines.Count + newLines.Count);
        int i = 0, j = 0;
        while (i < oldLines.Count || j < newLines.Count)
        {
            if (i < oldLines.Count && j < newLines.Count && !removed[i] && !added[j])
            {
                script.Add(new Edit(' ', i++, j++));
                continue;
            }

            while (i < oldLines.Count && removed[i])
            {
                script.Add(new Edit('-', i++, j));
            }

            while (j < newLines.Count && added[j])
            {
                script.Add(new Edit('+', i, j++));
            }
        }

        return script;
    }

    private sealed class Solver(IReadOnlyList<string> a, IReadOnlyList<string> b, bool[] removed, bool[] added)
    {
        public void Solve(int aLo, int aHi, int bLo, int bHi)
        {
            while (true)
            {
                while (aLo < aHi && bLo < bHi && Same(aLo, bLo))
                {
                    aLo++;
                    bLo++;
                }

                while (aLo < aHi && bLo < bHi && Same(aHi - 1, bHi - 1))
                {
                    aHi--;
                    bHi--;
                }

                if (aLo == aHi)
                {
                    Array.Fill(added, true, bLo, bHi - bLo);
                    return;
                }

                if (bLo == bHi)
                {
                    Array.Fill(removed, true, aLo, aHi - aLo);
                    return;
                }

                // Both sides are non-empty and differ at both ends, so D >= 2 and each half
                // around the middle snake is a strictly smaller problem.
                var (x, y, u, v) = MiddleSnake(aLo, aHi, bLo, bHi);
                Solve(aLo, x, bLo, y);
                aLo = u;
                bLo = v;
            }
        }

        private bool Same(int i, int j) => string.Equals(a[i], b[j], StringComparison.Ordinal);

        /// <summary>
        /// Finds a snake (x,y)→(u,v) on an optimal path, at about half its edit distance.
        /// Forward and backward furthest-reaching x per diagonal are kept; -1 marks a diagonal
        /// that cannot be reached inside the grid.
        /// </summary>
        private (int X, int Y, int U, int V) MiddleSnake(int aLo, int aHi, int bLo, int bHi)
        {
            var n = aHi - aLo;
            var m = bHi - bLo;
            var delta = n - m;
            var odd = (delta & 1) != 0;
            var max = (n + m + 1) / 2;
            var offset = max + 1;
            var forward = new int[(2 * max) + 3];
            var backward = new int[(2 * max) + 3];
            Array.Fill(forward, -1);
            Array.Fill(backward, -1);

            for (var d = 0; d <= max; d++)
            {
                for (var k = -d; k <= d; k += 2)
                {
                    if (k < -m || k > n)
                    {
                        continue;
                    }

                    var x = Furthest(forward, offset, k, d, n, m);
                    if (x < 0)
                    {
                        forward[offset + k] = -1;
                        continue;
                    }

                    int startX = x, startY = x - k;
                    var y = startY;
                    while (x < n && y < m && Same(aLo + x, bLo + y))
                    {
                        x++;
                        y++;
                    }

                    forward[offset + k] = x;
                    var reverseK = delta - k;
                    if (odd && reverseK >= -(d - 1) && reverseK <= d - 1)
                    {
                        var reverseX = backward[offset + reverseK];
                        if (reverseX >= 0 && x + reverseX >= n)
                        {
                            return (aLo + startX, bLo + startY, aLo + x, bLo + y);
                        }
                    }
                }

                for (var k = -d; k <= d; k += 2)
                {
                    if (k < -m || k > n)
                    {
                        continue;
                    }

                    var x = Furthest(backward, offset, k, d, n, m);
                    if (x < 0)
                    {
                        backward[offset + k] = -1;
                        continue;
                    }

                    int startX = x, startY = x - k;
                    var y = startY;
                    while (x < n && y < m && Same(aHi - 1 - x, bHi - 1 - y))
                    {
                        x++;
                        y++;
                    }

                    backward[offset + k] = x;
                    var forwardK = delta - k;
                    if (!odd && forwardK >= -d && forwardK <= d)
                    {
                        var forwardX = forward[offset + forwardK];
                        if (forwardX >= 0 && x + forwardX >= n)
                        {
                            // Back in forward coordinates the snake runs from its far end to its near end.
                            return (aLo + n - x, bLo + m - y, aLo + n - startX, bLo + m - startY);
                        }
                    }
                }

                if (d == CostLimit)
                {
                    return FurthestForwardPoint(forward, offset, d, aLo, bLo);
                }
            }

            throw new InvalidOperationException("Myers search ended without overlapping paths.");
        }

        /// <summary>
        /// The forward point that got furthest (largest x + y) with d edits, as an empty snake. It lies
        /// strictly inside the grid (no path reached the end yet), so both halves are smaller problems.
        /// </summary>
        private static (int X, int Y, int U, int V) FurthestForwardPoint(int[] forward, int offset, int d, int aLo, int bLo)
        {
            int bestX = 0, bestY = 0;
            for (var k = -d; k <= d; k += 2)
            {
                var x = forward[offset + k];
                if (x >= 0 && (2 * x) - k > bestX + bestY)
                {
                    bestX = x;
                    bestY = x - k;
                }
            }

            return (aLo + bestX, bLo + bestY, aLo + bestX, bLo + bestY);
        }

        /// <summary>The furthest x on diagonal k reachable with d edits, before following its snake; -1 if none.</summary>
        private static int Furthest(int[] v, int offset, int k, int d, int n, int m)
        {
            if (d == 0)
            {
                return 0;
            }

            var best = -1;
            if (k + 1 <= d - 1)
            {
                // A step down (one line added) from diagonal k+1.
                var x = v[offset + k + 1];
                if (x >= 0 && x - k <= m)
                {
                    best = x;
                }
            }

            if (k - 1 >= -(d - 1))
            {
                // A step right (one line removed) from diagonal k-1.
                var x = v[offset + k - 1];
                if (x >= 0 && x + 1 <= n && x + 1 > best)
                {
                    best = x + 1;
                }
            }

            return best;
        }
    }
}
