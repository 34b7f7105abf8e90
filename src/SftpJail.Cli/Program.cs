using SftpJail.Cli;

// Exit codes: 0 success, 1 a failed apply / drift / unreachable executor, 2 invalid usage, input or configuration.
return await CliApplication.RunAsync(args, Console.In, Console.Out, Console.Error);
