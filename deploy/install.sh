#!/usr/bin/env bash
# Installs (or upgrades) SftpJail on this host: the sftpjail-panel system account, the published
# panel, executor and CLI under /opt/sftpjail, and the two systemd units. Safe to run again.
#
#   sudo bash deploy/install.sh                 # publish from this source tree (needs the .NET SDK)
#   sudo SFTPJAIL_PREBUILT=/path bash deploy/install.sh   # use /path/{web,executor,cli} as published
#
# Environment: SFTPJAIL_PREFIX (default /opt/sftpjail), SFTPJAIL_NO_START=1 to install without
# enabling or starting the services.
set -euo pipefail

readonly PANEL_USER=sftpjail-panel
readonly PANEL_GROUP=sftpjail-panel
readonly PREFIX="${SFTPJAIL_PREFIX:-/opt/sftpjail}"
readonly UNIT_DIR=/etc/systemd/system
readonly CONFIG_DIR=/etc/sftpjail
readonly JAIL_ROOT=/var/www/sub-domains
readonly SCRIPT_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly REPO_DIR="$(dirname "$SCRIPT_DIR")"

STAGING=""
trap '[[ -z $STAGING ]] || rm -rf "$STAGING"' EXIT

say() { printf 'sftpjail-install: %s\n' "$*"; }
die() { printf 'sftpjail-install: error: %s\n' "$*" >&2; exit 1; }

[[ $(id -u) -eq 0 ]] || die "run as root (sudo bash $0)."
command -v systemctl >/dev/null || die "systemd is required."

dotnet_root() {
    local dotnet
    dotnet="$(command -v dotnet || true)"
    [[ -n $dotnet ]] || die "the .NET runtime (dotnet, with the ASP.NET Core shared framework) is not installed."
    dirname "$(readlink -f "$dotnet")"
}

create_panel_account() {
    if ! getent group "$PANEL_GROUP" >/dev/null; then
        groupadd --system "$PANEL_GROUP"
        say "created group $PANEL_GROUP"
    fi
    if ! getent passwd "$PANEL_USER" >/dev/null; then
        useradd --system --gid "$PANEL_GROUP" --home-dir "/var/lib/$PANEL_USER" --no-create-home \
            --shell /usr/sbin/nologin --comment "SftpJail panel" "$PANEL_USER"
        say "created user $PANEL_USER"
    fi
}

publish() {
    local staging=$1
    if [[ -n ${SFTPJAIL_PREBUILT:-} ]]; then
        for part in web executor; do
            [[ -d $SFTPJAIL_PREBUILT/$part ]] || die "$SFTPJAIL_PREBUILT/$part does not exist."
        done
        cp -a "$SFTPJAIL_PREBUILT"/. "$staging"/
        return
    fi
    [[ -f $REPO_DIR/SftpJail.sln ]] || die "not in a source tree; set SFTPJAIL_PREBUILT."
    local project
    for project in Web Executor; do
        dotnet publish "$REPO_DIR/src/SftpJail.$project" -c Release --nologo -v quiet -o "$staging/${project,,}"
    done
    # The services do not need the CLI: a CLI that does not build is reported, not fatal.
    if ! dotnet publish "$REPO_DIR/src/SftpJail.Cli" -c Release --nologo -v quiet -o "$staging/cli"; then
        rm -rf "$staging/cli"
        say "warning: the CLI did not publish; the panel and executor are installed without it"
    fi
    # The executor's defaults, in case its build does not copy them.
    [[ -f $staging/executor/appsettings.json ]] || cp "$REPO_DIR/src/SftpJail.Executor/appsettings.json" "$staging/executor/"
}

install_files() {
    STAGING="$(mktemp -d)"
    publish "$STAGING"
    local staging=$STAGING

    install -d -o root -g root -m 0755 "$PREFIX"
    local part
    for part in "$staging"/*/; do
        part="$(basename "$part")"
        # Replace each part whole, so files removed from a release do not linger.
        rm -rf "$PREFIX/$part.new"
        cp -a "$staging/$part" "$PREFIX/$part.new"
        chown -R root:root "$PREFIX/$part.new"
        chmod -R u=rwX,go=rX "$PREFIX/$part.new"
        rm -rf "$PREFIX/$part.old"
        [[ ! -e $PREFIX/$part ]] || mv "$PREFIX/$part" "$PREFIX/$part.old"
        mv "$PREFIX/$part.new" "$PREFIX/$part"
        rm -rf "$PREFIX/$part.old"
    done
    say "installed $(ls "$PREFIX" | tr '\n' ' ')under $PREFIX"
}

install_config() {
    install -d -o root -g root -m 0755 "$CONFIG_DIR"
    install -d -o root -g root -m 0755 "$JAIL_ROOT"
    if [[ ! -e $CONFIG_DIR/executor.json ]]; then
        # Comments are allowed in .NET JSON configuration files.
        install -o root -g root -m 0640 /dev/stdin "$CONFIG_DIR/executor.json" <<'JSON'
{
  // Overrides for the executor; see the "Executor" and "Host" sections of
  // /opt/sftpjail/executor/appsettings.json for every key and its default.
  "Executor": {
    "PanelUser": "sftpjail-panel",
    "PanelGroup": "sftpjail-panel"
  },
  "Host": {
    "Family": "Debian"
  }
}
JSON
        say "wrote $CONFIG_DIR/executor.json"
    fi
}

install_units() {
    local unit dropin root
    root="$(dotnet_root)"
    for unit in sftpjail-executor.service sftpjail-panel.service; do
        install -o root -g root -m 0644 "$SCRIPT_DIR/$unit" "$UNIT_DIR/$unit"
        # The apphosts find the runtime through DOTNET_ROOT wherever dotnet is installed.
        dropin="$UNIT_DIR/$unit.d"
        install -d -o root -g root -m 0755 "$dropin"
        printf '[Service]\nEnvironment=DOTNET_ROOT=%s\n' "$root" >"$dropin/10-dotnet-root.conf"
        chmod 0644 "$dropin/10-dotnet-root.conf"
    done
    systemctl daemon-reload
    say "installed the units (DOTNET_ROOT=$root)"
}

start_services() {
    if [[ ${SFTPJAIL_NO_START:-0} == 1 ]]; then
        say "SFTPJAIL_NO_START=1: not enabling the services"
        return
    fi
    systemctl enable sftpjail-executor.service sftpjail-panel.service
    # restart, not start: an upgrade must run the new binaries.
    systemctl restart sftpjail-executor.service
    systemctl restart sftpjail-panel.service
    say "running: $(systemctl is-active sftpjail-executor.service) executor, $(systemctl is-active sftpjail-panel.service) panel"
    say "the panel listens on http://127.0.0.1:5080; put deploy/nginx-reverse-proxy.conf in front of it"
}

create_panel_account
install_files
install_config
install_units
start_services
