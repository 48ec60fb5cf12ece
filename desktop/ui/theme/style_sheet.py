"""The application style sheet, generated from the tokens (one palette, one text step).

Fusion draws the controls; this sheet gives them the calm look: generous padding, 6-8 px
corners, one accent, and a focus ring (a 2 px accent border) on every control a key can
reach. Widgets never carry colours of their own; they ask for a look by object name or by
a dynamic property, all of which are styled here:

- QPushButton[primary="true"]: the accent button (Send, OK in a flow).
- QLabel[tone="muted" | "success" | "warning" | "danger"]: secondary or state-coloured text.
- QLabel[textRole="title" | "heading" | "small" | "mono"]: a step of the type scale.
- QFrame[banner="info" | "warning" | "danger"]: a message bar across a page.
- #policyBanner (warning), #auditAlarm (danger), #airGapBadge[enforced="true" | "false"],
  #messageBar[kind="info" | "warning" | "error"] (widgets/message_bar.py).

A widget whose property changes after it is shown calls `restyle(widget)` (apply.py).
"""

from __future__ import annotations

from desktop.ui.theme.arrows import arrow
from desktop.ui.theme.tokens import BASE_POINTS, RADIUS, SPACE, Palette, type_scale


def style_sheet(p: Palette, step: int = 0, base_points: float = BASE_POINTS) -> str:
    sizes = type_scale(step, base_points)
    up, down = arrow("chevron-up", p.muted), arrow("chevron-down", p.muted)
    sm, md, lg = RADIUS["sm"], RADIUS["md"], RADIUS["lg"]
    pad = SPACE["sm"]
    return f"""
QMainWindow, QDialog, QWizard {{ background: {p.window}; }}
QToolTip {{
    color: {p.text}; background: {p.surface}; border: 1px solid {p.border_strong};
    border-radius: {sm}px; padding: 4px 8px;
}}

/* Buttons: 1 px border, 2 px when focused (padding shrinks by 1 px: no jump). */
QPushButton {{
    background: {p.surface}; border: 1px solid {p.border_strong}; border-radius: {md}px;
    padding: 5px 13px; min-height: 1.3em;
}}
QPushButton:hover {{ background: {p.sunken}; }}
QPushButton:pressed {{ background: {p.accent_soft}; }}
QPushButton:focus {{ border: 2px solid {p.accent}; padding: 4px 12px; }}
QPushButton:disabled {{ color: {p.muted}; background: {p.window}; border-color: {p.border}; }}
QPushButton[primary="true"] {{
    background: {p.accent}; color: {p.accent_text}; border-color: {p.accent};
}}
QPushButton[primary="true"]:hover {{ background: {p.accent}; border-color: {p.text}; }}
QPushButton[primary="true"]:focus {{ border: 2px solid {p.text}; }}
QPushButton[primary="true"]:disabled {{
    background: {p.accent_soft}; color: {p.muted}; border-color: {p.accent_soft};
}}
QToolButton {{
    background: transparent; border: 1px solid transparent; border-radius: {md}px;
    padding: 3px 6px;
}}
QToolButton:hover {{ background: {p.sunken}; border-color: {p.border}; }}
QToolButton:pressed, QToolButton:checked {{ background: {p.accent_soft}; }}
QToolButton:focus {{ border: 2px solid {p.accent}; padding: 2px 5px; }}

/* Inputs */
QLineEdit, QPlainTextEdit, QTextEdit, QSpinBox, QDoubleSpinBox, QComboBox {{
    background: {p.surface}; border: 1px solid {p.border_strong}; border-radius: {md}px;
    padding: 4px 8px; selection-background-color: {p.accent}; selection-color: {p.accent_text};
}}
QTextBrowser {{ border: 1px solid {p.border}; border-radius: {lg}px; padding: {pad}px; }}
QLineEdit:focus, QPlainTextEdit:focus, QTextEdit:focus, QSpinBox:focus, QDoubleSpinBox:focus,
QComboBox:focus, QTextBrowser:focus {{
    border: 2px solid {p.accent}; padding: 3px 7px;
}}
QTextBrowser:focus {{ padding: {pad - 1}px; }}
QLineEdit:disabled, QSpinBox:disabled, QComboBox:disabled, QPlainTextEdit:disabled {{
    color: {p.muted}; background: {p.window}; border-color: {p.border};
}}
QLineEdit[readOnly="true"] {{ background: {p.sunken}; }}
QComboBox {{ padding-right: 24px; }}
QComboBox:focus {{ padding-right: 23px; }}
QComboBox::drop-down {{ border: none; width: 22px; subcontrol-origin: padding;
    subcontrol-position: center right; }}
QComboBox::down-arrow {{ image: url({down}); width: 14px; height: 14px; }}
QSpinBox, QDoubleSpinBox {{ padding-right: 22px; }}
QSpinBox:focus, QDoubleSpinBox:focus {{ padding-right: 21px; }}
QSpinBox::up-button, QSpinBox::down-button, QDoubleSpinBox::up-button,
QDoubleSpinBox::down-button {{
    subcontrol-origin: border; width: 20px; border: none; background: transparent;
}}
QSpinBox::up-button, QDoubleSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button, QDoubleSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-button:hover, QSpinBox::down-button:hover, QDoubleSpinBox::up-button:hover,
QDoubleSpinBox::down-button:hover {{ background: {p.sunken}; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ image: url({up}); width: 12px; height: 12px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{
    image: url({down}); width: 12px; height: 12px;
}}
QDialogButtonBox {{ dialogbuttonbox-buttons-have-icons: 0; }}
QComboBox QAbstractItemView {{
    background: {p.surface}; border: 1px solid {p.border_strong};
    selection-background-color: {p.accent_soft}; selection-color: {p.selection_text};
}}
QCheckBox, QRadioButton {{ spacing: 8px; padding: 2px 4px; border: 1px solid transparent;
    border-radius: {sm}px; }}
QCheckBox:focus, QRadioButton:focus {{ border: 1px solid {p.accent}; }}
QCheckBox:disabled, QRadioButton:disabled {{ color: {p.muted}; }}

/* Lists, tables, trees */
QListView, QTreeView, QTableView {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: {lg}px;
    alternate-background-color: {p.window}; outline: none;
    selection-background-color: {p.accent_soft}; selection-color: {p.selection_text};
}}
QListView:focus, QTreeView:focus, QTableView:focus {{ border: 2px solid {p.accent}; }}
QListView::item {{ padding: 6px 8px; border-radius: {sm}px; }}
QListView::item:hover, QTreeView::item:hover {{ background: {p.sunken}; }}
QListView::item:selected, QTreeView::item:selected, QTableView::item:selected {{
    background: {p.accent_soft}; color: {p.selection_text};
}}
QTableView {{ gridline-color: {p.border}; }}
QHeaderView::section {{
    background: {p.sunken}; color: {p.muted}; border: none;
    border-bottom: 1px solid {p.border}; padding: 5px 8px; font-weight: 600;
}}
QTableCornerButton::section {{ background: {p.sunken}; border: none; }}

/* Tabs, group boxes, splitters */
QTabWidget::pane {{ border: 1px solid {p.border}; border-radius: {lg}px; top: -1px;
    background: {p.surface}; }}
QTabBar::tab {{
    background: transparent; color: {p.muted}; padding: 6px 14px; margin-right: 2px;
    border: 1px solid transparent; border-bottom: 2px solid transparent;
}}
QTabBar::tab:selected {{ color: {p.text}; border-bottom: 2px solid {p.accent}; }}
QTabBar::tab:hover {{ color: {p.text}; }}
QTabBar::tab:focus {{ border: 1px solid {p.accent}; border-bottom: 2px solid {p.accent}; }}
QGroupBox {{
    background: {p.surface}; border: 1px solid {p.border}; border-radius: {lg}px;
    margin-top: 1.5em; padding: {SPACE["sm"]}px {SPACE["md"]}px {SPACE["md"]}px {SPACE["md"]}px;
}}
QGroupBox::title {{
    subcontrol-origin: margin; subcontrol-position: top left; left: {SPACE["sm"]}px;
    padding: 0 4px; color: {p.text}; font-weight: 600;
}}
QSplitter::handle {{ background: {p.border}; }}
QSplitter::handle:horizontal {{ width: 1px; }}
QSplitter::handle:vertical {{ height: 1px; }}

/* Menus, status bar, progress */
QMenuBar {{ background: {p.window}; border-bottom: 1px solid {p.border}; }}
QMenuBar::item {{ padding: 4px 10px; border-radius: {sm}px; background: transparent; }}
QMenuBar::item:selected {{ background: {p.accent_soft}; color: {p.selection_text}; }}
QMenu {{ background: {p.surface}; border: 1px solid {p.border_strong}; border-radius: {md}px;
    padding: 4px; }}
QMenu::item {{ padding: 5px 24px 5px 12px; border-radius: {sm}px; }}
QMenu::item:selected {{ background: {p.accent_soft}; color: {p.selection_text}; }}
QMenu::item:disabled {{ color: {p.muted}; }}
QMenu::separator {{ height: 1px; background: {p.border}; margin: 4px 8px; }}
QMenu::icon {{ padding-left: 6px; }}
QStatusBar {{ background: {p.window}; color: {p.muted}; border-top: 1px solid {p.border}; }}
QStatusBar QLabel {{ color: {p.muted}; padding: 0 4px; }}
QStatusBar::item {{ border: none; }}
QProgressBar {{ background: {p.sunken}; border: none; border-radius: {sm}px; max-height: 8px;
    text-align: center; color: transparent; }}
QProgressBar::chunk {{ background: {p.accent}; border-radius: {sm}px; }}

/* Scroll bars: slim, rounded, no arrows */
QScrollBar:vertical {{ background: transparent; width: 10px; margin: 2px; }}
QScrollBar:horizontal {{ background: transparent; height: 10px; margin: 2px; }}
QScrollBar::handle {{ background: {p.border_strong}; border-radius: 3px; }}
QScrollBar::handle:vertical {{ min-height: 32px; }}
QScrollBar::handle:horizontal {{ min-width: 32px; }}
QScrollBar::handle:hover {{ background: {p.muted}; }}
QScrollBar::add-line, QScrollBar::sub-line {{ width: 0; height: 0; border: none; }}
QScrollBar::add-page, QScrollBar::sub-page {{ background: transparent; }}

/* Text roles and tones */
QLabel[textRole="title"] {{ font-size: {sizes["title"]}pt; font-weight: 600; }}
QLabel[textRole="heading"] {{ font-size: {sizes["heading"]}pt; font-weight: 600; }}
QLabel[textRole="small"] {{ font-size: {sizes["small"]}pt; }}
QLabel[textRole="mono"] {{ font-family: monospace; font-size: {sizes["mono"]}pt; }}
QLabel[tone="muted"] {{ color: {p.muted}; }}
QLabel[tone="success"] {{ color: {p.success}; }}
QLabel[tone="warning"] {{ color: {p.warning}; }}
QLabel[tone="danger"] {{ color: {p.danger}; }}
QLabel[tone="strong"] {{ font-weight: 600; }}

/* Banners and the air-gap badge */
QFrame[banner="info"] {{ background: {p.accent_soft}; border: 1px solid {p.accent};
    border-radius: {md}px; }}
QFrame[banner="warning"], #policyBanner {{
    background: {p.warning_soft}; border: 1px solid {p.warning}; border-radius: {md}px;
    padding: {pad}px;
}}
QFrame[banner="danger"], #auditAlarm {{
    background: {p.danger_soft}; border: 1px solid {p.danger}; border-radius: {md}px;
}}
#auditAlarm QLabel {{ background: transparent; border: none; }}
#messageBar[kind="info"] {{ background: {p.accent_soft}; border: 1px solid {p.accent};
    border-radius: {md}px; }}
#messageBar[kind="warning"] {{ background: {p.warning_soft}; border: 1px solid {p.warning};
    border-radius: {md}px; }}
#messageBar[kind="error"] {{ background: {p.danger_soft}; border: 1px solid {p.danger};
    border-radius: {md}px; }}
#messageBar QLabel {{ background: transparent; border: none; }}
#airGapBadge {{
    background: {p.success_soft}; color: {p.success}; border: 1px solid {p.success};
    border-radius: {sm}px; padding: 1px 8px; font-weight: 600;
}}
#airGapBadge[enforced="false"] {{
    background: {p.warning_soft}; color: {p.warning}; border-color: {p.warning};
}}
"""
