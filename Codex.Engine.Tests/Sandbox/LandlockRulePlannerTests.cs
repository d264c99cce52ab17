using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;

namespace Codex.Engine.Tests.Sandbox;

public sealed class LandlockRulePlannerTests
{
    private static readonly LandlockAccess Full = LandlockRights.HandledBy(5);

    [Test]
    public void HandledBy_EachAbi_AddsItsRights()
    {
        Assert.That(LandlockRights.HandledBy(1), Is.EqualTo((LandlockAccess)0x1FFF));
        Assert.That(LandlockRights.HandledBy(2), Is.EqualTo((LandlockAccess)0x3FFF));
        Assert.That(LandlockRights.HandledBy(3), Is.EqualTo((LandlockAccess)0x7FFF));
        Assert.That(LandlockRights.HandledBy(4), Is.EqualTo((LandlockAccess)0x7FFF));
        Assert.That(LandlockRights.HandledBy(7), Is.EqualTo((LandlockAccess)0xFFFF));
    }

    [Test]
    public void Plan_RootWithoutExclusions_GrantsTheRootWhole()
    {
        using var scratch = new ScratchDirectory();
        scratch.CreateDirectory(".git");

        IReadOnlyList<LandlockRule> rules = LandlockRulePlanner.Plan(
            [new WritableRoot(scratch.Path, [scratch.Combine(".git")])], Full, excludeReadOnlySubpaths: false);

        Assert.That(rules, Is.EqualTo(new[]
        {
            new LandlockRule("/", LandlockRights.Read),
            new LandlockRule("/dev/null", Full),
            new LandlockRule(scratch.Path, Full),
        }));
    }

    [Test]
    public void Plan_ExcludedGitDirectory_GrantsEverySiblingButNotTheRootItself()
    {
        using var scratch = new ScratchDirectory();
        scratch.CreateDirectory(".git", "objects");
        scratch.CreateDirectory("src");
        File.WriteAllText(scratch.Combine("README.md"), "x");
        File.CreateSymbolicLink(scratch.Combine("link-to-etc"), "/etc");

        IReadOnlyList<LandlockRule> rules = LandlockRulePlanner.Plan(
            [new WritableRoot(scratch.Path, [scratch.Combine(".git")])], Full, excludeReadOnlySubpaths: true);

        Assert.That(rules.Skip(2), Is.EqualTo(new[]
        {
            new LandlockRule(scratch.Combine("README.md"), LandlockRights.ForFile(Full)),
            new LandlockRule(scratch.Combine("src"), Full),
        }));
    }

    [Test]
    public void Plan_NestedRootWithGit_ExcludesItFromTheOuterRootToo()
    {
        using var scratch = new ScratchDirectory();
        string inner = scratch.CreateDirectory("a", "repo");
        scratch.CreateDirectory("a", "repo", ".git");
        scratch.CreateDirectory("a", "repo", "src");
        scratch.CreateDirectory("a", "other");
        scratch.CreateDirectory("b");

        IReadOnlyList<LandlockRule> rules = LandlockRulePlanner.Plan(
            [new WritableRoot(scratch.Path, []), new WritableRoot(inner, [Path.Combine(inner, ".git")])], Full, excludeReadOnlySubpaths: true);

        Assert.That(rules.Skip(2).Select(r => r.Path), Is.EqualTo(new[]
        {
            scratch.Combine("a", "other"),
            scratch.Combine("a", "repo", "src"),
            scratch.Combine("b"),
            scratch.Combine("a", "repo", "src"),
        }));
        Assert.That(rules.Any(r => r.Path.Contains(".git", StringComparison.Ordinal)), Is.False);
    }
}
