using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using SftpJail.Cli.Commands;
using SftpJail.Cli.Hosting;
using SftpJail.Cli.Parsing;
using SftpJail.Core.Contract;
using SftpJail.Core.Values;
using SftpJail.Data;
using SftpJail.Data.Services;

namespace SftpJail.Cli;

public static class CliApplication
{
    /// <summary>
    /// Runs one command line. Everything meant for people or scripts goes to <paramref name="stdout"/>; a failure is one
    /// "error: ..." line on <paramref name="stderr"/> and a non-zero exit code (see <see cref="ExitCodes"/>).
    /// </summary>
    /// <param name="configure">Applied to the host builder before any service is registered (tests swap the executor here).</param>
    public static async Task<int> RunAsync(
        IReadOnlyList<string> args,
        TextReader stdin,
        TextWriter stdout,
        TextWriter stderr,
        Action<IHostApplicationBuilder>? configure = null,
        CancellationToken cancellationToken = default)
    {
        try
        {
            var (configFile, words) = ExtractConfigOption(args);
            if (words.Count == 0)
            {
                await stderr.WriteAsync(HelpText.Render());
                return ExitCodes.Invalid;
            }

            if (words[0] is "help" or "--help" or "-h")
            {
                await stdout.WriteAsync(HelpText.Render());
                return ExitCodes.Ok;
            }

            var (command, rest) = CommandTable.Find(words);
            var invocation = command.Bind(rest, stdin);
            using var host = CliHost.Build(configFile, builder =>
            {
                // A change that waits for others in the queue says so on stderr, so a script's stdout stays clean.
                builder.Services.AddSingleton(new ChangeQueueNotices(line => stderr.WriteLine(line)));
                configure?.Invoke(builder);
            });
            if (command.UsesDatabase)
            {
                await host.Services.MigrateSftpJailDatabaseAsync(cancellationToken);
            }

            await using var scope = host.Services.CreateAsyncScope();
            return await invocation(new CliContext(scope.ServiceProvider, stdout, stderr, CurrentActor()), cancellationToken);
        }
        catch (UsageException usage)
        {
            return await FailAsync(stderr, usage.Message, ExitCodes.Invalid);
        }
        catch (InputRejectedException rejected)
        {
            return await FailAsync(stderr, rejected.Message, ExitCodes.Invalid);
        }
        catch (InvalidDataException configuration)
        {
            return await FailAsync(stderr, $"configuration: {configuration.Message} {configuration.InnerException?.Message}", ExitCodes.Invalid);
        }
        catch (ExecutorUnavailableException unavailable)
        {
            return await FailAsync(stderr, $"the executor is unavailable: {unavailable.Message}", ExitCodes.Failed);
        }
        catch (Exception failure) when (failure is not OperationCanceledException)
        {
            return await FailAsync(stderr, failure.Message, ExitCodes.Failed);
        }
    }

    /// <summary>"cli:" and the person behind sudo when there is one, so the audit log names a human rather than root.</summary>
    public static Actor CurrentActor()
    {
        var sudoUser = Environment.GetEnvironmentVariable("SUDO_USER");
        var name = string.IsNullOrWhiteSpace(sudoUser) ? Environment.UserName : sudoUser;
        return new Actor("cli:" + ArgumentList.Printable(name));
    }

    internal static string OneLine(string text) =>
        string.Join(' ', text.Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries).Select(part => new string(part.Where(c => !char.IsControl(c)).ToArray())));

    /// <summary>--config FILE (or --config=FILE) may appear anywhere before "--".</summary>
    internal static (string? ConfigFile, IReadOnlyList<string> Words) ExtractConfigOption(IReadOnlyList<string> args)
    {
        string? configFile = null;
        var rest = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg == "--")
            {
                rest.AddRange(args.Skip(i));
                break;
            }

            string? value = null;
            if (arg == "--config")
            {
                value = i + 1 < args.Count ? args[++i] : throw new UsageException("--config needs a file.");
            }
            else if (arg.StartsWith("--config=", StringComparison.Ordinal))
            {
                value = arg["--config=".Length..];
            }

            if (value is null)
            {
                rest.Add(arg);
            }
            else
            {
                configFile = configFile is null ? value : throw new UsageException("--config can be given only once.");
            }
        }

        return (configFile, rest);
    }

    private static async Task<int> FailAsync(TextWriter stderr, string message, int exitCode)
    {
        await stderr.WriteLineAsync("error: " + OneLine(message));
        return exitCode;
    }
}
