using System.ComponentModel;
using System.Runtime.InteropServices;

namespace SftpJail.Executor.Socket;

/// <summary>User and group names to ids through NSS (getpwnam_r/getgrnam_r), so LDAP or sssd accounts resolve too.</summary>
internal static class AccountLookup
{
    private const int MaxBufferBytes = 1024 * 1024;

    public static unsafe uint? FindUserId(string name) =>
        Lookup(name, (byte* buffer, nuint length, out uint id, out nint result) =>
        {
            var error = SocketNativeMethods.GetPasswordEntryByName(name, out var entry, buffer, length, out result);
            id = entry.Uid;
            return error;
        });

    public static unsafe uint? FindGroupId(string name) =>
        Lookup(name, (byte* buffer, nuint length, out uint id, out nint result) =>
        {
            var error = SocketNativeMethods.GetGroupEntryByName(name, out var entry, buffer, length, out result);
            id = entry.Gid;
            return error;
        });

    private unsafe delegate int LookupCall(byte* buffer, nuint length, out uint id, out nint result);

    private static unsafe uint? Lookup(string name, LookupCall call)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(name);
        for (var size = 4096; size <= MaxBufferBytes; size *= 4)
        {
            var buffer = new byte[size];
            fixed (byte* pointer = buffer)
            {
                var error = call(pointer, (nuint)size, out var id, out var result);
                if (error == SocketNativeMethods.Erange)
                {
                    continue;
                }

                // getpwnam_r(3): "not found" is a return of 0 (or ENOENT/ESRCH on some NSS modules) with a null result.
                if (error is 0 or 2 or 3 && result == 0)
                {
                    return null;
                }

                return error == 0 ? id : throw new Win32Exception(error, $"Looking up '{name}' failed: {Marshal.GetPInvokeErrorMessage(error)}.");
            }
        }

        throw new InvalidOperationException($"The account entry for '{name}' is larger than {MaxBufferBytes} bytes.");
    }
}
