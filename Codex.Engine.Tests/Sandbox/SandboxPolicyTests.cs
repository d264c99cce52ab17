using Codex.Engine.Sandbox;
using Codex.Engine.Tests.Exec;
using Codex.Protocol;

namespace Codex.Engine.Tests.Sandbox;

public sealed class SandboxPolicyTests
{
    [Test]
    public void ToJson_EachMode_MatchesSpecShape()
    {
        Assert.That(SandboxPolicy.ReadOnly.ToJson(), Is.EqualTo("{\"mode\":\"read-only\"}"));
        Assert.That(SandboxPolicy.DangerFullAccess.ToJson(), Is.EqualTo("{\"mode\":\"danger-full-access\"}"));
        Assert.That(
            SandboxPolicy.WorkspaceWrite(["/extra"]).ToJson(),
            Is.EqualTo("{\"mode\":\"workspace-write\",\"writable_roots\":[\"/extra\"],\"network_access\":false,\"exclude_tmpdir_env_var\":false,\"exclude_slash_tmp\":false}"));
        Assert.That(SandboxPolicy.WorkspaceWrite(networkAccess: true).ToJson(), Does.Not.Contain("writable_roots"));
    }

    [Test]
    public void FromJson_RoundTripsEveryField()
    {
        SandboxPolicy policy = SandboxPolicy.WorkspaceWrite(["/a", "/b"], networkAccess: true, excludeTmpdirEnvVar: true, excludeSlashTmp: true);

        SandboxPolicy parsed = SandboxPolicy.FromJson(policy.ToJson());

        Assert.That(parsed.Mode, Is.EqualTo(SandboxMode.WorkspaceWrite));
        Assert.That(parsed.WritableRoots, Is.EqualTo(new[] { "/a", "/b" }));
        Assert.That(parsed.NetworkAccess, Is.True);
        Assert.That(parsed.ExcludeTmpdirEnvVar, Is.True);
        Assert.That(parsed.ExcludeSlashTmp, Is.True);
    }

    [TestCase("not json", "not valid JSON")]
    [TestCase("[]", "must be a JSON object")]
    [TestCase("{}", "needs a string \"mode\"")]
    [TestCase("{\"mode\":\"yolo\"}", "unknown sandbox mode \"yolo\"")]
    [TestCase("{\"mode\":\"workspace-write\",\"writable_roots\":\"/a\"}", "must be an array of strings")]
    [TestCase("{\"mode\":\"workspace-write\",\"network_access\":\"yes\"}", "\"network_access\" must be a boolean")]
    public void FromJson_BadInput_ThrowsFormatExceptionWithReason(string json, string reason)
    {
        Assert.That(() => SandboxPolicy.FromJson(json), Throws.InstanceOf<FormatException>().With.Message.Contains(reason));
    }

    [Test]
    public void GetWritableRoots_WorkspaceWrite_ListsExtrasCwdTmpAndTmpdir()
    {
        using var scratch = new ScratchDirectory();
        string cwd = scratch.CreateDirectory("work");
        string extra = scratch.CreateDirectory("extra");
        string tmpdir = scratch.CreateDirectory("tmpdir");

        IReadOnlyList<WritableRoot> roots = SandboxPolicy.WorkspaceWrite([extra]).GetWritableRoots(cwd, tmpdir);

        Assert.That(roots.Select(r => r.Root), Is.EqualTo(new[] { extra, cwd, "/tmp", tmpdir }));
        Assert.That(roots.SelectMany(r => r.ReadOnlySubpaths), Is.Empty);
    }

    [Test]
    public void GetWritableRoots_Exclusions_DropTmpAndTmpdir()
    {
        using var scratch = new ScratchDirectory();

        IReadOnlyList<WritableRoot> roots = SandboxPolicy.WorkspaceWrite(excludeTmpdirEnvVar: true, excludeSlashTmp: true)
            .GetWritableRoots(scratch.Path, scratch.Combine("tmpdir"));

        Assert.That(roots.Select(r => r.Root), Is.EqualTo(new[] { scratch.Path }));
    }

    [Test]
    public void GetWritableRoots_RelativeExtraRoot_ResolvesAgainstCwd()
    {
        using var scratch = new ScratchDirectory();

        IReadOnlyList<WritableRoot> roots = SandboxPolicy.WorkspaceWrite(["out"], excludeSlashTmp: true).GetWritableRoots(scratch.Path, null);

        Assert.That(roots.Select(r => r.Root), Is.EqualTo(new[] { scratch.Combine("out"), scratch.Path }));
    }

    [Test]
    public void GetWritableRoots_GitDirectoryOrFile_IsReadOnlySubpath()
    {
        using var scratch = new ScratchDirectory();
        string repo = scratch.CreateDirectory("repo");
        scratch.CreateDirectory("repo", ".git");
        string worktree = scratch.CreateDirectory("worktree");
        File.WriteAllText(scratch.Combine("worktree", ".git"), "gitdir: ../repo/.git/worktrees/w\n");

        IReadOnlyList<WritableRoot> roots = SandboxPolicy.WorkspaceWrite([worktree], excludeSlashTmp: true).GetWritableRoots(repo, null);

        Assert.That(roots, Has.Count.EqualTo(2));
        Assert.That(roots[0].ReadOnlySubpaths, Is.EqualTo(new[] { scratch.Combine("worktree", ".git") }));
        Assert.That(roots[1].ReadOnlySubpaths, Is.EqualTo(new[] { scratch.Combine("repo", ".git") }));
    }

    [Test]
    public void GetWritableRoots_ReadOnlyAndDanger_AreEmpty()
    {
        Assert.That(SandboxPolicy.ReadOnly.GetWritableRoots("/"), Is.Empty);
        Assert.That(SandboxPolicy.DangerFullAccess.GetWritableRoots("/"), Is.Empty);
    }

    [Test]
    public void NetworkAndDiskFlags_FollowTheMode()
    {
        Assert.That(SandboxPolicy.ReadOnly.HasFullNetworkAccess, Is.False);
        Assert.That(SandboxPolicy.WorkspaceWrite().HasFullNetworkAccess, Is.False);
        Assert.That(SandboxPolicy.WorkspaceWrite(networkAccess: true).HasFullNetworkAccess, Is.True);
        Assert.That(SandboxPolicy.DangerFullAccess.HasFullNetworkAccess, Is.True);
        Assert.That(SandboxPolicy.DangerFullAccess.HasFullDiskWriteAccess, Is.True);
        Assert.That(SandboxPolicy.WorkspaceWrite().HasFullDiskWriteAccess, Is.False);
    }
}
