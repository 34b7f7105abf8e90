using SftpJail.Core.Values;

namespace SftpJail.Executor.Files;

/// <summary>
/// A root-only state file the executor rewrites whole on every apply: a save of the very text this process last wrote
/// to it, while the file is still that one (<see cref="RememberedFile{T}"/>), costs one statx. <see cref="AtomicFileWriter"/>
/// would leave identical bytes alone too, but only after reading megabytes back to compare them.
/// </summary>
internal sealed class StateFileText(AbsolutePath path)
{
    private readonly RememberedFile<string> written = new(path);

    /// <summary>Writes <paramref name="text"/> atomically, owned by root with <paramref name="mode"/>; false when this process knows it is already there.</summary>
    public bool Write(HostFileSystem files, string text, int mode)
    {
        if (written.Peek() == text)
        {
            return false;
        }

        new AtomicFileWriter(files).Write(path, text, mode, 0, 0);
        written.Wrote(text);
        return true;
    }
}
