#!/usr/bin/env bash
# Installs or upgrades SftpJail on this host: the panel's system account, the published panel, executor and CLI,
# the configuration and state directories, the two service units and the nightly backup (script, service, timer).
# Idempotent: a second run with the same release and options changes nothing and says so.
#
#   sudo bash deploy/install.sh                          # publish from this source tree (needs the .NET SDK)
#   sudo bash deploy/install.sh --prebuilt DIR           # use DIR/{web,executor,cli} as published
#   sudo bash deploy/install.sh --prefix /tmp/x/opt ...  # another layout (see --help), e.g. for a test
#
# The services are (re)started only where systemd runs and only when something changed; --no-start never starts them
# (nor enables the backup timer).
set -euo pipefail
umask 022

readonly SCRIPT_NAME=sftpjail-install
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_DIR="$(dirname "$SCRIPT_DIR")"
# shellcheck source=install-common.sh
source "$SCRIPT_DIR/install-common.sh"

PREBUILT="${SFTPJAIL_PREBUILT:-}"
START=1
[[ ${SFTPJAIL_NO_START:-0} != 1 ]] || START=0

usage() {
    cat <<EOF
Usage: install.sh [--prebuilt DIR] [--no-start] [layout options]
  --prebuilt DIR   install DIR/web, DIR/executor and DIR/cli instead of publishing this tree (SFTPJAIL_PREBUILT)
  --no-start       do not enable or start the services (SFTPJAIL_NO_START=1)
$LAYOUT_USAGE
EOF
}

