using SftpJail.Core.Values;

namespace SftpJail.Executor.Files;

/// <summary>
/// The executor refused to touch a path because of what sits there (a symbolic link, the wrong kind of file,
/// an ownership or mode sshd would reject). <see cref="OffendingPath"/> names the exact component.
/// </summary>
public sealed class UnsafePathException(AbsolutePath offendingPath, string reason)
    : IOException($"Refusing '{offendingPath}': {reason}")
{
    public AbsolutePath OffendingPath { get; } = offendingPath;

    public string Reason { get; } = reason;
}
