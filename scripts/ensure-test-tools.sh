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

what="the test tools"
announce="the test suite needs ${packages[*]}; installing with apt-get…"
no_apt="Install ${packages[*]} with your package manager (Chromium at /usr/bin/chromium)."
missing="${packages[*]}"
installed="test tools installed."
# shellcheck source=scripts/apt-ensure.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-ensure.sh"
ensure_packages