while [[ $# -gt 0 ]]; do
    case $1 in
        -h | --help) usage; exit 0 ;;
        --no-start) START=0; shift ;;
        --prebuilt) [[ $# -ge 2 ]] || die "--prebuilt needs a directory."; PREBUILT=$2; shift 2 ;;
        --*)
            [[ $# -ge 2 ]] || die "$1 needs a value (see --help)."
            parse_layout_option "$1" "$2" || die "unknown option $1 (see --help)."
            shift 2 ;;
        *) die "unexpected argument '$1' (see --help)." ;;
    esac
done

[[ $(id -u) -eq 0 ]] || die "run as root (sudo bash $0)."
check_layout
PANEL_GROUP=$PANEL_USER

CHANGES=0
WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

changed() {
    CHANGES=$((CHANGES + 1))
    say "$*"
}

dotnet_root() {
    local dotnet
    dotnet="$(command -v dotnet || true)"
    [[ -n $dotnet ]] || die "the .NET runtime (dotnet, with the ASP.NET Core shared framework) is not installed."
    dirname "$(readlink -f "$dotnet")"
}

# A directory with this owner and mode; created if missing, corrected if not (never a symlink).
ensure_dir() {
    local dir=$1 mode=$2 owner=$3 group=$4
    [[ ! -L $dir ]] || die "$dir is a symbolic link; refusing to use it."
    if [[ ! -d $dir ]]; then
        install -d -o "$owner" -g "$group" -m "$mode" "$dir"
        changed "created $dir"
    elif [[ $(stat -c '%a %U %G' "$dir") != "${mode#0} $owner $group" ]]; then
        chown "$owner:$group" "$dir"
        chmod "$mode" "$dir"
        changed "set $dir to $mode $owner:$group"
    fi
}

# Creates a directory only when missing: its contents and mode belong to someone else (the executor, the admin).
ensure_dir_exists() {
    local dir=$1
    if [[ ! -e $dir ]]; then
        install -d -o root -g root -m 0755 "$dir"
        changed "created $dir"
    fi
}

# Puts $1 at $2 with this mode and owner unless it is already there byte for byte; atomic (temporary sibling, rename).
install_file() {
    local source=$1 target=$2 mode=$3 owner=${4:-root} group=${5:-root}
    [[ ! -L $target ]] || die "$target is a symbolic link; refusing to replace it."
    if [[ -f $target ]] && cmp -s "$source" "$target" && [[ $(stat -c '%a %U %G' "$target") == "${mode#0} $owner $group" ]]; then
        return 0
    fi

    install -o "$owner" -g "$group" -m "$mode" "$source" "$target.sftpjail-new"
    mv -f "$target.sftpjail-new" "$target"
    changed "wrote $target"
}

create_panel_account() {
    if ! getent group "$PANEL_GROUP" >/dev/null; then
        groupadd --system "$PANEL_GROUP"
        changed "created group $PANEL_GROUP"
    fi
    if ! getent passwd "$PANEL_USER" >/dev/null; then
        useradd --system --gid "$PANEL_GROUP" --home-dir "$PANEL_STATE_DIR" --no-create-home \
            --shell /usr/sbin/nologin --comment "SftpJail panel" "$PANEL_USER"
        changed "created user $PANEL_USER"
    fi
}

publish() {
    local staging=$1 part project
    if [[ -n $PREBUILT ]]; then
        for part in web executor; do
            [[ -d $PREBUILT/$part ]] || die "$PREBUILT/$part does not exist."
        done
        for part in "${PARTS[@]}"; do
            # -L: a prebuilt tree may link to build output elsewhere; the install holds copies.
            [[ ! -d $PREBUILT/$part ]] || cp -RL "$PREBUILT/$part" "$staging/$part"
        done
        return
    fi

    [[ -f $REPO_DIR/SftpJail.sln ]] || die "not in a source tree; use --prebuilt DIR."
    for project in Web Executor; do
        dotnet publish "$REPO_DIR/src/SftpJail.$project" -c Release --nologo -v quiet -o "$staging/${project,,}"
    done
    # The CLI is ReadyToRun (precompiled for this machine's runtime identifier): every call is a new process, and
    # without it JIT-compiling EF Core and the app was most of a call's CPU (site list 0.73-0.85 s -> 0.41-0.51 s).
    # The services start once, so they stay JIT-only. Without a RID (or if crossgen fails) it is published plain.
    local rid
    rid=$(dotnet --info 2>/dev/null | awk '$1 == "RID:" { print $2; exit }')
    if [[ -n $rid ]] && dotnet publish "$REPO_DIR/src/SftpJail.Cli" -c Release --nologo -v quiet -r "$rid" --self-contained false \
        -p:PublishReadyToRun=true -o "$staging/cli"; then
        return
    fi
    rm -rf "$staging/cli"
    # The services do not need the CLI: a CLI that does not build is reported, not fatal.
    if ! dotnet publish "$REPO_DIR/src/SftpJail.Cli" -c Release --nologo -v quiet -o "$staging/cli"; then
        rm -rf "$staging/cli"
        say "warning: the CLI did not publish; the panel and executor are installed without it"
    fi
}

# What a part's files are: content, and the mode and owner of every entry.
tree_listing() {
    (cd "$1" && find . -printf '%P %y %m %u:%g %s\n' | LC_ALL=C sort)
}

install_binaries() {
    local staging="$WORK/staging" part
    mkdir -p "$staging"
    publish "$staging"
    [[ -f $staging/executor/appsettings.json ]] || cp "$REPO_DIR/src/SftpJail.Executor/appsettings.json" "$staging/executor/"

    ensure_dir "$PREFIX" 0755 root root
    for part in "${PARTS[@]}"; do
        [[ -d $staging/$part ]] || continue
        chown -R root:root "$staging/$part"
        chmod -R u=rwX,go=rX "$staging/$part"
        if [[ -d $PREFIX/$part && ! -L $PREFIX/$part ]] && diff -rq --no-dereference "$staging/$part" "$PREFIX/$part" >/dev/null \
            && [[ "$(tree_listing "$staging/$part")" == "$(tree_listing "$PREFIX/$part")" ]]; then
            continue
        fi

        # Replaced whole, so files removed from a release do not linger; the old tree goes only once the new one is in.
        rm -rf "$PREFIX/$part.new" "$PREFIX/$part.old"
        cp -a "$staging/$part" "$PREFIX/$part.new"
        [[ ! -e $PREFIX/$part ]] || mv "$PREFIX/$part" "$PREFIX/$part.old"
        mv "$PREFIX/$part.new" "$PREFIX/$part"
        rm -rf "$PREFIX/$part.old"
        changed "installed $PREFIX/$part"
    done
}

write_executor_config() {
    local config="$CONFIG_DIR/executor.json" host_extra=""
    # The administrator's file from then on: written once, never overwritten.
    [[ ! -e $config ]] || return 0
    [[ $STATE_DIR == /var/lib/sftpjail ]] || host_extra+=$',\n    "StateDir": "'"$STATE_DIR"'"'
    [[ $JAIL_ROOT == /var/www/sub-domains ]] || host_extra+=$',\n    "JailRoot": "'"$JAIL_ROOT"'"'
    # Comments are allowed in .NET JSON configuration files.
    cat >"$WORK/executor.json" <<JSON
{
  // Overrides for the executor; see the "Executor" and "Host" sections of
  // $PREFIX/executor/appsettings.json for every key and its default.
  "Executor": {
    "PanelUser": "$PANEL_USER",
    "PanelGroup": "$PANEL_GROUP"
  },
  "Host": {
    "Family": "Debian"$host_extra
  }
}
JSON
    install_file "$WORK/executor.json" "$config" 0640
}

install_config_and_state() {
    ensure_dir "$CONFIG_DIR" 0755 root root
    write_executor_config
    # The modes systemd's StateDirectory= gives them, so a later start under systemd changes nothing either.
    ensure_dir "$STATE_DIR" 0700 root root
    ensure_dir "$PANEL_STATE_DIR" 0700 "$PANEL_USER" "$PANEL_GROUP"
    ensure_dir_exists "$JAIL_ROOT"
}

# StateDirectory= names a directory under /var/lib (ConfigurationDirectory= one under /etc); another directory is
# made writable explicitly instead.
managed_directory_line() {
    local directive=$1 base=$2 dir=$3
    if [[ $dir == "$base"/* ]]; then
        printf '%s=%s' "$directive" "${dir#"$base"/}"
    else
        printf 'ReadWritePaths=%s' "$dir"
    fi
}

# The unit as shipped, with this install's paths and panel user in place of the defaults. Placeholders first, so a
# replacement that contains a default (a prefix under /var/lib/sftpjail, say) is never replaced again.
render_unit() {
    local unit=$1
    sed -e 's#/var/lib/sftpjail-panel#@PANEL_STATE@#g' \
        -e 's#^StateDirectory=sftpjail-panel$#@PANEL_STATE_LINE@#' \
        -e 's#^StateDirectory=sftpjail$#@STATE_LINE@#' \
        -e 's#^ConfigurationDirectory=sftpjail$#@CONFIG_LINE@#' \
        -e 's#/var/lib/sftpjail\b#@STATE@#g' \
        -e 's#/opt/sftpjail#@PREFIX@#g' \
        -e 's#/etc/sftpjail#@CONFIG@#g' \
        -e 's#/var/www/sub-domains#@JAIL@#g' \
        -e 's#^User=sftpjail-panel$#User=@PANEL_USER@#' \
        -e 's#^Group=sftpjail-panel$#Group=@PANEL_USER@#' \
        "$SCRIPT_DIR/$unit" |
        sed -e "s#@PANEL_STATE_LINE@#$(managed_directory_line StateDirectory /var/lib "$PANEL_STATE_DIR")#" \
            -e "s#@STATE_LINE@#$(managed_directory_line StateDirectory /var/lib "$STATE_DIR")#" \
            -e "s#@CONFIG_LINE@#$(managed_directory_line ConfigurationDirectory /etc "$CONFIG_DIR")#" \
            -e "s#@PANEL_STATE@#$PANEL_STATE_DIR#g" \
            -e "s#@STATE@#$STATE_DIR#g" \
            -e "s#@PREFIX@#$PREFIX#g" \
            -e "s#@CONFIG@#$CONFIG_DIR#g" \
            -e "s#@JAIL@#$JAIL_ROOT#g" \
            -e "s#@PANEL_USER@#$PANEL_USER#g"
}

UNITS_CHANGED=0
install_units() {
    local unit dropin before root
    root="$(dotnet_root)"
    check_path "the .NET root" "$root"
    ensure_dir "$UNIT_DIR" 0755 root root
    # The backup service runs the script, which runs the CLI: ready before its unit can start it.
    install_file "$SCRIPT_DIR/$BACKUP_SCRIPT" "$PREFIX/$BACKUP_SCRIPT" 0755
    for unit in "${UNITS[@]}" "${BACKUP_UNITS[@]}"; do
        before=$CHANGES
        render_unit "$unit" >"$WORK/$unit"
        install_file "$WORK/$unit" "$UNIT_DIR/$unit" 0644
        if [[ $unit == *.service ]]; then
            # The apphosts (the CLI too) find the runtime through DOTNET_ROOT wherever dotnet is installed.
            dropin="$UNIT_DIR/$unit.d"
            ensure_dir "$dropin" 0755 root root
            printf '[Service]\nEnvironment=DOTNET_ROOT=%s\n' "$root" >"$WORK/$unit-dotnet-root.conf"
            install_file "$WORK/$unit-dotnet-root.conf" "$dropin/10-dotnet-root.conf" 0644
        fi
        [[ $CHANGES -eq $before ]] || UNITS_CHANGED=1
    done
}

start_services() {
    if [[ $START -eq 0 ]]; then
        say "--no-start: not enabling or starting the services"
        return
    fi
    if ! systemd_manages_units; then
        say "systemd does not manage $UNIT_DIR here (no systemd running, or another unit directory): not starting the services"
        return
    fi
    [[ $UNITS_CHANGED -eq 0 ]] || systemctl daemon-reload
    local unit
    for unit in "${UNITS[@]}"; do
        if ! systemctl is-enabled --quiet "$unit"; then
            systemctl enable --quiet "$unit"
            changed "enabled $unit"
        fi
    done
    # The nightly backup: enabled and started once; its service runs only when the timer fires.
    if ! systemctl is-enabled --quiet "$BACKUP_TIMER" || ! systemctl is-active --quiet "$BACKUP_TIMER"; then
        systemctl enable --now --quiet "$BACKUP_TIMER"
        changed "enabled $BACKUP_TIMER"
    fi
    # An upgrade must run the new binaries; an unchanged install leaves running services alone.
    if [[ $CHANGES -gt 0 ]] || ! systemctl is-active --quiet sftpjail-executor.service || ! systemctl is-active --quiet sftpjail-panel.service; then
        # The panel Requires= the executor: restarting the executor restarts the panel after it (Type=notify).
        systemctl restart sftpjail-executor.service sftpjail-panel.service
        say "running: $(systemctl is-active sftpjail-executor.service) executor, $(systemctl is-active sftpjail-panel.service) panel"
        say "the panel listens on http://127.0.0.1:5080; put deploy/nginx-reverse-proxy.conf in front of it"
    fi
}

create_panel_account
install_binaries
install_config_and_state
install_units
start_services
if [[ $CHANGES -eq 0 ]]; then
    say "nothing changed: this release is already installed as asked"
else
    say "done: $CHANGES change(s)"
fi
