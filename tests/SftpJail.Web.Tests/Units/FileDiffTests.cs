using SftpJail.Core.Planning;
using SftpJail.Web.Components.Pages.Sites.AddCustomer;

namespace SftpJail.Web.Tests.Units;

public sealed class FileDiffTests
{
    [Fact]
    public void A_change_in_a_long_file_becomes_one_hunk_with_three_lines_of_context()
    {
        var before = string.Concat(Enumerable.Range(1, 20).Select(i => $"line {i}\n"));
        var after = before.Replace("line 10\n", "line ten\n", StringComparison.Ordinal);

        var unified = FileDiff.Unified(UnifiedDiff.Create("/etc/x.conf", before, after));

        Assert.Equal(
            "--- /etc/x.conf\n+++ /etc/x.conf\n@@ -7,7 +7,7 @@\n line 7\n line 8\n line 9\n-line 10\n+line ten\n line 11\n line 12\n line 13\n",
            unified);
    }

    [Fact]
    public void A_removed_line_that_starts_with_two_dashes_is_content_not_a_header()
    {
        var unified = FileDiff.Unified(UnifiedDiff.Create("/etc/x.conf", "keep\n-- note\n", "keep\n"));

        Assert.Contains("\n--- note\n", unified, StringComparison.Ordinal);
        Assert.StartsWith("--- /etc/x.conf\n+++ /etc/x.conf\n", unified, StringComparison.Ordinal);
    }

    [Fact]
    public void A_new_file_is_all_additions_against_dev_null()
    {
        var unified = FileDiff.Unified(UnifiedDiff.Create("/etc/new.conf", "", "a\nb\n"));

        Assert.Equal("--- /dev/null\n+++ /etc/new.conf\n@@ -0,0 +1,2 @@\n+a\n+b\n", unified);
    }
}
