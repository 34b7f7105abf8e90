using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SftpJail.Executor.Hosting;

// appsettings.json sits next to the binary; systemd starts us in "/".
var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings
{
    Args = args,
    ContentRootPath = AppContext.BaseDirectory,
});

try
{
    builder.AddSftpJailExecutor();
    using var host = builder.Build();
    await host.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is ExecutorStartupException or OptionsValidationException)
{
    await Console.Error.WriteLineAsync($"sftpjail-executor: {ex.Message}");
    return 1;
}
catch (Exception ex) when (ex is InvalidOperationException or IOException or System.ComponentModel.Win32Exception)
{
    // Socket set-up refusals (a file in the socket's place, an unknown panel user) carry a message meant for the admin.
    await Console.Error.WriteLineAsync($"sftpjail-executor: cannot start: {ex.Message}");
    return 1;
}
