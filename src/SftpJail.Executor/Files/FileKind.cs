namespace SftpJail.Executor.Files;

public enum FileKind
{
    Missing,
    Directory,
    RegularFile,
    Symlink,
    Other,
}
