#!/bin/sh
# Register FinOps Maturity Workshop with this user's desktop: the menu entry, the icon, the
# .finops file type (double-click opens it in the app) and the two commands in ~/.local/bin.
# Run it from the unpacked bundle folder; it needs no root. `./install.sh --uninstall` undoes it.
set -eu

here=$(cd "$(dirname "$0")" && pwd -P)
data=${XDG_DATA_HOME:-$HOME/.local/share}
bin=$HOME/.local/bin
entry=finops-desktop.desktop
mime_type=application/x-finops-workshop
mime_file=finops-workshop-mime.xml
mime_icon=application-x-finops-workshop

refresh() {
    if command -v update-mime-database >/dev/null 2>&1; then
        update-mime-database "$data/mime" >/dev/null 2>&1 || true
    fi
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database "$data/applications" >/dev/null 2>&1 || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$data/icons/hicolor/index.theme" ]; then
        gtk-update-icon-cache --force --quiet "$data/icons/hicolor" >/dev/null 2>&1 || true
    fi
}

uninstall() {
    rm -f "$data/applications/$entry" "$data/mime/packages/$mime_file"
    for dir in "$data"/icons/hicolor/*; do
        rm -f "$dir/apps/finops-desktop.png" "$dir/apps/finops-desktop.svg" \
              "$dir/mimetypes/$mime_icon.png" "$dir/mimetypes/$mime_icon.svg"
    done
    for command in finops-desktop finops-workshop; do
        # Only our own links: a command of that name installed otherwise stays.
        if [ -L "$bin/$command" ]; then
            rm -f "$bin/$command"
        fi
    done
    refresh
    echo "FinOps Maturity Workshop is no longer registered with the desktop (the folder $here stays)."
}

case "${1:-}" in
    --uninstall) uninstall; exit 0 ;;
    "") ;;
    *) echo "usage: $0 [--uninstall]" >&2; exit 2 ;;
esac

if [ ! -x "$here/finops-desktop" ] || [ ! -d "$here/share" ]; then
    echo "error: run install.sh from the unpacked bundle folder (finops-desktop and share/ are not beside it)" >&2
    exit 2
fi
case "$here" in
    *'"'* | *'`'* | *'$'* | *'\'* | *'%'*)
        echo "error: the folder name $here holds a character a desktop entry cannot name (\" \` \$ \\ %); move the folder" >&2
        exit 2 ;;
esac

mkdir -p "$data/applications" "$data/mime/packages" "$bin"

# The menu entry, starting this folder's program; a path with spaces is quoted.
awk -v exec_line="Exec=\"$here/finops-desktop\" %f" -v try_line="TryExec=$here/finops-desktop" '
    /^Exec=/ { print exec_line; next }
    /^TryExec=/ { print try_line; next }
    { print }
' "$here/share/applications/$entry" > "$data/applications/$entry"

cp "$here/share/mime/packages/$mime_file" "$data/mime/packages/$mime_file"

for dir in "$here"/share/icons/hicolor/*; do
    size=$(basename "$dir")
    mkdir -p "$data/icons/hicolor/$size/apps" "$data/icons/hicolor/$size/mimetypes"
    for icon in "$dir"/apps/finops-desktop.*; do
        extension=${icon##*.}
        cp "$icon" "$data/icons/hicolor/$size/apps/finops-desktop.$extension"
        cp "$icon" "$data/icons/hicolor/$size/mimetypes/$mime_icon.$extension"
    done
done

for command in finops-desktop finops-workshop; do
    if [ -e "$bin/$command" ] && [ ! -L "$bin/$command" ]; then
        echo "note: $bin/$command exists and is not a link; left as it is" >&2
    else
        ln -sfn "$here/$command" "$bin/$command"
    fi
done

refresh
if command -v xdg-mime >/dev/null 2>&1; then
    xdg-mime default "$entry" "$mime_type" >/dev/null 2>&1 || true
fi

echo "FinOps Maturity Workshop is in the applications menu; .finops files open with it."
echo "Commands: $bin/finops-desktop, $bin/finops-workshop (add $bin to PATH if it is not there)."
