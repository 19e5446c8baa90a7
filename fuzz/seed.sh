#!/bin/sh
# Seeds each target's corpus (fuzz/corpus/<target>/, not committed) with the repository's fixtures, so a
# short run starts from real files rather than from nothing. Run from anywhere; re-running adds nothing new.
set -eu
fuzz=$(cd "$(dirname "$0")" && pwd)
fixtures="$fuzz/../fixtures"
seed() { # seed TARGET DIR NAME-PATTERN...
    target=$1 dir=$2
    shift 2
    mkdir -p "$fuzz/corpus/$target"
    for pattern in "$@"; do
        find "$fixtures/$dir" -type f -name "$pattern" ! -name '*.expected' | while read -r f; do
            cp "$f" "$fuzz/corpus/$target/$(cksum < "$f" | cut -d' ' -f1)"
        done
    done
}
seed xml zdal '*.xml'
seed sql_split sql '*.sql'
seed mapper sql '*.xml'
seed velocity antx '*.vm'
seed properties antx '*.properties'
seed zipdir jar '*.jar'
seed pom jar 'pom.xml' '*.pom'
seed rust_prescan code '*.rs'
seed run_files . '*.sql' '*.xml' '*.properties' '*.vm' '*.rs' '*.yml' '*.yaml' '*.json' '*.java'
