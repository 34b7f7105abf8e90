using SftpJail.Core.Tests.Values;
using SftpJail.Core.Values;

namespace SftpJail.Core.Tests.Planning;

/// <summary>Well-formed ed25519 public keys built from a seed, without I/O (the planner never checks the curve point).</summary>
internal static class TestKeys
{
    public static SshPublicKey Ed25519(int seed, string comment = "")
    {
        var point = new byte[32];
        new Random(seed).NextBytes(point);
        var line = $"ssh-ed25519 {new SshBlob().String("ssh-ed25519").String(point).ToBase64()}{(comment.Length > 0 ? " " + comment : string.Empty)}";
        return SshPublicKey.Parse(line);
    }
}
