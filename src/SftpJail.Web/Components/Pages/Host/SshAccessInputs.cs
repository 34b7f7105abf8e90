extern alias executor;

using System.ComponentModel.DataAnnotations;
using SftpJail.Core.Contract;
using SftpJail.Core.Model.Hardening;
using SftpJail.Core.Values;
using NftablesRateLimit = executor::SftpJail.Executor.Hardening.NftablesRateLimit;

namespace SftpJail.Web.Components.Pages.Host;

public sealed class HardeningInput
{
    public string CryptoPolicy { get; set; } = "defaults";

    public bool DenyRootLogin { get; set; } = true;

    public bool DenyPasswordLogin { get; set; } = true;

    [StringLength(20)]
    public string MaxStartups { get; set; } = "10:30:60";

    public static HardeningInput From(HardeningDto dto) => new()
    {
        CryptoPolicy = dto.CryptoPolicy,
        DenyRootLogin = dto.DenyRootLogin,
        DenyPasswordLogin = dto.DenyPasswordLogin,
        MaxStartups = dto.MaxStartups,
    };

    /// <summary>Keeps the numbers the profile already has; the page only edits what admins change day to day.</summary>
    public HardeningDto ToDto(HardeningDto current) =>
        (current.Enabled ? current : HardeningDto.Recommended) with
        {
            Enabled = true,
            CryptoPolicy = CryptoPolicy,
            DenyRootLogin = DenyRootLogin,
            DenyPasswordLogin = DenyPasswordLogin,
            MaxStartups = MaxStartups.Trim(),
        };
}

/// <summary>What the page says about slowing down password guessing, for the running sshd.</summary>
public sealed record BruteForceAdvice(SshdVersion? Version, bool HasPerSourcePenalties, string? NftablesSnippet)
{
    public static BruteForceAdvice For(HostInfo? info)
    {
        SshdVersion? version = null;
        if (info is not null)
        {
            try
            {
                version = SshdVersion.Parse(info.SshdVersion);
            }
            catch (InputRejectedException)
            {
                version = null;
            }
        }

        var penalties = version is not null && version.AtLeast(SshdVersion.PerSourcePenalties);
        return new BruteForceAdvice(version, penalties, penalties || info is null ? null : NftablesRateLimit.Render(info.Port));
    }
}
