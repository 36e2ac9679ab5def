#!/usr/bin/env bash
# Makes sure the offline translation engine is installed: Apertium with the fr→es, es→en, fr→ca,
# ca→en, fr→eo and eo→en pairs (Debian has no direct fr→en pair; depeche pivots through Spanish and
# looks single words up through Catalan and Esperanto, then in FreeDict's French–German, –Polish,
# –Finnish and –Portuguese dictionaries and those languages' English ones),
# and the word lists `npm run eval -- translate` and its tests read. Installs them with apt-get
# when missing and we are root; otherwise says exactly what to run.
set -euo pipefail
packages=(apertium apertium-fr-es apertium-eng-spa apertium-fra-cat apertium-eng-cat apertium-eo-fr apertium-eo-en dict-freedict-fra-deu dict-freedict-deu-eng dict-freedict-fra-pol dict-freedict-pol-eng dict-freedict-fra-fin dict-freedict-fin-eng dict-freedict-fra-por dict-freedict-por-eng wamerican wbritish wfrench wspanish)
modes=(/usr/share/apertium/modes/fr-es.mode /usr/share/apertium/modes/spa-eng.mode /usr/share/apertium/modes/fra-cat.mode /usr/share/apertium/modes/cat-eng.mode /usr/share/apertium/modes/fr-eo.mode /usr/share/apertium/modes/eo-en.mode /usr/share/apertium/modes/es-fr.mode /usr/share/apertium/modes/cat-fra.mode /usr/share/dictd/freedict-fra-deu.index /usr/share/dictd/freedict-deu-eng.index /usr/share/dictd/freedict-fra-pol.index /usr/share/dictd/freedict-pol-eng.index /usr/share/dictd/freedict-fra-fin.index /usr/share/dictd/freedict-fin-eng.index /usr/share/dictd/freedict-fra-por.index /usr/share/dictd/freedict-por-eng.index /usr/share/dict/american-english /usr/share/dict/british-english /usr/share/dict/french /usr/share/dict/spanish)

have_all() {
  command -v apertium >/dev/null 2>&1 || return 1
  for mode in "${modes[@]}"; do [[ -f $mode ]] || return 1; done
}

what="Apertium"
announce="Apertium (${packages[*]}) is missing; installing it with apt-get…"
no_apt="Install ${packages[*]} with your package manager, or run with --engine amazon."
missing="Apertium"
installed="Apertium installed."
# shellcheck source=scripts/apt-ensure.sh
source "$(dirname "${BASH_SOURCE[0]}")/apt-ensure.sh"
ensure_packages
