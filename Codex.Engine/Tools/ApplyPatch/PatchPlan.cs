using System.Text;

namespace Codex.Engine.Tools.ApplyPatch;

/// <summary>The final state of every path a patch touches, computed in memory, plus its success summary.</summary>
/// <param name="Writes">One entry per absolute path, in the order the patch first touches it.</param>
/// <param name="Added">Paths as written in the patch, for <c>A</c> lines.</param>
/// <param name="Modified">Paths as written (move destinations for moves), for <c>M</c> lines.</param>
/// <param name="Deleted">Paths as written, for <c>D</c> lines.</param>
internal sealed record PatchPlan(
    IReadOnlyList<PlannedWrite> Writes,
    IReadOnlyList<string> Added,
    IReadOnlyList<string> Modified,
    IReadOnlyList<string> Deleted)
{
    /// <summary>The success text of spec §8.4: added, then modified, then deleted paths.</summary>
    public string Summary
    {
        get
        {
            var text = new StringBuilder("Success. Updated the following files:\n");
            foreach (var path in Added)
            {
                text.Append("A ").Append(path).Append('\n');
            }

            foreach (var path in Modified)
            {
                text.Append("M ").Append(path).Append('\n');
            }

            foreach (var path in Deleted)
            {
                text.Append("D ").Append(path).Append('\n');
            }

            return text.ToString();
        }
    }
}
