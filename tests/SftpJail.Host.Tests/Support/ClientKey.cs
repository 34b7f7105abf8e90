namespace SftpJail.Host.Tests.Support;

/// <summary>A customer's ed25519 key pair made with the real ssh-keygen: the private key's file and the public key's line.</summary>
public sealed record ClientKey(string File, string PublicKey)
{
    public static async Task<ClientKey> CreateAsync(string directory, string comment)
    {
        var file = Path.Combine(directory, "client_key");
        var generated = await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", string.Empty, "-C", comment, "-f", file]);
        Assert.True(generated.ExitCode == 0, generated.All);
        return new ClientKey(file, (await System.IO.File.ReadAllTextAsync(file + ".pub")).Trim());
    }
}
