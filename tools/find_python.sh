#!/usr/bin/env bash
# Print the path of a Python 3.12+ interpreter, or explain why there is none.
set -u
candidates=("${PYTHON:-}" python3.13 python3.12 python3)
for root in "${PYENV_ROOT:-$HOME/.pyenv}"/versions/3.1[2-9]*; do
  [ -x "$root/bin/python3" ] && candidates+=("$root/bin/python3")
done
for c in "${candidates[@]}"; do
  [ -n "$c" ] || continue
  path=$(command -v "$c" 2>/dev/null) || continue
  if "$path" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
    echo "$path"
    exit 0
  fi
done
echo "Tearspace needs Python 3.12 or newer (Django 6.1 requires it), and none was found." >&2
echo "Install one (e.g. 'pyenv install 3.12') or point PYTHON at it: make run PYTHON=/path/to/python3.12" >&2
exit 1
