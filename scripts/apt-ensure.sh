# Sourced by scripts/ensure-apertium.sh and scripts/ensure-test-tools.sh: the one place that
# installs missing Debian packages with apt-get (as root, or through sudo) or says exactly what to
# run. The sourcing script sets, before calling `ensure_packages`:
#   packages    the Debian packages to install
#   have_all    a function that succeeds when everything is there
#   what        what is missing, as a sentence's object ("Apertium", "the test tools")
#   announce    the line printed before installing
#   no_apt      what to do on a machine without apt-get
#   missing     what is still missing if apt-get did not help
#   installed   the line printed when done
ensure_packages() {
  if have_all; then return 0; fi
  echo "depeche: ${announce}" >&2
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "depeche: no apt-get here. ${no_apt}" >&2
    exit 1
  fi
  local sudo=()
  if [[ $(id -u) -ne 0 ]]; then
    if command -v sudo >/dev/null 2>&1; then sudo=(sudo); else
      echo "depeche: installing ${what} needs root. Run: sudo apt-get update && sudo apt-get install -y ${packages[*]}" >&2
      exit 1
    fi
  fi
  export DEBIAN_FRONTEND=noninteractive
  "${sudo[@]}" apt-get update -qq
  "${sudo[@]}" apt-get install -y -qq --no-install-recommends "${packages[@]}" >/dev/null
  have_all || { echo "depeche: ${missing} still missing after apt-get install" >&2; exit 1; }
  echo "depeche: ${installed}" >&2
}
