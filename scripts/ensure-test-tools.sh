#!/usr/bin/env bash
# Makes sure the programs the test suite drives are installed: Debian's Chromium (the report's
# browser tests, via playwright-core; never a downloaded browser) and the S3 clients the
# `depeche serve` tests use (AWS CLI v2, s3cmd, rclone, boto3). Installs them with apt-get when
# missing and we are root; otherwise says exactly what to run. CI installs them in .ci/run.
set -euo pipefail
packages=(chromium awscli s3cmd rclone python3-boto3)
binaries=(/usr/bin/chromium /usr/bin/aws /usr/bin/s3cmd /usr/bin/rclone)

have_all() {
  for binary in "${binaries[@]}"; do [[ -x $binary ]] || return 1; done
  /usr/bin/python3 -c "import boto3" 2>/dev/null || return 1
}

if have_all; then exit 0; fi

echo "depeche: the test suite needs ${packages[*]}; installing with apt-get…" >&2
if ! command -v apt-get >/dev/null 2>&1; then
  echo "depeche: no apt-get here. Install ${packages[*]} with your package manager (Chromium at /usr/bin/chromium)." >&2
  exit 1
fi
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
    echo "depeche: installing the test tools needs root. Run: sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
have_all || { echo "depeche: ${packages[*]} still missing after apt-get install" >&2; exit 1; }
echo "depeche: test tools installed." >&2
