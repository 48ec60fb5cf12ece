"""dmgbuild settings for Cloister's disk image (macOS only; sign_and_notarize.sh runs it).

    dmgbuild -s installer/macos/dmg_settings.py -D app=dist/Cloister.app Cloister OUT.dmg

The window shows Cloister.app next to a link to /Applications: drag to install.
"""

# ruff: noqa: F821  # `defines` is given by dmgbuild when it runs this file
import os.path

application = defines.get("app", "dist/Cloister.app")
appname = os.path.basename(application)

format = "ULFO"  # lzfse: smaller than UDZO, opens on macOS 10.11 and later
filesystem = "HFS+"  # what every dmgbuild version writes
size = None  # computed from the contents
files = [application]
symlinks = {"Applications": "/Applications"}
hide_extensions = [appname]
icon_locations = {appname: (140, 160), "Applications": (400, 160)}
icon_size = 112
text_size = 13
window_rect = ((200, 160), (540, 340))
default_view = "icon-view"
show_status_bar = False
show_tab_view = False
show_toolbar = False
show_pathbar = False
show_sidebar = False
badge_icon = None
license = None  # licences: Cloister.app/Contents/Resources/licenses
