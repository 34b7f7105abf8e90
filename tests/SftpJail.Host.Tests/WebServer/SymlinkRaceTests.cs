using System.Net;
using System.Text;
using SftpJail.Core.Contract;
using SftpJail.Host.Tests.Support;
using Xunit.Abstractions;
using static SftpJail.Host.Tests.Support.States;

namespace SftpJail.Host.Tests.WebServer;

/// <summary>
/// Issue 9, item 1: a jailed customer swaps <c>race.txt</c> between its own file and links to other people's files
/// over SFTP while Apache serves it. Apache's SymLinksIfOwnerMatch checks the link and then opens the path, so with
/// links allowed a swap between the two leaked. internal-sftp -P symlink,hardlink refuses every link request, so the
/// only thing race.txt can ever be is the customer's own file.
/// </summary>
[Collection(HostCollection.Name)]
public sealed class SymlinkRaceTests(ITestOutputHelper output)
{
    private const string Password = "correct-horse-battery-9";
    private const int RaceRequests = 20_000;
    private const int ParallelRequests = 8;
    private const int CyclesPerSession = 40;

    [Fact]
    public async Task Apache_serves_no_other_customers_file_while_a_jailed_user_races_links_over_sftp()
    {
        await using var host = await JailHost.CreateAsync(webServer: "Apache");
        var race = await RaceSetup.CreateAsync(host);
        var detector = new LeakDetector(host, race.VictimSecret, race.WebGroupSecret);

        // The detector is proven first: a link Apache's owner check lets through (the link's owner owns its target)
        // is exactly what the old sftp let a customer make for its own files, and it must count as a leak here.
        var control = await race.PlantOwnerMatchingLinksAsync(host.UserName("b"));
        var controlLeaks = await detector.CountAsync("/" + control.Victim, 20, ParallelRequests)
            + await detector.CountAsync("/" + control.WebGroup, 20, ParallelRequests);
        control.Remove();
        Assert.Equal(40, controlLeaks.Leaks);

        using var stop = new CancellationTokenSource();
        var attacker = race.AttackAsync(stop.Token);
        LeakCount result;
        try
        {
            result = await detector.CountAsync("/race.txt", RaceRequests, ParallelRequests);
        }
        finally
        {
            await stop.CancelAsync();
        }

        var attack = await attacker;
        output.WriteLine($"race requests {result.Requests} / leaks {result.Leaks} (own file served {result.Own}, other answers {result.Other}); " +
                         $"{attack.Sessions} sftp sessions, {attack.LinkRequests} link requests, {attack.Refusals} refused");
        Assert.Equal(0, result.Leaks);
        Assert.True(result.Own > 0, "the race target was never served at all: the test raced nothing");
        Assert.True(attack.Sessions > 0 && attack.Refusals >= attack.LinkRequests, $"{attack.LinkRequests} link requests, {attack.Refusals} refused:\n{attack.FirstSession}");
        Assert.Empty(await race.LinksInHtmlAsync());
    }

    [Fact]
    public async Task A_link_race_outside_sftp_shows_what_the_web_server_layer_alone_lets_through()
    {
        await using var host = await JailHost.CreateAsync(webServer: "Apache");
        var race = await RaceSetup.CreateAsync(host);
        var detector = new LeakDetector(host, race.VictimSecret, race.WebGroupSecret);

        // What the old sftp allowed: links owned by the customer (not by the target's owner) swapped with its own
        // file. Only SymLinksIfOwnerMatch stands between them and the secrets.
        using var stop = new CancellationTokenSource();
        var swapper = race.SwapLinksAsCustomerAsync(stop.Token);
        LeakCount result;
        try
        {
            result = await detector.CountAsync("/race.txt", 5_000, ParallelRequests);
        }
        finally
        {
            await stop.CancelAsync();
        }

        var swaps = await swapper;

        // Not asserted either way: the race is won or lost by timing. The figure shows why links are refused at SFTP.
        output.WriteLine($"customer-uid link race outside sftp: requests {result.Requests} / leaks {result.Leaks} (own {result.Own}, other {result.Other}), {swaps} swaps");
        Assert.True(swaps > 0);
        Assert.True(result.Own + result.Leaks + result.Other == result.Requests);
    }

    /// <summary>Two customers, a secret in each place the attack reached, and the attacker's own file.</summary>
    private sealed class RaceSetup
    {
        private RaceSetup(JailHost host, string thief, string thiefHtml, string victimFile, string webGroupFile, byte[] victimSecret, byte[] webGroupSecret)
        {
            Host = host;
            Thief = thief;
            ThiefHtml = thiefHtml;
            VictimFile = victimFile;
            WebGroupFile = webGroupFile;
            VictimSecret = victimSecret;
            WebGroupSecret = webGroupSecret;
        }

        public JailHost Host { get; }

        public string Thief { get; }

        public string ThiefHtml { get; }

        public string VictimFile { get; }

        public string WebGroupFile { get; }

        public byte[] VictimSecret { get; }

