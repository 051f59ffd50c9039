namespace Dataflow.Installer.Standards;

/// <summary>The archive formats a source distribution file name may end in: PEP 625's <c>.tar.gz</c> and the legacy ones pip still accepts.</summary>
internal enum SourceDistExtension
{
    TarGz,
    Zip,
    TarBz2,
    TarXz,
    TarZst,
    Tar,
    Tgz,
    Tbz,
    Txz,
}
