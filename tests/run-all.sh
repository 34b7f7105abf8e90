#!/usr/bin/env bash
# The whole SftpJail test suite, from a clean clone on Debian 12 with the .NET SDK, as root.
# Installs what the host tests need, builds once, then runs each test project in turn: several of
# them create system users and start daemons, and useradd/groupadd lock /etc/passwd.
set -euo pipefail
cd "$(dirname "$0")/.."

if [ "$(id -u)" -ne 0 ]; then
  echo "error: run as root (host tests create system users and run sshd, nginx and apache2)" >&2
  exit 2
fi

packages=(openssh-server openssh-client sshpass nginx apache2 chromium sqlite3 acl curl systemd)
missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
  echo "== installing: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${missing[@]}" </dev/null
fi
mkdir -p /run/sshd

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "== build"
dotnet build SftpJail.sln -c Release -nologo -v q
echo "== migrations describe the model"
# Fails (exit 1) when the model has changes that no migration in migrations/ describes.
dotnet tool restore
dotnet ef migrations has-pending-model-changes --project migrations --configuration Release --no-build
echo "== the compiled model is the model"
# The processes start from src/SftpJail.Data/CompiledModel (EF's model building was most of a CLI call's start-up);
# regenerated, it must come out the same but for its random model id.
compiled=$(mktemp -d)
dotnet ef dbcontext optimize --project src/SftpJail.Data --startup-project migrations --configuration Release --no-build \
  --output-dir "$compiled" --namespace SftpJail.Data.CompiledModel > /dev/null
diff -r -I 'modelId: new Guid' "$compiled" src/SftpJail.Data/CompiledModel
rm -rf "$compiled"
echo "== format"
dotnet format whitespace SftpJail.sln --verify-no-changes

results=$(mktemp)
status=0
for project in tests/*.Tests/*.Tests.csproj; do
  echo "== test $(basename "$project" .csproj)"
  if ! dotnet test "$project" -c Release --no-build -nologo 2>&1 | tee -a "$results"; then
    status=1
  fi
done

passed=$(grep -oE 'Passed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
failed=$(grep -oE 'Failed: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
skipped=$(grep -oE 'Skipped: +[0-9]+' "$results" | awk '{s+=$2} END {print s+0}')
rm -f "$results"

# The browser tests' screenshots (every page, desktop and phone) and any failed run's panel log, kept as CI artifacts.
shots=tests/SftpJail.Web.Tests/bin/Release/net10.0/screenshots
if [ -d "$shots" ]; then
  rm -rf .ci/artifacts/screenshots
  mkdir -p .ci/artifacts
  cp -r "$shots" .ci/artifacts/screenshots
  echo "== screenshots: $(pwd)/.ci/artifacts/screenshots ($(find .ci/artifacts/screenshots -name '*.png' | wc -l) png)"
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [ "$failed" -ne 0 ] || [ "$passed" -eq 0 ]; then
  status=1
fi
exit "$status"
