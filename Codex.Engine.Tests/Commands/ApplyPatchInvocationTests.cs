using Codex.Engine.Commands;

namespace Codex.Engine.Tests.Commands;

public sealed class ApplyPatchInvocationTests
{
    private static TestCaseData ArgvCase(params string[] argv) =>
        new TestCaseData((object)argv).SetArgDisplayNames(argv.Length == 0 ? "<empty>" : string.Join(" ", argv).Replace("\n", "\\n", StringComparison.Ordinal));

    private static IEnumerable<TestCaseData> Parse_OrdinaryCommand_IsNotApplyPatchCases()
    {
        yield return ArgvCase("ls", "-la");
        yield return ArgvCase("apply_patch");
        yield return ArgvCase("apply_patch", "a", "b");
        yield return ArgvCase("bash", "-lc", "echo hi");
        yield return ArgvCase("bash", "-lc", "apply_patch <<'EOF'\n*** Begin Patch\n*** End Patch\nEOF\necho done");
        yield return ArgvCase("bash", "-lc", "apply_patch <<'EOF'\n*** Begin Patch\n*** End Patch\n");
        yield return ArgvCase("bash", "-lc", "cd a b && apply_patch <<'EOF'\nx\nEOF");
        yield return ArgvCase("bash", "-lc", "cd $HOME && apply_patch <<'EOF'\nx\nEOF");
        yield return ArgvCase("bash", "-lc", "apply_patch --verbose <<'EOF'\nx\nEOF");
        yield return ArgvCase("bash", "-lc", "cat <<'EOF'\nx\nEOF");
        yield return ArgvCase("sh", "-c", "apply_patch <<'EOF'\nx\nEOF");
    }

    private const string Cwd = "/work/project";
    private const string Patch = "*** Begin Patch\n*** Add File: hello.txt\n+hello\n*** End Patch\n";

    [TestCase("apply_patch")]
    [TestCase("applypatch")]
    public void Parse_DirectInvocation_ReturnsPatchAndCwd(string name)
    {
        ApplyPatchInvocationResult result = ApplyPatchInvocation.Parse([name, Patch], Cwd);

        Assert.That(result, Is.EqualTo(new ApplyPatchInvocation(Patch, Cwd)));
    }

    [TestCase("apply_patch <<'EOF'\n{0}EOF\n")]
    [TestCase("apply_patch <<\"EOF\"\n{0}EOF")]
    [TestCase("apply_patch <<EOF\n{0}EOF\n")]
    [TestCase("apply_patch << 'PATCH'\n{0}PATCH\n\n")]
    [TestCase("applypatch <<'EOF'\n{0}EOF\n")]
    [TestCase("apply_patch <<\\EOF\n{0}EOF\n")]
    [TestCase("\n  apply_patch<<'END_OF_PATCH'  \n{0}END_OF_PATCH\n")]
    public void Parse_BashHeredoc_ReturnsBody(string template)
    {
        string script = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Patch);

        ApplyPatchInvocationResult result = ApplyPatchInvocation.Parse(["bash", "-lc", script], Cwd);

        Assert.That(result, Is.EqualTo(new ApplyPatchInvocation(Patch, Cwd)));
    }

    [Test]
    public void Parse_HeredocWithTabStripping_StripsLeadingTabs()
    {
        string script = "apply_patch <<-EOF\n\t*** Begin Patch\n\t*** End Patch\n\tEOF\n";

        ApplyPatchInvocationResult result = ApplyPatchInvocation.Parse(["bash", "-lc", script], Cwd);

        Assert.That(result, Is.EqualTo(new ApplyPatchInvocation("*** Begin Patch\n*** End Patch\n", Cwd)));
    }

    [TestCase("cd sub && apply_patch <<'EOF'\n{0}EOF\n", "/work/project/sub")]
    [TestCase("cd 'my dir' && apply_patch <<'EOF'\n{0}EOF\n", "/work/project/my dir")]
    [TestCase("cd \"../other\" &&\napply_patch <<'EOF'\n{0}EOF\n", "/work/other")]
    [TestCase("cd /abs/path && apply_patch <<'EOF'\n{0}EOF\n", "/abs/path")]
    public void Parse_CdThenHeredoc_ResolvesEffectiveCwd(string template, string expectedCwd)
    {
        string script = string.Format(System.Globalization.CultureInfo.InvariantCulture, template, Patch);

        ApplyPatchInvocationResult result = ApplyPatchInvocation.Parse(["zsh", "-lc", script], Cwd);

        Assert.That(result, Is.EqualTo(new ApplyPatchInvocation(Patch, expectedCwd)));
    }

    [Test]
    public void Parse_BarePatchAsOnlyArgument_IsRefused()
    {
        ApplyPatchInvocationResult result = ApplyPatchInvocation.Parse([Patch], Cwd);

        Assert.That(result, Is.EqualTo(new ApplyPatchInvocationError(
            "patch detected without explicit call to apply_patch. Rerun as [\"apply_patch\", \"<patch>\"]")));
    }

    [Test]
    public void Parse_BarePatchAsBashScript_IsRefused()
    {
        ApplyPatchInvocationResult result = ApplyPatchInvocation.Parse(["bash", "-lc", Patch], Cwd);

        Assert.That(result, Is.TypeOf<ApplyPatchInvocationError>());
    }

    [TestCaseSource(nameof(Parse_OrdinaryCommand_IsNotApplyPatchCases))]
    public void Parse_OrdinaryCommand_IsNotApplyPatch(string[] argv)
    {
        Assert.That(ApplyPatchInvocation.Parse(argv, Cwd), Is.SameAs(NotApplyPatch.Instance));
    }
}
