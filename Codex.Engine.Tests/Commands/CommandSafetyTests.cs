using Codex.Engine.Approvals;

namespace Codex.Engine.Tests.Commands;

public sealed class CommandSafetyTests
{
    private static TestCaseData ArgvCase(params string[] argv) =>
        new TestCaseData((object)argv).SetArgDisplayNames(argv.Length == 0 ? "<empty>" : string.Join(" ", argv).Replace("\n", "\\n", StringComparison.Ordinal));

    private static IEnumerable<TestCaseData> IsKnownSafe_ReadOnlyCommand_IsTrueCases()
    {
        yield return ArgvCase("ls");
        yield return ArgvCase("ls", "-la", "/etc");
        yield return ArgvCase("/bin/ls", "-la");
        yield return ArgvCase("cat", "secrets.txt");
        yield return ArgvCase("cd", "src");
        yield return ArgvCase("echo", "hi");
        yield return ArgvCase("false");
        yield return ArgvCase("grep", "-R", "foo", ".");
        yield return ArgvCase("head", "-n", "5", "a");
        yield return ArgvCase("nl", "a");
        yield return ArgvCase("pwd");
        yield return ArgvCase("tail", "-f", "log");
        yield return ArgvCase("true");
        yield return ArgvCase("wc", "-l", "a");
        yield return ArgvCase("which", "git");
        yield return ArgvCase("find", ".", "-name", "*.cs");
        yield return ArgvCase("rg", "-n", "TODO", "src");
        yield return ArgvCase("rg", "--files");
        yield return ArgvCase("git", "status");
        yield return ArgvCase("git", "log", "-p");
        yield return ArgvCase("git", "diff", "HEAD~1");
        yield return ArgvCase("git", "show", "abc");
        yield return ArgvCase("git", "branch");
        yield return ArgvCase("cargo", "check");
        yield return ArgvCase("sed", "-n", "10p");
        yield return ArgvCase("sed", "-n", "1,200p", "file.txt");
        yield return ArgvCase("bash", "-lc", "ls && pwd");
        yield return ArgvCase("bash", "-lc", "grep -R foo . || true");
        yield return ArgvCase("bash", "-lc", "git status | head -n 5; wc -l 'a b'");
        yield return ArgvCase("zsh", "-lc", "cat a.txt");
        yield return ArgvCase("/bin/bash", "-lc", "ls");
    }

    private static IEnumerable<TestCaseData> IsKnownSafe_OtherCommand_IsFalseCases()
    {
        yield return ArgvCase();
        yield return ArgvCase("rm", "x");
        yield return ArgvCase("python3", "-c", "print(1)");
        yield return ArgvCase("find", ".", "-delete");
        yield return ArgvCase("find", ".", "-exec", "rm", "{}", ";");
        yield return ArgvCase("find", ".", "-execdir", "x", ";");
        yield return ArgvCase("find", ".", "-ok", "x", ";");
        yield return ArgvCase("find", ".", "-okdir", "x", ";");
        yield return ArgvCase("find", ".", "-fls", "out");
        yield return ArgvCase("find", ".", "-fprint", "out");
        yield return ArgvCase("find", ".", "-fprint0", "out");
        yield return ArgvCase("find", ".", "-fprintf", "out", "%p");
        yield return ArgvCase("rg", "--pre", "cat", "x");
        yield return ArgvCase("rg", "--pre=cat", "x");
        yield return ArgvCase("rg", "--hostname-bin", "h", "x");
        yield return ArgvCase("rg", "--hostname-bin=h", "x");
        yield return ArgvCase("rg", "--search-zip", "x");
        yield return ArgvCase("rg", "-z", "x");
        yield return ArgvCase("git", "push");
        yield return ArgvCase("git", "reset", "--hard");
        yield return ArgvCase("git", "-c", "x=y", "status");
        yield return ArgvCase("git");
        yield return ArgvCase("cargo", "build");
        yield return ArgvCase("sed", "-n", "1,5p", "a", "b");
        yield return ArgvCase("sed", "-i", "s/a/b/", "f");
        yield return ArgvCase("sed", "-n", "1,5x", "f");
        yield return ArgvCase("sed", "-n", "p", "f");
        yield return ArgvCase("sed", "-n", ",5p", "f");
        yield return ArgvCase("sed", "-n");
        yield return ArgvCase("bash", "-lc", "ls > out");
        yield return ArgvCase("bash", "-lc", "ls && rm -rf x");
        yield return ArgvCase("bash", "-lc", "echo $HOME");
        yield return ArgvCase("bash", "-lc", "find . -delete");
        yield return ArgvCase("bash", "-lc", "ls *");
        yield return ArgvCase("bash", "-lc", "bash -lc ls");
        yield return ArgvCase("bash", "-lc", "(ls)");
        yield return ArgvCase("bash", "-x", "ls");
        yield return ArgvCase("bash", "-lc", "ls", "extra");
    }

    private static IEnumerable<TestCaseData> MightBeDangerous_DestructiveCommand_IsTrueCases()
    {
        yield return ArgvCase("git", "reset", "--hard");
        yield return ArgvCase("git", "rm", "x");
        yield return ArgvCase("/usr/bin/git", "reset");
        yield return ArgvCase("rm", "-f", "x");
        yield return ArgvCase("rm", "-rf", "/");
        yield return ArgvCase("sudo", "rm", "-rf", "x");
        yield return ArgvCase("sudo", "git", "reset");
        yield return ArgvCase("bash", "-lc", "ls && git reset --hard");
        yield return ArgvCase("zsh", "-lc", "rm -rf build");
        yield return ArgvCase("bash", "-lc", "sudo rm -f a");
    }

    private static IEnumerable<TestCaseData> MightBeDangerous_OtherCommand_IsFalseCases()
    {
        yield return ArgvCase();
        yield return ArgvCase("rm", "x");
        yield return ArgvCase("rm", "-r", "x");
        yield return ArgvCase("git", "status");
        yield return ArgvCase("git");
        yield return ArgvCase("sudo", "ls");
        yield return ArgvCase("sudo");
        yield return ArgvCase("bash", "-lc", "echo $(rm -rf x)");
        yield return ArgvCase("bash", "-lc", "ls && pwd");
        yield return ArgvCase("echo", "rm", "-rf");
    }

    [TestCaseSource(nameof(IsKnownSafe_ReadOnlyCommand_IsTrueCases))]
    public void IsKnownSafe_ReadOnlyCommand_IsTrue(string[] argv)
    {
        Assert.That(CommandSafety.IsKnownSafe(argv), Is.True);
    }

    [TestCaseSource(nameof(IsKnownSafe_OtherCommand_IsFalseCases))]
    public void IsKnownSafe_OtherCommand_IsFalse(string[] argv)
    {
        Assert.That(CommandSafety.IsKnownSafe(argv), Is.False);
    }

    [TestCaseSource(nameof(MightBeDangerous_DestructiveCommand_IsTrueCases))]
    public void MightBeDangerous_DestructiveCommand_IsTrue(string[] argv)
    {
        Assert.That(CommandSafety.MightBeDangerous(argv), Is.True);
    }

    [TestCaseSource(nameof(MightBeDangerous_OtherCommand_IsFalseCases))]
    public void MightBeDangerous_OtherCommand_IsFalse(string[] argv)
    {
        Assert.That(CommandSafety.MightBeDangerous(argv), Is.False);
    }
}
