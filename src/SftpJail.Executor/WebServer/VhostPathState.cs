namespace SftpJail.Executor.WebServer;

/// <summary>What is (or should be) at a vhost path: nothing, a regular file, or a symbolic link.</summary>
internal abstract record VhostPathState
{
    public sealed record Missing : VhostPathState;

    public sealed record RegularFile(byte[] Content, int Mode, uint Uid, uint Gid) : VhostPathState
    {
        public bool Equals(RegularFile? other) =>
            other is not null && Content.AsSpan().SequenceEqual(other.Content) && (Mode, Uid, Gid) == (other.Mode, other.Uid, other.Gid);

        public override int GetHashCode() => HashCode.Combine(Content.Length, Mode, Uid, Gid);
    }

    public sealed record Link(string Target) : VhostPathState;
}
