namespace SftpJail.Core.Tests.Values;

/// <summary>A key made by ssh-keygen, with what ssh-keygen itself says about it.</summary>
public sealed record GeneratedKey(
    string Name,
    string PublicLine,
    string Comment,
    string Fingerprint,
    int Bits,
    string Rfc4716Export,
    string ImportedFromRfc4716,
    string PrivateKeyText)
{
    public string Algorithm => PublicLine.Split(' ')[0];

    public string Base64Blob => PublicLine.Split(' ')[1];
}

/// <summary>
/// Generates real keys once for every test that needs them (RSA generation takes seconds), in a temporary
/// directory that is deleted afterwards, even when generation fails half-way.
/// </summary>
public sealed class GeneratedSshKeys : IAsyncLifetime
{
    private static readonly (string Name, string Type, string Bits)[] Specs =
    [
        ("ed25519", "ed25519", "256"),
        ("ecdsa256", "ecdsa", "256"),
        ("ecdsa384", "ecdsa", "384"),
        ("ecdsa521", "ecdsa", "521"),
        ("rsa2048", "rsa", "2048"),
        ("rsa3072", "rsa", "3072"),
        ("rsa4096", "rsa", "4096"),
    ];

    private readonly string directory = Path.Combine(Path.GetTempPath(), "sftpjail-keys-" + Guid.NewGuid().ToString("N"));
    private readonly Dictionary<string, GeneratedKey> keys = [];

    public GeneratedKey this[string name] => keys[name];

    /// <summary>The ed25519 key signed by a throwaway CA: the contents of its -cert.pub file.</summary>
    public string CertificateLine { get; private set; } = "";

    /// <summary>The rsa3072 public key as a PKCS#8 PEM block (ssh-keygen -e -m PKCS8).</summary>
    public string Pkcs8PublicKey { get; private set; } = "";

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(directory);
        try
        {
            await Task.WhenAll(Specs.Select(spec => GenerateAsync(spec.Name, spec.Type, spec.Bits)).Append(GenerateAsync("ca", "ed25519", "256")));
            foreach (var spec in Specs)
            {
                keys[spec.Name] = await DescribeAsync(spec.Name);
            }

            await SshKeygen.RunAsync("-q", "-s", KeyPath("ca"), "-I", "test-identity", "-n", "site1", KeyPath("ed25519") + ".pub");
            CertificateLine = (await File.ReadAllTextAsync(KeyPath("ed25519") + "-cert.pub")).Trim();
            Pkcs8PublicKey = await SshKeygen.RunAsync("-e", "-m", "PKCS8", "-f", KeyPath("rsa3072") + ".pub");
        }
        catch
        {
            Directory.Delete(directory, recursive: true);
            throw;
        }
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(directory))
        {
            Directory.Delete(directory, recursive: true);
        }

        return Task.CompletedTask;
    }

    private string KeyPath(string name) => Path.Combine(directory, name);

    private Task GenerateAsync(string name, string type, string bits) =>
        SshKeygen.RunAsync("-q", "-t", type, "-b", bits, "-N", "", "-C", $"{name}@sftpjail-test", "-f", KeyPath(name));

    private async Task<GeneratedKey> DescribeAsync(string name)
    {
        var publicPath = KeyPath(name) + ".pub";
        var exportPath = KeyPath(name) + ".rfc4716";

        // "-lf" prints "<bits> SHA256:<hash> <comment> (<TYPE>)".
        var fields = (await SshKeygen.RunAsync("-lf", publicPath)).Split(' ');
        var export = await SshKeygen.RunAsync("-e", "-f", publicPath);
        await File.WriteAllTextAsync(exportPath, export);
        var imported = await SshKeygen.RunAsync("-i", "-f", exportPath);

        return new GeneratedKey(
            name,
            (await File.ReadAllTextAsync(publicPath)).Trim(),
            $"{name}@sftpjail-test",
            fields[1],
            int.Parse(fields[0], System.Globalization.CultureInfo.InvariantCulture),
            export,
            imported.Trim(),
            await File.ReadAllTextAsync(KeyPath(name)));
    }
}

[CollectionDefinition(Name)]
public sealed class GeneratedSshKeysCollection : ICollectionFixture<GeneratedSshKeys>
{
    public const string Name = "Generated SSH keys";
}