        public byte[] WebGroupSecret { get; }

        public static async Task<RaceSetup> CreateAsync(JailHost host)
        {
            var thief = host.UserName("a");
            var victim = host.UserName("b");
            var applied = await host.ApplyAsync(
                Of(Site("thief.example", User(thief)), Site("victim.example", User(victim))),
                new PasswordChange(thief, Password), new PasswordChange(victim, Password));
            Assert.True(applied.Succeeded, applied.Error);

            var victimSecret = Encoding.UTF8.GetBytes($"DB_PASSWORD=victim-{Guid.NewGuid():N}\n");
            var local = Path.Combine(host.BaseDir, "upload.tmp");
            await File.WriteAllBytesAsync(local, victimSecret);
            Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(victim, Password, $"put {local} /html/config.php")).ExitCode);

            // A root:<web group> 0640 file outside every jail: the web server may read it, no customer may.
            var webGroupSecret = Encoding.UTF8.GetBytes($"web-group-only-{Guid.NewGuid():N}\n");
            var webGroupFile = Path.Combine(host.BaseDir, "web-group-secret.txt");
            await File.WriteAllBytesAsync(webGroupFile, webGroupSecret);
            Assert.Equal(0, (await HostCommand.RunAsync("chown", ["root:" + host.Profile.WebGroup.Value, webGroupFile])).ExitCode);
            File.SetUnixFileMode(webGroupFile, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead);

