#!/usr/bin/env bash
# Runs every SecurityHub test (unit, integration and real-browser journeys) and ends with one line
# "N passed, N failed, N skipped". Exits non-zero if anything failed or if no test ran at all.
#   CONFIGURATION=Debug ./test.sh      build configuration (default Release)
#   CHROMIUM_PATH=/path ./test.sh      another Chromium binary (default /usr/bin/chromium)
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")"

configuration="${CONFIGURATION:-Release}"
results_dir="TestResults"
trx_dir="$results_dir/trx"
export DOTNET_NOLOGO=1 DOTNET_CLI_TELEMETRY_OPTOUT=1

# Installs a Debian package when root, otherwise says what to install and stops.
require_package() { # <package> <why>
    if [[ "$(id -u)" -eq 0 ]]; then
        echo "test.sh: installing $1 for $2"
        apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y "$1"
    else
        echo "test.sh: $1 is missing ($2). Install it and run again:" >&2
        echo "  sudo apt-get update && sudo apt-get install -y $1" >&2
        exit 1
    fi
}

# Browser tests drive Debian's chromium; Playwright's own browser download does not work here.
chromium="${CHROMIUM_PATH:-/usr/bin/chromium}"
[[ -x "$chromium" ]] || require_package chromium "the browser tests"

# The certificate tests use openssl s_server as an independent TLS peer.
command -v openssl >/dev/null 2>&1 || require_package openssl "the certificate tests"

# The STARTTLS email tests run Debian's aiosmtpd (pip does not serve it) under Debian's own python3.
/usr/bin/python3 -c 'import aiosmtpd' >/dev/null 2>&1 || require_package python3-aiosmtpd "the STARTTLS email tests"

# The email tests talk to a real SMTP server (maildev), pinned by its npm lockfile.
if ! command -v npm >/dev/null 2>&1; then
    echo "test.sh: npm is missing; the email tests need it for their SMTP server and the browser journeys for axe-core. Install it and run again:" >&2
    echo "  sudo apt-get update && sudo apt-get install -y nodejs npm" >&2
    exit 1
fi
npm ci --prefix SecurityHub.Tests/Infrastructure/smtp --no-audit --no-fund --loglevel=error
# The browser journeys check pages with axe-core, pinned by its npm lockfile too.
npm ci --prefix SecurityHub.Tests/Infrastructure/accessibility --no-audit --no-fund --loglevel=error

rm -rf "$trx_dir" "$results_dir/screenshots"
status=0
dotnet test SecurityHub.sln -c "$configuration" \
    --logger "trx;LogFileName=results.trx" --results-directory "$trx_dir" \
    --blame-hang-timeout 5m --blame-hang-dump-type none || status=$?

# dotnet test's own summary is not a format CI reads; count from the trx files instead.
read -r passed failed skipped < <(python3 - "$trx_dir" <<'PY'
import glob, sys, xml.etree.ElementTree as ET
passed = failed = skipped = 0
for path in glob.glob(f"{sys.argv[1]}/**/*.trx", recursive=True):
    counters = ET.parse(path).getroot().find(".//{*}ResultSummary/{*}Counters")
    if counters is None:
        continue
    n = lambda name: int(counters.get(name, 0))
    passed += n("passed")
    failed += n("failed") + n("error") + n("timeout") + n("aborted")
    skipped += n("notExecuted") + n("inconclusive")
print(passed, failed, skipped)
PY
)

if [[ -d "$results_dir/screenshots" ]]; then
    echo "Screenshots: $results_dir/screenshots"
fi
echo "$passed passed, $failed failed, $skipped skipped"
if [[ "$status" -ne 0 || "$failed" -ne 0 || $((passed + failed)) -eq 0 ]]; then
    exit 1
fi
