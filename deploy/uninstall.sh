#!/usr/bin/env bash
# Removes SftpJail's services from this host: stops and disables the two units and the nightly backup timer, deletes
# the unit files with their drop-in directories, the installed binaries and the backup script. The backup archives
# already made stay (they are the way back). Customers keep working: their accounts, their site files and the
# sshd drop-in that jails them stay (removing the drop-in while the accounts remain would let them out of the jail).
#
#   sudo bash deploy/uninstall.sh                       # services, units, drop-ins, binaries
#   sudo bash deploy/uninstall.sh --purge               # also the configuration, the state (the panel's database,
#                                                       # the audit journal) and the panel's system account
#   sudo bash deploy/uninstall.sh --remove-customers    # also every customer account, its site directory and the
#                                                       # sshd drop-in (asks you to type a confirmation; --yes skips it)
#
# Pass the same layout options as to install.sh (see --help).
set -euo pipefail

readonly SCRIPT_NAME=sftpjail-uninstall
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# shellcheck source=install-common.sh
source "$SCRIPT_DIR/install-common.sh"

PURGE=0
REMOVE_CUSTOMERS=0
YES=0
SSHD_DROP_IN=/etc/ssh/sshd_config.d/50-sftpjail.conf
SSHD_TRAITS=

usage() {
    cat <<EOF
Usage: uninstall.sh [--purge] [--remove-customers [--yes]] [--sshd-drop-in FILE] [--sshd-traits FILE] [layout options]
  --purge              also remove the configuration and state directories and the panel's account
  --remove-customers   also delete every customer account SftpJail manages and its site directory, and the sshd
                       drop-in (default $SSHD_DROP_IN) with the traits file it includes (default: its name with
                       .traits for .conf); asks for a typed confirmation unless --yes
$LAYOUT_USAGE
EOF
}

