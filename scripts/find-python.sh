#!/usr/bin/env sh
# Print the path of a Python >= 3.12 interpreter, or fail with a clear message.
# Order: python3.13, python3.12 on PATH; pyenv's installed versions (newest first); python3.
# pyenv shims exist for every installed version but only run the selected one, so each
# candidate is tried by running it, not by looking it up.
set -u
ok() { "$1" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else 1)' >/dev/null 2>&1; }
for cand in python3.13 python3.12; do
    if ok "$cand"; then command -v "$cand"; exit 0; fi
done
root=$(pyenv root 2>/dev/null || echo "${PYENV_ROOT:-$HOME/.pyenv}")
if [ -d "$root/versions" ]; then
    for dir in $(ls -d "$root"/versions/3.* 2>/dev/null | sort -t. -k2,2nr -k3,3nr); do
        if ok "$dir/bin/python3"; then echo "$dir/bin/python3"; exit 0; fi
    done
fi
if ok python3; then command -v python3; exit 0; fi
echo "find-python: no Python >= 3.12 found (tried python3.13, python3.12, pyenv versions, python3)." >&2
echo "find-python: install one (e.g. 'pyenv install 3.12') or set PYTHON=/path/to/python3.12." >&2
exit 1
