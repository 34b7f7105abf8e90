#!/usr/bin/env bash
# Nightly SftpJail backup (run by sftpjail-backup.service): one `sftpjail backup` archive per run in the backup
# directory, named by its UTC time, then only the newest SFTPJAIL_BACKUP_KEEP of them are kept. Customer files are
# not in these archives: back up the jail root (Host:JailRoot) with the host's own backup.
#
#   SFTPJAIL_BACKUP_DIR   default /var/backups/sftpjail (created 0700 root)
#   SFTPJAIL_BACKUP_KEEP  default 14 (a positive integer)
#   SFTPJAIL_CLI          default /opt/sftpjail/cli/sftpjail
#   SFTPJAIL_CLI_CONFIG   a configuration file for the CLI (--config), e.g. /etc/sftpjail/executor.json; none if unset
set -euo pipefail

dir="${SFTPJAIL_BACKUP_DIR:-/var/backups/sftpjail}"
keep="${SFTPJAIL_BACKUP_KEEP:-14}"
cli="${SFTPJAIL_CLI:-/opt/sftpjail/cli/sftpjail}"
config="${SFTPJAIL_CLI_CONFIG:-}"

fail() { echo "sftpjail-backup: $*" >&2; exit 2; }

[[ $keep =~ ^[1-9][0-9]{0,3}$ ]] || fail "SFTPJAIL_BACKUP_KEEP must be a positive integer, not '$keep'"
[[ $dir == /* ]] || fail "SFTPJAIL_BACKUP_DIR must be an absolute path, not '$dir'"
[[ ! -L $dir ]] || fail "$dir is a symbolic link"
install -d -o root -g root -m 0700 "$dir"

file="$dir/sftpjail-$(date -u +%Y%m%dT%H%M%SZ).tar.gz"
if [[ -n $config ]]; then
    [[ -f $config ]] || fail "SFTPJAIL_CLI_CONFIG names $config, which does not exist"
    "$cli" --config "$config" backup "$file"
else
    "$cli" backup "$file"
fi

# Names sort by time; only files this script names are ever removed.
mapfile -t archives < <(find "$dir" -maxdepth 1 -type f -name 'sftpjail-????????T??????Z.tar.gz' -printf '%f\n' | LC_ALL=C sort)
remove=$(( ${#archives[@]} - keep ))
for (( i = 0; i < remove; i++ )); do
    rm -f -- "$dir/${archives[i]}"
    echo "sftpjail-backup: removed the old backup ${archives[i]}"
done
