#!/bin/sh
# dunst's context menu (its "dmenu" setting) in the end-to-end desktop: picks
# the action whose label holds the text the test wrote to dunst-choice.
choice=$(cat "$ALONGSIDE_DESKTOP_DIR/dunst-choice" 2>/dev/null)
[ -n "$choice" ] && grep -m1 -F -- "$choice"