            await File.WriteAllTextAsync(local, "thief's own page\n");
            Assert.Equal(0, (await host.Client.SftpWithPasswordAsync(thief, Password, $"put {local} /html/own.txt", $"put {local} /html/race.txt")).ExitCode);
            File.Delete(local);
            var thiefHtml = host.Profile.UploadDirFor(Core.Values.SiteDomain.Parse("thief.example")).Value;
            var victimFile = Path.Combine(host.Profile.UploadDirFor(Core.Values.SiteDomain.Parse("victim.example")).Value, "config.php");
            return new RaceSetup(host, thief, thiefHtml, victimFile, webGroupFile, victimSecret, webGroupSecret);
        }

        /// <summary>
        /// The loop, as many sftp sessions as it takes until <paramref name="stop"/>: link requests (refused)
        /// interleaved with renames onto race.txt (allowed). '-' lets a refused line fail without ending the batch.
        /// </summary>
        public async Task<AttackCount> AttackAsync(CancellationToken stop)
        {
            var batch = new List<string>();
            for (var i = 0; i < CyclesPerSession; i++)
            {
                batch.AddRange([
                    $"-ln -s {VictimFile} /html/L",
                    "-rename /html/L /html/race.txt",
                    "-ln /html/own.txt /html/H",
                    "-rename /html/H /html/race.txt",
                    $"-symlink {WebGroupFile} /html/L",
                    "-rename /html/L /html/race.txt",
                    "-rename /html/race.txt /html/moved.txt",
                    "-rename /html/moved.txt /html/race.txt",
                ]);
            }

            var linkRequestsPerSession = batch.Count(line => line.StartsWith("-ln", StringComparison.Ordinal) || line.StartsWith("-symlink", StringComparison.Ordinal));
            var (sessions, refusals, sample) = (0, 0, string.Empty);
            while (!stop.IsCancellationRequested)
            {
                var session = await Host.Client.SftpWithPasswordAsync(Thief, Password, [.. batch]);
                Assert.DoesNotContain("Permission denied, please try again", session.All);
                sessions++;
                sample = sample.Length == 0 ? session.StandardError : sample;
                // internal-sftp refuses a symlink request; -P hardlink also stops it offering hardlink@openssh.com, so
                // the client refuses ln itself (as TraitLoginTests shows).
                refusals += CountOccurrences(session.All, "Permission denied") + CountOccurrences(session.All, "Server does not support hardlink@openssh.com");
            }

            return new AttackCount(sessions, sessions * linkRequestsPerSession, refusals, sample[..Math.Min(sample.Length, 2000)]);
        }

        /// <summary>
        /// What the old sftp let the customer do, done by the customer's uid outside SFTP (a perl loop run with
        /// setpriv, which execs it: the pid is perl's own): its own links to both secrets swapped with its own file onto race.txt until killed.
        /// </summary>
        public async Task<int> SwapLinksAsCustomerAsync(CancellationToken stop)
        {
            const string Loop = """
                my ($html, @targets) = @ARGV; chdir $html or die "chdir: $!";
                $| = 1; my $swaps = 0; $SIG{TERM} = sub { print "$swaps\n"; exit 0 }; print "ready\n";
                while (1) { for my $t (@targets) {
                    unlink "L"; symlink($t, "L") or die "symlink: $!"; rename("L", "race.txt") or die "rename: $!";
                    unlink "H"; link("own.txt", "H") or die "link: $!"; rename("H", "race.txt") or die "rename: $!"; $swaps += 2; } }
                """;
            var start = new System.Diagnostics.ProcessStartInfo("setpriv") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var arg in new[] { $"--reuid={Thief}", $"--regid={Thief}", "--init-groups", "--", "/usr/bin/perl", "-e", Loop, ThiefHtml, VictimFile, WebGroupFile })
            {
                start.ArgumentList.Add(arg);
            }

            using var process = System.Diagnostics.Process.Start(start)!;
            var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
            Assert.Equal("ready", await process.StandardOutput.ReadLineAsync(CancellationToken.None));
            try
            {
                await Task.Delay(Timeout.Infinite, stop);
            }
            catch (OperationCanceledException)
            {
                // The requests are done.
            }

            Assert.Equal(0, (await HostCommand.RunAsync("kill", ["-TERM", process.Id.ToString()])).ExitCode);
            var printed = await process.StandardOutput.ReadToEndAsync(CancellationToken.None);
            await process.WaitForExitAsync(CancellationToken.None);
            Assert.True(process.ExitCode == 0, await stderr);
            return int.Parse(printed.Trim());
        }

        /// <summary>Links whose owner owns the target, which SymLinksIfOwnerMatch follows: the detector's positive control.</summary>
        public async Task<PlantedLinks> PlantOwnerMatchingLinksAsync(string victim)
        {
            var victimLink = Path.Combine(ThiefHtml, "control-victim.txt");
            var webGroupLink = Path.Combine(ThiefHtml, "control-webgroup.txt");
            File.CreateSymbolicLink(victimLink, VictimFile);
            Assert.Equal(0, (await HostCommand.RunAsync("chown", ["-h", victim, victimLink])).ExitCode);
            File.CreateSymbolicLink(webGroupLink, WebGroupFile);
            return new PlantedLinks(Path.GetFileName(victimLink), Path.GetFileName(webGroupLink), [victimLink, webGroupLink]);
        }

        /// <summary>Symbolic links, and regular files with more than one name, in the thief's html/.</summary>
        public async Task<IReadOnlyList<string>> LinksInHtmlAsync()
        {
            var links = new List<string>();
            foreach (var path in Directory.EnumerateFileSystemEntries(ThiefHtml))
            {
                var names = await HostCommand.RunAsync("stat", ["-c", "%h %F", path]);
                if (new FileInfo(path).LinkTarget is not null || names.StandardOutput.Trim() != "1 regular file")
                {
                    links.Add($"{path}: {names.StandardOutput.Trim()}");
                }
            }

            return links;
        }

        private static int CountOccurrences(string text, string what)
        {
            var count = 0;
            for (var at = text.IndexOf(what, StringComparison.Ordinal); at >= 0; at = text.IndexOf(what, at + what.Length, StringComparison.Ordinal))
            {
                count++;
            }

            return count;
        }
    }

    private sealed record PlantedLinks(string Victim, string WebGroup, IReadOnlyList<string> Paths)
    {
        public void Remove()
        {
            foreach (var path in Paths)
            {
                File.Delete(path);
            }
        }
    }

    private sealed record AttackCount(int Sessions, int LinkRequests, int Refusals, string FirstSession);

    private sealed record LeakCount(int Requests, int Leaks, int Own, int Other)
    {
        public static LeakCount operator +(LeakCount a, LeakCount b) => new(a.Requests + b.Requests, a.Leaks + b.Leaks, a.Own + b.Own, a.Other + b.Other);
    }

    /// <summary>GETs one path of the thief's site a fixed number of times and sorts every body: a secret, its own file, or something else.</summary>
    private sealed class LeakDetector(JailHost host, byte[] victimSecret, byte[] webGroupSecret)
    {
        public async Task<LeakCount> CountAsync(string path, int requests, int parallel)
        {
            using var http = new HttpClient(new SocketsHttpHandler { UseProxy = false, MaxConnectionsPerServer = parallel, AllowAutoRedirect = false })
            { Timeout = TimeSpan.FromSeconds(10) };
            var url = $"http://127.0.0.1:{host.Web!.Listen.HttpPort}{path}";
            var (next, leaks, own, other) = (0, 0, 0, 0);
            var workers = Enumerable.Range(0, parallel).Select(_ => Task.Run(async () =>
            {
                while (Interlocked.Increment(ref next) <= requests)
                {
                    using var request = new HttpRequestMessage(HttpMethod.Get, url);
                    request.Headers.Host = "thief.example";
                    using var response = await http.SendAsync(request);
                    var body = await response.Content.ReadAsByteArrayAsync();
                    if (body.AsSpan().SequenceEqual(victimSecret) || body.AsSpan().SequenceEqual(webGroupSecret))
                    {
                        Interlocked.Increment(ref leaks);
                    }
                    else if (response.StatusCode == HttpStatusCode.OK && body.AsSpan().SequenceEqual("thief's own page\n"u8))
                    {
                        Interlocked.Increment(ref own);
                    }
                    else
                    {
                        Interlocked.Increment(ref other);
                    }
                }
            }));
            await Task.WhenAll(workers);
            return new LeakCount(requests, leaks, own, other);
        }
    }
}
