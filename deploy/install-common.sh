# Shared by install.sh and uninstall.sh (sourced, not run): the install layout, its options and their checks.
# Every path and name is checked here before either script uses it in a command, a unit file or a sed expression.

PREFIX="${SFTPJAIL_PREFIX:-/opt/sftpjail}"
CONFIG_DIR="${SFTPJAIL_CONFIG_DIR:-/etc/sftpjail}"
UNIT_DIR="${SFTPJAIL_UNIT_DIR:-/etc/systemd/system}"
STATE_DIR="${SFTPJAIL_STATE_DIR:-/var/lib/sftpjail}"
PANEL_STATE_DIR="${SFTPJAIL_PANEL_STATE_DIR:-/var/lib/sftpjail-panel}"
JAIL_ROOT="${SFTPJAIL_JAIL_ROOT:-/var/www/sub-domains}"
PANEL_USER="${SFTPJAIL_PANEL_USER:-sftpjail-panel}"

readonly UNITS=(sftpjail-executor.service sftpjail-panel.service)
# The nightly backup: a oneshot service that runs BACKUP_SCRIPT (installed under the prefix) and the timer that starts it.
readonly BACKUP_UNITS=(sftpjail-backup.service sftpjail-backup.timer)
readonly BACKUP_TIMER=sftpjail-backup.timer
readonly BACKUP_SCRIPT=sftpjail-backup.sh
readonly PARTS=(web executor cli)
readonly DEFAULT_UNIT_DIR=/etc/systemd/system

die() { printf '%s: error: %s\n' "$SCRIPT_NAME" "$*" >&2; exit 1; }
say() { printf '%s: %s\n' "$SCRIPT_NAME" "$*"; }

# Takes one layout option ("--prefix DIR" and the like); returns 1 when $1 is not one.
parse_layout_option() {
    case $1 in
        --prefix) PREFIX=$2 ;;
        --config-dir) CONFIG_DIR=$2 ;;
        --unit-dir) UNIT_DIR=$2 ;;
        --state-dir) STATE_DIR=$2 ;;
        --panel-state-dir) PANEL_STATE_DIR=$2 ;;
        --jail-root) JAIL_ROOT=$2 ;;
        --panel-user) PANEL_USER=$2 ;;
        *) return 1 ;;
    esac
}

readonly LAYOUT_USAGE='Layout (the same for install.sh and uninstall.sh; each also from the SFTPJAIL_* variable named):
  --prefix DIR           binaries (SFTPJAIL_PREFIX, default /opt/sftpjail)
  --config-dir DIR       executor.json (SFTPJAIL_CONFIG_DIR, default /etc/sftpjail)
  --unit-dir DIR         systemd units (SFTPJAIL_UNIT_DIR, default /etc/systemd/system)
  --state-dir DIR        executor state (SFTPJAIL_STATE_DIR, default /var/lib/sftpjail)
  --panel-state-dir DIR  panel database and keys (SFTPJAIL_PANEL_STATE_DIR, default /var/lib/sftpjail-panel)
  --jail-root DIR        customer sites (SFTPJAIL_JAIL_ROOT, default /var/www/sub-domains)
  --panel-user NAME      the panel'"'"'s system user and group (SFTPJAIL_PANEL_USER, default sftpjail-panel)'

# An absolute, normalised path of plain characters: safe in argv, in a unit file and in a sed replacement.
check_path() {
    local name=$1 value=$2
    [[ $value =~ ^(/[A-Za-z0-9._-]+)+$ ]] || die "$name must be an absolute path of letters, digits, '.', '_', '-' and '/', not '$value'."
    [[ ! $value =~ /\.\.?(/|$) ]] || die "$name must not contain '.' or '..' components: '$value'."
}

check_layout() {
    local pair
    for pair in "--prefix:$PREFIX" "--config-dir:$CONFIG_DIR" "--unit-dir:$UNIT_DIR" "--state-dir:$STATE_DIR" \
        "--panel-state-dir:$PANEL_STATE_DIR" "--jail-root:$JAIL_ROOT"; do
        check_path "${pair%%:*}" "${pair#*:}"
    done
    [[ $PANEL_USER =~ ^[a-z_][a-z0-9_-]{0,30}$ ]] || die "--panel-user must be a Linux user name (a-z, 0-9, '_', '-'), not '$PANEL_USER'."
    [[ $PREFIX != /usr && $PREFIX != /etc && $PREFIX != /var && $PREFIX != /opt ]] || die "--prefix $PREFIX is a system directory; name a directory of SftpJail's own."
}

# systemctl is used only for the system's own unit directory on a host that runs systemd.
systemd_manages_units() {
    [[ $UNIT_DIR == "$DEFAULT_UNIT_DIR" && -d /run/systemd/system ]] && command -v systemctl >/dev/null
}