while [[ $# -gt 0 ]]; do
    case $1 in
        -h | --help) usage; exit 0 ;;
        --purge) PURGE=1; shift ;;
        --remove-customers) REMOVE_CUSTOMERS=1; shift ;;
        --yes) YES=1; shift ;;
        --sshd-drop-in) [[ $# -ge 2 ]] || die "--sshd-drop-in needs a file."; SSHD_DROP_IN=$2; shift 2 ;;
        --sshd-traits) [[ $# -ge 2 ]] || die "--sshd-traits needs a file."; SSHD_TRAITS=$2; shift 2 ;;
        --*)
            [[ $# -ge 2 ]] || die "$1 needs a value (see --help)."
            parse_layout_option "$1" "$2" || die "unknown option $1 (see --help)."
            shift 2 ;;
        *) die "unexpected argument '$1' (see --help)." ;;
    esac
done

[[ $(id -u) -eq 0 ]] || die "run as root (sudo bash $0)."
check_layout
check_path --sshd-drop-in "$SSHD_DROP_IN"
[[ -n $SSHD_TRAITS ]] || SSHD_TRAITS="${SSHD_DROP_IN%.conf}.traits"
check_path --sshd-traits "$SSHD_TRAITS"
[[ $YES -eq 0 || $REMOVE_CUSTOMERS -eq 1 ]] || die "--yes only confirms --remove-customers."

STATUS=0

stop_services() {
    systemd_manages_units || return 0
    local unit
    for unit in "$BACKUP_TIMER" sftpjail-backup.service sftpjail-panel.service sftpjail-executor.service; do
        if systemctl is-active --quiet "$unit" || systemctl is-enabled --quiet "$unit" 2>/dev/null; then
            systemctl disable --now --quiet "$unit" || STATUS=1
            say "stopped and disabled $unit"
        fi
    done
}

remove_units() {
    local unit
    for unit in "${UNITS[@]}" "${BACKUP_UNITS[@]}"; do
        if [[ -e $UNIT_DIR/$unit || -L $UNIT_DIR/$unit ]]; then
            rm -f -- "$UNIT_DIR/$unit"
            say "removed $UNIT_DIR/$unit"
        fi
        # The whole drop-in directory: install.sh's DOTNET_ROOT file and any `systemctl edit` override.
        if [[ -d $UNIT_DIR/$unit.d ]]; then
            rm -rf --one-file-system -- "$UNIT_DIR/$unit.d"
            say "removed $UNIT_DIR/$unit.d"
        fi
    done
    if systemd_manages_units; then
        systemctl daemon-reload
    fi
}

remove_binaries() {
    local part
    for part in "${PARTS[@]}"; do
        for dir in "$PREFIX/$part" "$PREFIX/$part.new" "$PREFIX/$part.old"; do
            if [[ -e $dir || -L $dir ]]; then
                rm -rf --one-file-system -- "$dir"
                say "removed $dir"
            fi
        done
    done
    if [[ -e $PREFIX/$BACKUP_SCRIPT || -L $PREFIX/$BACKUP_SCRIPT ]]; then
        rm -f -- "$PREFIX/$BACKUP_SCRIPT"
        say "removed $PREFIX/$BACKUP_SCRIPT"
    fi
    # The prefix itself only when nothing else lives there.
    if [[ -d $PREFIX ]] && rmdir -- "$PREFIX" 2>/dev/null; then
        say "removed $PREFIX"
    fi
}

# The users the executor manages, from its manifest ({"Sites":[...],"Users":[...]}), each only if its home is a
# chroot under the jail root: a name in the manifest alone never deletes an account.
customer_accounts() {
    local manifest="$STATE_DIR/manifest.json" user entry home
    [[ -f $manifest ]] || return 0
    for user in $(sed -n 's/.*"Users":\[\([^]]*\)\].*/\1/p' "$manifest" | tr ',' '\n' | tr -d '" '); do
        [[ $user =~ ^[a-z_][a-z0-9_-]{0,31}$ ]] || continue
        entry="$(getent passwd "$user" || true)"
        [[ -n $entry ]] || continue
        home="$(cut -d: -f6 <<<"$entry")"
        [[ $home == "$JAIL_ROOT"/* ]] || { say "keeping $user: its home $home is not under $JAIL_ROOT" >&2; continue; }
        printf '%s:%s\n' "$user" "$home"
    done
}

remove_customers() {
    local accounts count answer user home
    accounts="$(customer_accounts)"
    count=$(grep -c . <<<"$accounts" || true)
    if [[ $YES -eq 0 ]]; then
        [[ -t 0 ]] || die "--remove-customers deletes $count customer account(s) and their files: confirm on a terminal or pass --yes."
        printf 'This deletes %s customer account(s), their site files under %s and %s.\n' "$count" "$JAIL_ROOT" "$SSHD_DROP_IN"
        printf 'Type "delete %s customers" to go on: ' "$count"
        read -r answer
        [[ $answer == "delete $count customers" ]] || die "not confirmed; nothing of the customers was removed."
    fi

    local remaining=0
    while IFS=: read -r user home; do
        [[ -n $user ]] || continue
        if userdel "$user"; then
            say "deleted the account $user"
            # The chroot is root-owned; it and the site files in it go with the account.
            [[ ! -d $home || -L $home ]] || { rm -rf --one-file-system -- "$home"; say "removed $home"; }
        else
            say "userdel $user failed (an open sftp session? close it and run this again)" >&2
            remaining=1
            STATUS=1
        fi
    done <<<"$accounts"

    # Only with nobody left to jail: without the drop-in a remaining account would not be chrooted.
    # The drop-in before the traits file it includes: removed the other way round, the drop-in's fallback lines would
    # lock read-only and key-only users out until it went too (harmless here: they are deleted already).
    if [[ $remaining -eq 0 && ( -f $SSHD_DROP_IN || -f $SSHD_TRAITS ) ]]; then
        local file
        for file in "$SSHD_DROP_IN" "$SSHD_TRAITS"; do
            [[ -f $file ]] || continue
            rm -f -- "$file"
            say "removed $file"
        done
        if command -v systemctl >/dev/null && [[ -d /run/systemd/system ]]; then
            systemctl reload ssh.service 2>/dev/null || systemctl reload sshd.service 2>/dev/null || say "reload sshd yourself" >&2
        fi
    fi
}

purge() {
    local dir
    for dir in "$CONFIG_DIR" "$STATE_DIR" "$PANEL_STATE_DIR"; do
        if [[ -d $dir ]]; then
            rm -rf --one-file-system -- "$dir"
            say "removed $dir"
        fi
    done
    if getent passwd "$PANEL_USER" >/dev/null; then
        userdel "$PANEL_USER" && say "deleted the account $PANEL_USER" || STATUS=1
    fi
    if getent group "$PANEL_USER" >/dev/null; then
        groupdel "$PANEL_USER" && say "deleted the group $PANEL_USER" || STATUS=1
    fi
}

stop_services
remove_units
remove_binaries
[[ $REMOVE_CUSTOMERS -eq 0 ]] || remove_customers
[[ $PURGE -eq 0 ]] || purge
if [[ $REMOVE_CUSTOMERS -eq 0 ]]; then
    say "customer accounts, their files and $SSHD_DROP_IN were left in place (--remove-customers removes them)"
fi
if [[ $PURGE -eq 0 ]]; then
    say "kept $CONFIG_DIR, $STATE_DIR, $PANEL_STATE_DIR and the account $PANEL_USER (--purge removes them)"
fi
exit "$STATUS"
