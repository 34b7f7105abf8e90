using SftpJail.Host.Tests.Support;

namespace SftpJail.Host.Tests.Model;

/// <summary>A few real ed25519 client keys (ssh-keygen) shared by the users of a run; key i is "k{i}" in messages.</summary>
public sealed class KeyPool
{
    private KeyPool(string directory, IReadOnlyList<string> privateKeyFiles, IReadOnlyList<string> publicKeys)
    {
        Directory = directory;
        PrivateKeyFiles = privateKeyFiles;
        PublicKeys = publicKeys;
    }

    public string Directory { get; }

    public IReadOnlyList<string> PrivateKeyFiles { get; }

    /// <summary>OpenSSH public key lines, in pool order.</summary>
    public IReadOnlyList<string> PublicKeys { get; }

    public int Count => PublicKeys.Count;

    public static async Task<KeyPool> CreateAsync(string directory, int count)
    {
        System.IO.Directory.CreateDirectory(directory);
        var privateFiles = new List<string>();
        var publicKeys = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var file = Path.Combine(directory, $"k{i}");
            var generated = await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", $"model-k{i}", "-f", file]);
            if (generated.ExitCode != 0)
            {
                throw new InvalidOperationException($"ssh-keygen failed: {generated.All}");
            }

            privateFiles.Add(file);
            publicKeys.Add((await File.ReadAllTextAsync(file + ".pub")).Trim());
        }

        return new KeyPool(directory, privateFiles, publicKeys);
    }
}
