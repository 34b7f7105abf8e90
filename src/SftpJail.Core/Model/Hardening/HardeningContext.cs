using SftpJail.Core.Values;

namespace SftpJail.Core.Model.Hardening;

/// <summary>The host facts the hardening lines depend on: the two groups sshd admits, where admin keys live, and the sshd release.</summary>
public sealed record HardeningContext(LinuxGroupName AdminGroup, LinuxGroupName JailGroup, AbsolutePath AuthorizedKeysDir, SshdVersion Version);
