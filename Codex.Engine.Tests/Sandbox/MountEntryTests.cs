using Codex.Engine.Sandbox;

namespace Codex.Engine.Tests.Sandbox;

public sealed class MountEntryTests
{
    [Test]
    public void Parse_ReadWriteMountWithOptionalFields_ReadsPointAndFlag()
    {
        MountEntry entry = MountEntry.Parse("67 46 254:0 /var/tmp/w /var/tmp/w rw,relatime shared:1 - ext4 /dev/vda rw,discard");

        Assert.That(entry, Is.EqualTo(new MountEntry("/var/tmp/w", ReadOnly: false)));
    }

    [Test]
    public void Parse_EscapedSpaceTabAndBackslash_Unescapes()
    {
        MountEntry entry = MountEntry.Parse(@"70 46 0:50 / /mnt/a\040b\011c\134d ro,nosuid - tmpfs tmpfs ro");

        Assert.That(entry, Is.EqualTo(new MountEntry("/mnt/a b\tc\\d", ReadOnly: true)));
    }

    [Test]
    public void Parse_TooFewFields_Throws()
    {
        Assert.That(() => MountEntry.Parse("1 2 3"), Throws.InstanceOf<FormatException>());
    }

    [TestCase("/work", "/work", true)]
    [TestCase("/work/sub", "/work", true)]
    [TestCase("/workspace", "/work", false)]
    [TestCase("/", "/work", false)]
    [TestCase("/anything", "/", true)]
    public void IsAtOrBelow_Paths_ComparesWholeComponents(string mountPoint, string directory, bool expected)
    {
        Assert.That(new MountEntry(mountPoint, false).IsAtOrBelow(directory), Is.EqualTo(expected));
    }

    [Test]
    public void ReadCurrent_ThisProcess_HasTheRootMount()
    {
        Assert.That(MountEntry.ReadCurrent().Select(m => m.MountPoint), Does.Contain("/"));
    }
}
