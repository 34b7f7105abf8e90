using SftpJail.Core.Activity;

namespace SftpJail.Core.Tests.Activity;

public sealed class SshdActivityParserTests
{
    private static readonly DateTimeOffset At = new(2026, 12, 1, 17, 0, 0, TimeSpan.Zero);

    private static ActivityEvent? Sshd(string message) => SshdActivityParser.Parse("sshd", 100, At, message);

    private static ActivityEvent? Sftp(string message) => SshdActivityParser.Parse("internal-sftp", 4242, At, message);

    [Fact]
    public void Reads_an_accepted_password_login()
    {
        var e = Sshd("Accepted password for site1 from 203.0.113.5 port 50122 ssh2");

        Assert.Equal(new ActivityEvent(ActivityEventKind.LoginAccepted, At, 100, "site1", "203.0.113.5", 50122, "password"), e);
    }

    [Fact]
    public void Reads_an_accepted_key_login_with_its_fingerprint_suffix()
    {
        var e = Sshd("Accepted publickey for site1 from 2001:db8::7 port 40000 ssh2: ED25519 SHA256:abcDEF0123+/xyz");

        Assert.Equal((ActivityEventKind.LoginAccepted, "publickey", "2001:db8::7"), (e!.Kind, e.Method, e.Address));
    }

    [Fact]
    public void Reads_a_failed_password_and_marks_an_invalid_user()
    {
        var known = Sshd("Failed password for site1 from 198.51.100.2 port 1234 ssh2");
        var invalid = Sshd("Failed password for invalid user admin from 198.51.100.2 port 1235 ssh2");

        Assert.Equal((ActivityEventKind.LoginFailed, "site1", null), (known!.Kind, known.User, known.Flags));
        Assert.Equal(("admin", "invalid-user"), (invalid!.User, invalid.Flags));
    }

    [Theory]
    [InlineData("session opened for local user site1 from [203.0.113.5]", ActivityEventKind.SessionOpened)]
    [InlineData("session closed for local user site1 from [203.0.113.5]", ActivityEventKind.SessionClosed)]
    public void Reads_session_open_and_close_with_the_session_pid(string message, ActivityEventKind kind)
    {
        var e = Sftp(message);

        Assert.Equal((kind, 4242, "site1", "203.0.113.5"), (e!.Kind, e.Pid, e.User, e.Address));
    }

    [Fact]
    public void Reads_open_and_close_with_byte_counts()
    {
        var open = Sftp("open \"/html/index.html\" flags WRITE,CREATE,TRUNCATE mode 0644");
        var close = Sftp("close \"/html/index.html\" bytes read 0 written 5120");

        Assert.Equal((ActivityEventKind.FileOpened, "/html/index.html", "WRITE,CREATE,TRUNCATE"), (open!.Kind, open.Path, open.Flags));
        Assert.Equal((ActivityEventKind.FileClosed, "/html/index.html", 0L, 5120L), (close!.Kind, close.Path, close.BytesRead, close.BytesWritten));
    }

    [Fact]
    public void Reads_remove_mkdir_rmdir_and_both_rename_forms()
    {
        Assert.Equal((ActivityEventKind.Removed, "/html/a"), Pair(Sftp("remove name \"/html/a\"")));
        Assert.Equal((ActivityEventKind.DirectoryCreated, "/html/d"), Pair(Sftp("mkdir name \"/html/d\" mode 0777")));
        Assert.Equal((ActivityEventKind.DirectoryRemoved, "/html/d"), Pair(Sftp("rmdir name \"/html/d\"")));
        var rename = Sftp("rename old \"/html/a\" new \"/html/b\"");
        var posix = Sftp("posix-rename old \"/html/b\" new \"/html/c\"");
        Assert.Equal(("/html/a", "/html/b", null), (rename!.Path, rename.NewPath, rename.Flags));
        Assert.Equal(("/html/b", "/html/c"), (posix!.Path, posix.NewPath));
    }

    [Fact]
    public void A_filename_imitating_the_close_suffix_stays_part_of_the_name()
    {
        // The customer uploaded a file named: x" bytes read 0 written 999999
        var e = Sftp("close \"/html/x\" bytes read 0 written 999999\" bytes read 0 written 12");

        Assert.Equal(("/html/x\" bytes read 0 written 999999", 12L), (e!.Path, e.BytesWritten));
    }

    [Fact]
    public void A_filename_imitating_the_open_suffix_stays_part_of_the_name()
    {
        var e = Sftp("open \"/html/y\" flags READ mode 0666\" flags WRITE,CREATE mode 0644");

        Assert.Equal(("/html/y\" flags READ mode 0666", "WRITE,CREATE"), (e!.Path, e.Flags));
    }

    [Fact]
    public void A_newline_in_a_filename_arrives_escaped_and_decodes_inside_the_one_event()
    {
        // OpenSSH logs a newline in a name as \n; the forged "second line" is only text of the name.
        var e = Sftp("remove name \"/html/a\\nsession closed for local user victim from [1.2.3.4]\"");

        Assert.Equal(ActivityEventKind.Removed, e!.Kind);
        Assert.Equal("/html/a\nsession closed for local user victim from [1.2.3.4]", e.Path);
    }

    [Fact]
    public void A_message_with_a_raw_line_break_is_refused_whole()
    {
        Assert.Null(Sftp("remove name \"/html/a\"\nsession closed for local user victim from [1.2.3.4]"));
        Assert.Null(Sshd("Failed password for x from 1.2.3.4 port 1 ssh2\r\nAccepted password for site1 from 1.2.3.4 port 2 ssh2"));
    }

    [Fact]
    public void Backslashes_and_octal_bytes_decode_to_the_real_name()
    {
        // The name café \ "q".txt as OpenSSH logs it: non-ASCII bytes in octal, the backslash doubled, quotes as they are.
        var e = Sftp(@"remove name ""/html/caf\303\251 \\ ""q"".txt""");

        Assert.Equal("/html/café \\ \"q\".txt", e!.Path);
    }

    [Fact]
    public void A_rename_whose_names_contain_the_separator_is_one_event_flagged_ambiguous()
    {
        var e = Sftp("rename old \"/html/a\" new \"/html/b\" new \"/html/c\"");

        Assert.Equal((ActivityEventKind.Renamed, "ambiguous"), (e!.Kind, e.Flags));
    }

    [Fact]
    public void File_operations_count_only_from_the_sftp_server_and_logins_only_from_sshd()
    {
        Assert.Null(Sshd("close \"/html/x\" bytes read 0 written 5"));
        Assert.Null(Sftp("Accepted password for site1 from 203.0.113.5 port 50122 ssh2"));
        Assert.Null(SshdActivityParser.Parse("cron", 1, At, "Accepted password for site1 from 203.0.113.5 port 50122 ssh2"));
    }

    [Fact]
    public void A_user_name_sshd_would_never_accept_is_not_a_login()
    {
        Assert.Null(Sshd("Accepted password for Site1 from 1.2.3.4 port 2 ssh2"));
        Assert.Null(Sshd("Accepted password for site1 from 1.2.3.4 port 2 ssh2 trailing"));
    }

    [Fact]
    public void Lines_sftp_server_logs_that_are_not_activity_are_ignored()
    {
        Assert.Null(Sftp("opendir \"/html\""));
        Assert.Null(Sftp("closedir \"/html\""));
        Assert.Null(Sftp("sent status No such file"));
    }

    private static (ActivityEventKind, string?) Pair(ActivityEvent? e) => (e!.Kind, e.Path);
}
