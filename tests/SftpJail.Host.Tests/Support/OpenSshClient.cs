namespace SftpJail.Host.Tests.Support;

/// <summary>The real OpenSSH sftp/ssh clients against the fixture's sshd on 127.0.0.1 (password through sshpass -e).</summary>
public sealed class OpenSshClient(int port)
{
    private static readonly string[] CommonOptions =
    [
        "-oStrictHostKeyChecking=no", "-oUserKnownHostsFile=/dev/null", "-oLogLevel=ERROR", "-oConnectTimeout=10",
        "-oNumberOfPasswordPrompts=1", "-oIdentitiesOnly=yes", "-oIdentityFile=/dev/null",
    ];

    /// <summary>Runs an sftp batch with a password. Lines starting with '-' may fail without ending the batch.</summary>
    public Task<HostCommand.Output> SftpWithPasswordAsync(string user, string password, params string[] batch) =>
        SftpAsync(user, password, keyFile: null, batch);

    public Task<HostCommand.Output> SftpWithKeyAsync(string user, string keyFile, params string[] batch) =>
        SftpAsync(user, password: null, keyFile, batch);

    /// <summary>One connection that offers the key, then the password: a cheap proof that neither gets in.</summary>
    public Task<HostCommand.Output> SftpWithKeyThenPasswordAsync(string user, string keyFile, string password, params string[] batch) =>
        SftpAsync(user, password, keyFile, batch);

    public async Task<HostCommand.Output> SshWithPasswordAsync(string user, string password, string command)
    {
        var args = new List<string> { "-e", "ssh", "-p", port.ToString(), "-oBatchMode=no", "-oPubkeyAuthentication=no", "-oPreferredAuthentications=password" };
        args.AddRange(CommonOptions);
        args.Add($"{user}@127.0.0.1");
        args.Add(command);
        return await HostCommand.RunAsync("sshpass", args, new Dictionary<string, string> { ["SSHPASS"] = password });
    }

    private async Task<HostCommand.Output> SftpAsync(string user, string? password, string? keyFile, string[] batch)
    {
        var batchFile = Path.Combine(Path.GetTempPath(), $"sjt-batch-{Guid.NewGuid():N}");
        await File.WriteAllLinesAsync(batchFile, batch);
        try
        {
            var args = new List<string>();
            string program;
            Dictionary<string, string>? env = null;
            if (password is not null)
            {
                program = "sshpass";
                args.AddRange(["-e", "sftp", "-oBatchMode=no"]);
                args.AddRange(keyFile is null ? ["-oPubkeyAuthentication=no", "-oPreferredAuthentications=password"] : ["-oPreferredAuthentications=publickey,password"]);
                env = new() { ["SSHPASS"] = password };
            }
            else
            {
                program = "sftp";
                args.AddRange(["-oBatchMode=yes", "-oPasswordAuthentication=no", "-oPreferredAuthentications=publickey"]);
            }

            args.AddRange(CommonOptions.Where(o => keyFile is null || !o.StartsWith("-oIdentityFile", StringComparison.Ordinal)));
            if (keyFile is not null)
            {
                args.Add("-oIdentityFile=" + keyFile);
            }

            args.AddRange(["-P", port.ToString(), "-b", batchFile, $"{user}@127.0.0.1"]);
            return await HostCommand.RunAsync(program, args, env);
        }
        finally
        {
            File.Delete(batchFile);
        }
    }
}
