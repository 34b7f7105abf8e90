using System.Text;
using Bunit;
using Microsoft.AspNetCore.Components.Forms;
using SftpJail.Host.Tests.Support;

namespace SftpJail.Web.Tests.Components;

/// <summary>A real key pair made by ssh-keygen for the key-file uploads: the .pub file's and the private key file's text.</summary>
public sealed record KeyFilePair(string PublicText, string PrivateText)
{
    public static async Task<KeyFilePair> GenerateAsync(string comment)
    {
        var directory = Directory.CreateTempSubdirectory("sftpjail-keyfile-");
        try
        {
            var key = Path.Combine(directory.FullName, "id_ed25519");
            var made = await HostCommand.RunAsync("ssh-keygen", ["-q", "-t", "ed25519", "-N", "", "-C", comment, "-f", key]);
            Assert.True(made.ExitCode == 0, made.ToString());
            return new KeyFilePair(await File.ReadAllTextAsync(key + ".pub"), await File.ReadAllTextAsync(key));
        }
        finally
        {
            directory.Delete(recursive: true);
        }
    }

    /// <summary>Chooses a file in the form's "Add keys from a file" input, as the browser's picker would.</summary>
    public static void Upload(IRenderedComponent<InputFile> input, string text, string fileName) =>
        input.UploadFiles(InputFileContent.CreateFromBinary(Encoding.UTF8.GetBytes(text), fileName));
}
