namespace SftpJail.Core.Values;

/// <summary>A key whose blob passed <see cref="SshKeyBlob.Check"/>, with its comment still as written.</summary>
internal sealed record DecodedSshKey(string Algorithm, byte[] Blob, int Bits, string? RawComment);
