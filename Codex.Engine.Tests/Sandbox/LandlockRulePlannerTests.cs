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
    public void Plan_RootWithGit_GrantsTheRootWholeAndLeavesGitToTheMounts()
    {
        using var scratch = new ScratchDirectory();
        scratch.CreateDirectory(".git");

        IReadOnlyList<LandlockRule> rules = LandlockRulePlanner.Plan(
            [new WritableRoot(scratch.Path + "/", [scratch.Combine(".git")])], Full);

        Assert.That(rules, Is.EqualTo(new[]
        {
            new LandlockRule("/", LandlockRights.Read),
            new LandlockRule("/dev/null", Full),
            new LandlockRule(scratch.Path, Full),
        }));
    }

    [Test]
    public void Plan_MissingRoot_GetsNoRule()
    {
        using var scratch = new ScratchDirectory();

        IReadOnlyList<LandlockRule> rules = LandlockRulePlanner.Plan([new WritableRoot(scratch.Combine("gone"), [])], Full);

        Assert.That(rules.Select(r => r.Path), Is.EqualTo(new[] { "/", "/dev/null" }));
    }
}
