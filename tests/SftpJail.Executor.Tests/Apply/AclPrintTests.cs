using System.Diagnostics;
using SftpJail.Core.Values;
using SftpJail.Executor.Apply;
using SftpJail.Executor.Tests.Support;

namespace SftpJail.Executor.Tests.Apply;

/// <summary>A directory's ACL print, remembered while its status is unchanged, still sees every setfacl.</summary>
public sealed class AclPrintTests : IDisposable
{
    private readonly TestDirectory root = new();

    public void Dispose() => root.Dispose();

    [Theory]
    [InlineData("-m", "g:root:r-x")]
    [InlineData("-d", "-m", "g:root:r-x")]
    public void A_setfacl_after_the_print_was_remembered_changes_the_print(params string[] setfacl)
    {
        var dir = root["site"];
        Directory.CreateDirectory(dir.Value);

        // Past the settling time, so the first print is remembered.
        Thread.Sleep(TimeSpan.FromSeconds(2.5));
        var first = EntryPrint.Take(dir).Print;
        var again = EntryPrint.Take(dir).Print;
        Run("setfacl", [.. setfacl, dir.Value]);
        var changed = EntryPrint.Take(dir).Print;
        Run("setfacl", ["-b", "-k", dir.Value]);
        var back = EntryPrint.Take(dir).Print;

        Assert.Equal(first, again);
        Assert.NotEqual(first, changed);
        Assert.Equal(first, back);
    }

    [Fact]
    public void A_directory_replaced_by_another_is_read_again()
    {
        var dir = root["site"];
        Directory.CreateDirectory(dir.Value);
        Thread.Sleep(TimeSpan.FromSeconds(2.5));
        var first = EntryPrint.Take(dir).Print;

        Directory.CreateDirectory(root["other"].Value);
        Run("setfacl", ["-m", "g:root:r-x", root["other"].Value]);
        Directory.Delete(dir.Value);
        Directory.Move(root["other"].Value, dir.Value);

        Assert.NotEqual(first, EntryPrint.Take(AbsolutePath.Parse(dir.Value)).Print);
    }

    private static void Run(string file, string[] args)
    {
        using var process = Process.Start(new ProcessStartInfo(file, args) { RedirectStandardError = true }) ?? throw new InvalidOperationException(file);
        process.WaitForExit();
        Assert.True(process.ExitCode == 0, process.StandardError.ReadToEnd());
    }
}
