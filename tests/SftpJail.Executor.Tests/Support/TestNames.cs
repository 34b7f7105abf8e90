using System.Security.Cryptography;

namespace SftpJail.Executor.Tests.Support;

public static class TestNames
{
    /// <summary><paramref name="prefix"/> followed by <paramref name="length"/> random lower-case letters.</summary>
    public static string Random(string prefix, int length = 6) =>
        prefix + RandomNumberGenerator.GetString("abcdefghijklmnopqrstuvwxyz", length);
}
