using System.Text;
using SftpJail.Cli.Parsing;

namespace SftpJail.Cli.Commands;

/// <summary><c>sftpjail export</c>: every site and user in the import format (keys yes, passwords never).</summary>
internal static class ExportCommand
{
    public static IReadOnlyList<Command> All { get; } =
    [
        new("export", "export [--format csv|json] [FILE]", "Write every site and user in the import format (no passwords) to FILE or stdout.", true, Bind),
    ];

    private static Invocation Bind(IReadOnlyList<string> args, TextReader stdin)
    {
        var a = ArgumentList.Parse("export", args, [], ["--format"]);
        string? file;
        try
        {
            a.Positionals();
            file = null;
        }
        catch (UsageException)
        {
            file = a.Positionals("file")[0];
        }

        var format = ImportFileInput.Format(a, file);
        if (file is not null && (File.Exists(file) || Directory.Exists(file)))
        {
            throw new UsageException($"export: {ArgumentList.Printable(file)} already exists; it is never overwritten.");
        }

        return async (c, ct) =>
        {
            var text = await c.Importer.ExportAsync(format, ct);
            if (file is null)
            {
                await c.Out.WriteAsync(text);
                return ExitCodes.Ok;
            }

            await using (var output = ImportFileInput.CreateOwnerOnly("export", file))
            {
                await output.WriteAsync(Encoding.UTF8.GetBytes(text), ct);
            }

            await c.Out.WriteLineAsync($"exported to {ArgumentList.Printable(file)}");
            return ExitCodes.Ok;
        };
    }
}
