#!/bin/sh
# The desktop's web browser in the end-to-end session (xdg-open falls back
# to $BROWSER): writes down each address it is asked to open.
printf '%s\n' "$1" >>"$ALONGSIDE_DESKTOP_DIR/opened-links"
