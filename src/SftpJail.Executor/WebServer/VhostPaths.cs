using System.Security.Cryptography;
using System.Text;
using SftpJail.Core.Rendering.WebServer;
using SftpJail.Core.Values;
using SftpJail.Executor.Files;

namespace SftpJail.Executor.WebServer;

/// <summary>
/// Reads and sets the state of one vhost path. Files go through <see cref="AtomicFileWriter"/>; enable links are made
/// as a temporary sibling renamed over the target (rename(2) replaces, never follows), in a directory checked to be
/// a real directory inside the executor's writable roots. Anything SftpJail did not write is refused, never replaced.
/// </summary>
internal sealed class VhostPaths(HostFileSystem fileSystem)
{
    private const int VhostFileMode = 0x1A4; // 0644 root:root: the daemons read it, only root writes it

    private static readonly byte[] ManagedPrefix = Encoding.UTF8.GetBytes(VhostRenderer.ManagedHeader + "\n");

    private readonly AtomicFileWriter writer = new(fileSystem);

    public static VhostPathState FileWith(string content) =>
        new VhostPathState.RegularFile(Encoding.UTF8.GetBytes(content), VhostFileMode, 0, 0);

    /// <summary>The current state; throws <see cref="UnsafePathException"/> for a directory, device or a file SftpJail did not write.</summary>
    public VhostPathState Read(AbsolutePath path, string? expectedLinkTarget)
    {
        var entry = fileSystem.Inspect(path);
        switch (entry.Kind)
        {
            case FileKind.Missing:
                return new VhostPathState.Missing();
            case FileKind.RegularFile:
                var content = fileSystem.ReadBytesNoFollow(path) ?? [];
                if (!content.AsSpan().StartsWith(ManagedPrefix))
                {
                    throw new UnsafePathException(path, "it exists but was not written by SftpJail (no managed-file header); move it away or merge it by hand.");
                }

                return new VhostPathState.RegularFile(content, entry.Mode, entry.Uid, entry.Gid);
            case FileKind.Symlink:
                var target = new FileInfo(path.Value).LinkTarget ?? string.Empty;
                if (target != expectedLinkTarget)
                {
                    throw new UnsafePathException(path, $"it is a link to '{target}', which SftpJail did not make.");
                }

                return new VhostPathState.Link(target);
            default:
                throw new UnsafePathException(path, $"it is a {entry.Kind}, where a vhost file or enable link belongs.");
        }
    }

    public void Set(AbsolutePath path, VhostPathState state)
    {
        switch (state)
        {
            case VhostPathState.Missing:
                fileSystem.RemoveFile(path);
                break;
            case VhostPathState.RegularFile file:
                writer.Write(path, file.Content, file.Mode, file.Uid, file.Gid);
                break;
            case VhostPathState.Link link:
                ReplaceWithLink(path, link.Target);
                break;
        }
    }

    private void ReplaceWithLink(AbsolutePath path, string target)
    {
        var directory = path.Parent!;
        fileSystem.RootContaining(path);
        if (fileSystem.Inspect(directory).Kind != FileKind.Directory)
        {
            throw new UnsafePathException(directory, "it is not a real directory (a link or missing), so no enable link is made in it.");
        }

        var temporary = directory.Combine($".{path.Name}.sftpjail-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        File.CreateSymbolicLink(temporary.Value, target);
        try
        {
            File.Move(temporary.Value, path.Value, overwrite: true);
        }
        catch
        {
            fileSystem.RemoveFile(temporary);
            throw;
        }
    }
}
