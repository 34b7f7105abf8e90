using System.Globalization;

namespace SftpJail.Executor.Hardening;

/// <summary>
/// For OpenSSH before 9.8 (no PerSourcePenalties): an nftables ruleset that drops new SSH connections from an address
/// opening more than <c>perMinute</c> per minute (after a burst), using a dynamic set keyed by source address. Offered as
/// text for the administrator to review and load (<c>nft -f</c>); SftpJail does not change the firewall itself.
/// </summary>
public static class NftablesRateLimit
{
    public static string Render(int port, int perMinute = 10, int burst = 5)
    {
        if (port is < 1 or > 65535 || perMinute is < 1 or > 1000 || burst is < 1 or > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(port), "port 1-65535, rate and burst 1-1000");
        }

        var p = port.ToString(CultureInfo.InvariantCulture);
        var rate = perMinute.ToString(CultureInfo.InvariantCulture);
        var b = burst.ToString(CultureInfo.InvariantCulture);
        return $$"""
            # SftpJail: rate-limit new SSH connections per source address (sshd has no PerSourcePenalties before OpenSSH 9.8).
            # Review, then load with: nft -f this-file   (remove with: nft delete table inet sftpjail_ssh)
            table inet sftpjail_ssh {
                set ssh_v4 {
                    type ipv4_addr
                    flags dynamic,timeout
                    timeout 5m
                }

                set ssh_v6 {
                    type ipv6_addr
                    flags dynamic,timeout
                    timeout 5m
                }

                chain input {
                    type filter hook input priority filter - 1; policy accept;
                    tcp dport {{p}} ct state new add @ssh_v4 { ip saddr limit rate over {{rate}}/minute burst {{b}} packets } counter drop
                    tcp dport {{p}} ct state new add @ssh_v6 { ip6 saddr limit rate over {{rate}}/minute burst {{b}} packets } counter drop
                }
            }

            """;
    }
}
