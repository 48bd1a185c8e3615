#!/usr/bin/env bash
# Regenerates the corpus bundled in the rnn4j application (what `rnn4j train` learns with no --data):
# the first five books of the King James Version of the Bible (public domain), as printed by Debian's
# `bible` program (package bible-kjv 4.38, text from package bible-kjv-text 4.38), one verse per line,
# chapter headings kept, leading spaces removed. See NOTICE.
set -euo pipefail
command -v bible >/dev/null || { apt-get install -y -qq bible-kjv >/dev/null; }
out="$(dirname "$0")/../rnn4j-cli/src/main/resources/org/rnn4j/cli/kjv-pentateuch.txt"
bible -l0 "Gen1:1-Deu34:12" | sed -e 's/^ *//' | sed -e '1{/^$/d}' > "$out"
wc -c "$out"
