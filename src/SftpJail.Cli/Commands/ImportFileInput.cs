using SftpJail.Cli.Parsing;
using SftpJail.Data.Services.Import;

namespace SftpJail.Cli.Commands;

/// <summary>Reading the file to import and creating the files import and export write. Failures are usage errors.</summary>
internal static class ImportFileInput
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;

    public static ImportFormat Format(ArgumentList a, string? file) =>
        a.Value("--format") is { } text
            ? ImportFormats.Parse(text) ?? throw new UsageException($"--format: '{ArgumentList.Printable(text)}' is not csv or json.")
            : ImportFormats.FromFileName(file);

    public static byte[] Read(string path)
    {
        try
        {
            var info = new FileInfo(path);
            if (!info.Exists)
            {
                throw new UsageException($"import: {ArgumentList.Printable(path)} does not exist.");
            }

            if (info.Length > ImportFormats.MaxFileBytes)
            {
                throw new UsageException($"import: {ArgumentList.Printable(path)} is larger than {ImportFormats.MaxFileBytes / (1024 * 1024)} MiB; split it.");
            }

            return File.ReadAllBytes(path);
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"import: {ArgumentList.Printable(path)}: {failure.Message}");
        }
    }

    /// <summary>
    /// Creates <paramref name="path"/> new (O_CREAT|O_EXCL: an existing file, or a symbolic link planted there, is
    /// refused, never followed or overwritten) with mode 0600 from the start, so a password is never readable by anyone
    /// but its owner (root), not even for a moment.
    /// </summary>
    public static FileStream CreateOwnerOnly(string option, string path)
    {
        try
        {
            var options = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write, Share = FileShare.None };
            if (!OperatingSystem.IsWindows())
            {
                options.UnixCreateMode = OwnerOnly;
            }

            return new FileStream(path, options);
        }
        catch (IOException) when (File.Exists(path) || Directory.Exists(path) || new FileInfo(path).LinkTarget is not null)
        {
            throw new UsageException($"{option}: {ArgumentList.Printable(path)} already exists; it is never overwritten. Choose a new file name.");
        }
        catch (Exception failure) when (failure is IOException or UnauthorizedAccessException or ArgumentException or NotSupportedException)
        {
            throw new UsageException($"{option}: {ArgumentList.Printable(path)}: {failure.Message}");
        }
    }
}
