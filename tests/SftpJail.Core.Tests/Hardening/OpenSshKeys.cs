namespace SftpJail.Core.Tests.Hardening;

/// <summary>A real public key made once with ssh-keygen (its private half was thrown away).</summary>
internal static class OpenSshKeys
{
    public const string Ed25519 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAICK2r1HwblkZTHU11jZFibIgAwFhsdNwaZ2crrlYJdcP alice@laptop";
}
