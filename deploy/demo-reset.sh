#!/usr/bin/env bash
# Resets the local demo (`dotnet run --project src/SftpJail.Web` as root) to "never ran": stops what is left of its
# dedicated sshd and web server, deletes the system users the demo created, its jail group, and the demo root.
#
#   sudo bash deploy/demo-reset.sh [DEMO_ROOT]      # default /var/lib/sftpjail-demo (Demo:Root)
#
# Only what the demo recorded is removed: a user is deleted only if the demo's manifest (DEMO_ROOT/state/manifest.json)
# lists it AND its home is a chroot under DEMO_ROOT/sites. Stop the panel first (Ctrl+C): the script refuses while
# the demo's executor still listens on its socket.
set -euo pipefail

root="${1:-/var/lib/sftpjail-demo}"
group="sftpjail-demo"

fail() { echo "demo-reset: $*" >&2; exit 2; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it deletes system users)"
case "$root" in
  /*) ;;
  *) fail "the demo root must be an absolute path, not '$root'" ;;
esac
case "$root" in
  *//* | */./* | */../* | */. | */.. | */) fail "refusing the unusual path '$root'" ;;
esac
[ "$root" != "/" ] || fail "refusing to remove /"
if [ ! -e "$root" ]; then
  echo "demo-reset: $root does not exist; nothing to reset"
  exit 0
fi
[ -d "$root" ] && [ ! -L "$root" ] || fail "$root is not a directory"
for part in "$root"/*; do
  [ -e "$part" ] || continue
  case "$(basename "$part")" in
    state | keys | sites | panel | run) ;;
    *) fail "$root holds '$(basename "$part")', which the demo does not make; is this really a demo root?" ;;
  esac
done

socket="$root/run/executor.sock"
if [ -S "$socket" ] && command -v ss >/dev/null && ss -xlH 2>/dev/null | grep -qF " $socket "; then
  fail "the demo is still running (its executor listens on $socket); stop the panel first"
fi

# A daemon is stopped only if its pid file names a live process of that program.
stop_daemon() {
  local pidfile="$1" program="$2" pid
  [ -f "$pidfile" ] || return 0
  pid="$(tr -dc '0-9' <"$pidfile")"
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$program" ] || return 0
  echo "stopping the demo's $program (pid $pid)"
  kill -TERM "$pid" 2>/dev/null || true
  for _ in $(seq 1 50); do
    [ -d "/proc/$pid" ] && [ "$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)" != "Z" ] || return 0
    sleep 0.2
  done
  kill -KILL "$pid" 2>/dev/null || true
}
stop_daemon "$root/state/sshd/sshd.pid" sshd
stop_daemon "$root/state/nginx/run/nginx.pid" nginx
stop_daemon "$root/state/apache/run/httpd.pid" apache2

status=0
manifest="$root/state/manifest.json"
if [ -f "$manifest" ]; then
  # The manifest is {"Sites":[...],"Users":[...]} on one line; names are plain Linux user names.
  users="$(sed -n 's/.*"Users":\[\([^]]*\)\].*/\1/p' "$manifest" | tr ',' '\n' | tr -d '" ')"
  for user in $users; do
    if ! [[ "$user" =~ ^[a-z][a-z0-9_-]{0,31}$ ]]; then
      echo "demo-reset: skipping '$user': not a user name" >&2
      continue
    fi
    entry="$(getent passwd "$user" || true)"
    [ -n "$entry" ] || continue
    home="$(echo "$entry" | cut -d: -f6)"
    case "$home" in
      "$root/sites/"*) ;;
      *) echo "demo-reset: keeping $user: its home $home is not in the demo's jail" >&2; continue ;;
    esac
    echo "deleting the demo user $user"
    if ! userdel "$user"; then
      echo "demo-reset: userdel $user failed (an open sftp session? log it out and run this again)" >&2
      status=1
    fi
  done
fi

# The jail group and the trait groups (Host:ReadOnlyGroup, KeyOnlyGroup, DisabledGroup default to the jail group's
# name plus these suffixes), each only when nobody is left in it.
# Then each site's group: the jail group's name, '-', and the domain with '_' for '.' (so it always holds a '_').
site_groups="$(cut -d: -f1 /etc/group | grep -E "^$group-[a-z0-9_-]*_" || true)"
for g in $site_groups "$group" "$group-ro" "$group-keyonly" "$group-disabled"; do
  getent group "$g" >/dev/null || continue
  members="$(getent group "$g" | cut -d: -f4)"
  gid="$(getent group "$g" | cut -d: -f3)"
  if [ -z "$members" ] && ! cut -d: -f4 /etc/passwd | grep -qx "$gid"; then
    echo "deleting the demo group $g"
    groupdel "$g" || status=1
  else
    echo "demo-reset: keeping the group $g: it still has members ($members)" >&2
  fi
done

if [ "$status" -eq 0 ]; then
  echo "removing $root"
  rm -rf --one-file-system -- "$root"
else
  echo "demo-reset: $root kept so that the run can be repeated once the errors above are fixed" >&2
fi
exit "$status"
