using System.Globalization;
using System.Text;
using SftpJail.Cli.Output;
using SftpJail.Cli.Parsing;
using SftpJail.Data.Services.Import;

namespace SftpJail.Cli.Commands;

/// <summary><c>sftpjail import FILE</c>: every row checked before anything changes, then one apply for the whole file.</summary>
internal static class ImportCommand
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("import", "import FILE [--format csv|json] [--dry-run] [--passwords-out FILE]",
            "Add many sites from CSV or JSON; bad rows are listed by line and nothing changes; --dry-run shows the plan.", true, Bind),
    ];

    private static Invocation Bind(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("import", args, ["--dry-run"], ["--format", "--passwords-out"]);
        var file = a.Positionals("file")[0];
        var format = ImportFileInput.Format(a, file);
        var dryRun = a.Has("--dry-run");
        var passwordsOut = a.Value("--passwords-out");
        if (dryRun && passwordsOut is not null)
        {
            throw new UsageException("import: a dry run generates no password; leave out --passwords-out.");
        }

        var content = ImportFileInput.Read(file);
        if (!dryRun && passwordsOut is null)
        {
            // Decided before anything is sent: a generated password must have somewhere safe to go.
            var generated = ImportFormats.Read(content, format).Rows.Where(r => r.Password is null && r.Key is null).Select(r => r.Location.ToString()).ToList();
            if (generated.Count > 0)
            {
                throw new UsageException(
                    $"import: {generated.Count} row(s) ({string.Join(", ", generated.Take(3))}{(generated.Count > 3 ? ", ..." : "")}) have neither a password nor a key; " +
                    "give --passwords-out FILE to receive their generated passwords (created new, mode 0600).");
            }
        }

        return dryRun
            ? (c, ct) => DryRunAsync(c, content, format, ct)
            : (c, ct) => ApplyAsync(c, content, format, passwordsOut, ct);
    }

    private static async Task<int> DryRunAsync(CliContext c, byte[] content, ImportFormat format, CancellationToken ct)
    {
        var preview = await c.Importer.PreviewAsync(content, format, cancellationToken: ct);
        if (await ReportRejectedAsync(c, preview.Errors, preview.Error, preview.RowCount) is { } exit)
        {
            return exit;
        }

        var users = preview.Sites.Sum(s => s.Users.Count);
        await c.Out.WriteLineAsync($"dry run: {preview.RowCount} rows would add {preview.Sites.Count} sites with {users} users in one apply ({preview.Steps.Count} steps); nothing was changed.");
        await Table.WriteAsync(c.Out, ["DOMAIN", "USERS", "LOGIN", "STEPS"], preview.Sites.Select(s => new[]
        {
            s.Domain, string.Join(' ', s.Users), string.Join(' ', s.Logins.Select(l => l.Replace(' ', '-'))), s.StepCount.ToString(CultureInfo.InvariantCulture),
        }));
        if (preview.SharedSteps.Count > 0)
        {
            await c.Out.WriteLineAsync("shared steps (once for the whole batch):");
            await Steps.WriteAsync(c.Out, preview.SharedSteps);
        }

        return ExitCodes.Ok;
    }

    private static async Task<int> ApplyAsync(CliContext c, byte[] content, ImportFormat format, string? passwordsOut, CancellationToken ct)
    {
        // Created before the apply, so a file that cannot be made stops the import before it changes anything.
        var output = passwordsOut is null ? null : ImportFileInput.CreateOwnerOnly("--passwords-out", passwordsOut);
        ImportResult? result = null;
        try
        {
            result = await c.Importer.ImportAsync(content, format, c.Actor, cancellationToken: ct);
            if (result.Succeeded && output is not null)
            {
                await WritePasswordsAsync(output, result.Passwords, ct);
            }
        }
        finally
        {
            if (output is not null)
            {
                await output.DisposeAsync();
                if (result is not { Succeeded: true })
                {
                    File.Delete(passwordsOut!); // still empty: nothing was applied, no password was made
                }
            }
        }

        if (!result.Succeeded)
        {
            if (result.AuditEntryId is not null)
            {
                return await c.FailAsync(result.Error ?? "The executor did not apply the import.", ExitCodes.Failed);
            }

            return await ReportRejectedAsync(c, result.Errors, result.Error, result.RowCount) ?? ExitCodes.Invalid;
        }

        await c.Out.WriteLineAsync($"imported {result.SiteCount} sites with {result.UserCount} users in one apply ({result.Steps.Count} steps)");
        foreach (var kind in result.Steps.GroupBy(s => s.Kind).OrderBy(g => g.Key))
        {
            await c.Out.WriteLineAsync($"  {kind.Key}: {kind.Count()}");
        }

        if (passwordsOut is not null)
        {
            await c.Out.WriteLineAsync($"{result.Passwords.Count} generated password(s) written to {ArgumentList.Printable(passwordsOut)} (mode 0600); they are shown nowhere else.");
        }

        return ExitCodes.Ok;
    }

    /// <summary>Every bad row on its own stderr line, "line N: ...", then one summary line; null when nothing was rejected.</summary>
    private static async Task<int?> ReportRejectedAsync(CliContext c, IReadOnlyList<RowError> errors, string? error, int? rowCount)
    {
        if (errors.Count == 0 && error is null)
        {
            return null;
        }

        foreach (var row in errors)
        {
            await c.Err.WriteLineAsync(CliApplication.OneLine(row.ToString()));
        }

        if (errors.Count > 0)
        {
            var of = rowCount is null ? "" : $" of {rowCount}";
            return await c.FailAsync($"{errors.Count}{of} rows cannot be imported; nothing was changed.", ExitCodes.Invalid);
        }

        var unavailable = error!.StartsWith("The executor is unavailable", StringComparison.Ordinal);
        return await c.FailAsync(error, unavailable ? ExitCodes.Failed : ExitCodes.Invalid);
    }

    private static async Task WritePasswordsAsync(FileStream output, IReadOnlyList<GeneratedPassword> passwords, CancellationToken ct)
    {
        var text = new StringBuilder("domain,user,password\n");
        foreach (var p in passwords)
        {
            text.Append(p.Domain).Append(',').Append(p.UserName).Append(',').Append(p.Password).Append('\n');
        }

        await output.WriteAsync(Encoding.UTF8.GetBytes(text.ToString()), CancellationToken.None);
        await output.FlushAsync(CancellationToken.None);
        output.Flush(flushToDisk: true);
    }
}
