namespace Dataflow.Installer.Install;

/// <summary>
/// Which files of one verified cache entry were hard linked and then found unchanged during this run, by their index in
/// <see cref="UnzippedWheel.Members"/>. Every environment of a run that hard links such a file links the same inode,
/// so a later link of it is not checked again (see <see cref="WheelInstaller"/>).
/// </summary>
internal sealed class CheckedLinks(int count)
{
    private readonly int[] _checked = new int[count];

    public bool Contains(int member) => Volatile.Read(ref _checked[member]) != 0;

    public void Add(int member) => Volatile.Write(ref _checked[member], 1);
}
