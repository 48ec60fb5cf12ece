"""The Documents page: collections, their documents with where each stands, indexing progress.

Widgets only; the DocumentsController acts on what the user asks. The questions it puts to the
user (a name, a confirmation, files to add) are module functions so tests can answer them.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QCoreApplication, Qt, Signal
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QHBoxLayout,
    QHeaderView,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QProgressBar,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from desktop.core.documents import (
    CollectionRow,
    DocumentRow,
    DocumentStatus,
    EmbedderOption,
    IndexProgress,
)
from desktop.ui.i18n.service_text import shown
from desktop.ui.widgets import file_dialogs
from desktop.ui.widgets.file_dialogs import FolderKind
from desktop.ui.widgets.numbers import number_words, size_words

DOCUMENT_COLUMNS = ("Name", "Pages", "Size", "Status", "Notes")  # headers: document_headers()
FILE_FILTER = "Documents (*.pdf *.docx *.txt *.md *.markdown *.html *.htm *.eml *.msg *.rtf)"
_ID = Qt.ItemDataRole.UserRole
_STATUS_COLOURS = {DocumentStatus.FAILED: "#c62828", DocumentStatus.NEEDS_PASSWORD: "#b26a00"}


# -- what the user is asked (replaced in tests) ---------------------------------------------


def ask_name(parent: QWidget, title: str, label: str, text: str = "") -> str | None:
    name, ok = QInputDialog.getText(parent, title, label, text=text)
    return name.strip() if ok and name.strip() else None


def confirm(parent: QWidget, title: str, question: str) -> bool:
    answer = QMessageBox.question(parent, title, question)
    return answer == QMessageBox.StandardButton.Yes


def choose_files(parent: QWidget, title: str) -> list[Path]:
    return file_dialogs.open_files(parent, FolderKind.DOCUMENTS, title, FILE_FILTER)


def choose_folder(parent: QWidget, title: str) -> list[Path]:
    path = file_dialogs.choose_folder(parent, FolderKind.DOCUMENTS, title)
    return [path] if path else []


# -- words ----------------------------------------------------------------------------------
# Module functions translate in the DocumentsDialog context, beside the page's own words.


def document_headers() -> list[str]:
    """The table's headers, in DOCUMENT_COLUMNS's order."""
    return [
        QCoreApplication.translate("DocumentsDialog", "Name"),
        QCoreApplication.translate("DocumentsDialog", "Pages"),
        QCoreApplication.translate("DocumentsDialog", "Size"),
        QCoreApplication.translate("DocumentsDialog", "Status"),
        QCoreApplication.translate("DocumentsDialog", "Notes"),
    ]


def status_words(status: DocumentStatus) -> str:
    """Where a document stands, in words (core's STATUS_WORDS, translated)."""
    words = {
        DocumentStatus.QUEUED: QCoreApplication.translate("DocumentsDialog", "waiting"),
        DocumentStatus.READING: QCoreApplication.translate("DocumentsDialog", "reading"),
        DocumentStatus.NEEDS_PASSWORD: QCoreApplication.translate(
            "DocumentsDialog", "needs its password"
        ),
        DocumentStatus.KEYWORD: QCoreApplication.translate(
            "DocumentsDialog", "searchable by keyword"
        ),
        DocumentStatus.EMBEDDED: QCoreApplication.translate("DocumentsDialog", "indexed"),
        DocumentStatus.FAILED: QCoreApplication.translate("DocumentsDialog", "could not be read"),
    }
    return words.get(status, str(status))


def paused_text() -> str:
    return QCoreApplication.translate("DocumentsDialog", "Paused while the answer is written")


def time_left_words(seconds: float) -> str:
    if seconds < 60:
        return QCoreApplication.translate("DocumentsDialog", "less than a minute left")
    minutes = round(seconds / 60)
    if minutes < 90:
        return QCoreApplication.translate("DocumentsDialog", "about {minutes} min left").format(
            minutes=minutes
        )
    hours = seconds / 3600
    shown = number_words(hours) if round(hours, 1) == round(hours) else number_words(hours, 1)
    return QCoreApplication.translate("DocumentsDialog", "about {hours} h left").format(hours=shown)


def describe_progress(progress: IndexProgress) -> str:
    """ "Indexing 3 of 12 files · 240 of 1,000 pages · about 2 min left", or where it stands."""
    parts = []
    if progress.files_done < progress.files_total:
        parts.append(
            QCoreApplication.translate(
                "DocumentsDialog", "Indexing {done} of {total} files"
            ).format(
                done=number_words(progress.files_done), total=number_words(progress.files_total)
            )
        )
        if progress.pages_total:
            parts.append(
                QCoreApplication.translate("DocumentsDialog", "{done} of {total} pages").format(
                    done=number_words(progress.pages_done), total=number_words(progress.pages_total)
                )
            )
    if progress.chunks_embedded < progress.chunks_total:
        parts.append(
            QCoreApplication.translate(
                "DocumentsDialog", "{done} of {total} passages embedded"
            ).format(
                done=number_words(progress.chunks_embedded),
                total=number_words(progress.chunks_total),
            )
        )
    if not parts:
        return QCoreApplication.translate("DocumentsDialog", "Indexing finished")
    if progress.paused:
        parts.insert(0, paused_text())
    elif progress.eta_seconds is not None:
        parts.append(time_left_words(progress.eta_seconds))
    return " · ".join(parts)


def progress_fraction(progress: IndexProgress) -> float | None:
    """How far indexing is, reading and embedding weighed alike; None when unknown."""
    done = total = 0
    if progress.pages_total:
        done, total = progress.pages_done, progress.pages_total
    elif progress.files_total:
        done, total = progress.files_done, progress.files_total
    done += progress.chunks_embedded
    total += progress.chunks_total
    return done / total if total else None


# -- the page -------------------------------------------------------------------------------


class DocumentsDialog(QDialog):
    collection_selected = Signal(object)  # collection id | None
    new_collection_requested = Signal()
    rename_collection_requested = Signal(int)
    remove_collection_requested = Signal(int)
    add_files_requested = Signal(int)  # collection id
    add_folder_requested = Signal(int)
    watch_folder_requested = Signal(int)  # keep the collection in step with a folder
    remove_document_requested = Signal(int)  # document id
    reindex_requested = Signal(int)
    cancel_requested = Signal()
    embedder_chosen = Signal(str)  # a catalog id: the user picked another embedding model

    def __init__(self, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Documents"))
        self.resize(960, 520)
        self.collections = QListWidget()
        self.collections.setObjectName("collections")
        self.new_button = QPushButton(self.tr("New collection…"))
        self.rename_button = QPushButton(self.tr("Rename…"))
        self.remove_collection_button = QPushButton(self.tr("Delete…"))
        self.documents = QTableWidget(0, len(DOCUMENT_COLUMNS))
        self.documents.setObjectName("documents")
        self.documents.setHorizontalHeaderLabels(document_headers())
        self.documents.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.documents.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.documents.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.documents.verticalHeader().setVisible(False)
        header = self.documents.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        self.add_files_button = QPushButton(self.tr("Add documents…"))
        self.add_folder_button = QPushButton(self.tr("Add a folder…"))
        self.watch_folder_button = QPushButton(self.tr("Watch a folder…"))
        self.watch_folder_button.setToolTip(
            self.tr(
                "Add a folder's documents and keep them in step: changed files are read again, "
                "deleted ones are removed"
            )
        )
        self.remove_document_button = QPushButton(self.tr("Remove…"))
        self.reindex_button = QPushButton(self.tr("Re-index"))
        self.hint = QLabel(
            self.tr(
                "Create a collection to keep documents together, or drop files on the chat to "
                "attach them to one conversation."
            )
        )
        self.hint.setWordWrap(True)
        # The matter whose collections these are (issue 22), and why a closed one is read-only.
        self.matter_label = QLabel("")
        self.matter_label.setObjectName("documentsMatter")
        self.matter_label.setProperty("tone", "strong")
        self.matter_label.setWordWrap(True)
        self.matter_label.hide()
        self.read_only_note = QLabel("")
        self.read_only_note.setProperty("tone", "warning")
        self.read_only_note.setWordWrap(True)
        self.read_only_note.hide()
        self._read_only = False
        self.error = QLabel("")
        self.error.setObjectName("documentsError")
        self.error.setProperty("tone", "danger")  # coloured by the theme's style sheet
        self.error.setWordWrap(True)
        self.error.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.error.hide()
        self.progress = QProgressBar()
        self.progress_text = QLabel("")
        self.progress_text.setWordWrap(True)
        self.embedder = QComboBox()
        self.embedder.setObjectName("embedder")
        self.embedder.setToolTip(
            self.tr(
                "The model that turns passages and questions into vectors for searching by meaning"
            )
        )
        self.embedder.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
        self.cancel_button = QPushButton(self.tr("Cancel"))
        self.cancel_button.setToolTip(self.tr("Stop indexing; what is finished stays searchable"))
        self._describe_controls()

        left = QWidget()
        left_layout = QVBoxLayout(left)
        left_layout.setContentsMargins(0, 0, 0, 0)
        collections_label = QLabel(self.tr("Collections"))
        collections_label.setBuddy(self.collections)
        left_layout.addWidget(collections_label)
        left_layout.addWidget(self.collections, 1)
        collection_buttons = QHBoxLayout()
        for button in (self.new_button, self.rename_button, self.remove_collection_button):
            collection_buttons.addWidget(button)
        left_layout.addLayout(collection_buttons)
        right = QWidget()
        right_layout = QVBoxLayout(right)
        right_layout.setContentsMargins(0, 0, 0, 0)
        right_layout.addWidget(self.hint)
        embedder_row = QHBoxLayout()
        embedder_label = QLabel(self.tr("Search by meaning with:"))
        embedder_label.setBuddy(self.embedder)
        embedder_row.addWidget(embedder_label)
        embedder_row.addWidget(self.embedder)
        embedder_row.addStretch()
        right_layout.addLayout(embedder_row)
        right_layout.addWidget(self.documents, 1)
        document_buttons = QHBoxLayout()
        for button in (
            self.add_files_button, self.add_folder_button, self.watch_folder_button,
            self.remove_document_button, self.reindex_button,
        ):  # fmt: skip
            document_buttons.addWidget(button)
        document_buttons.addStretch()
        right_layout.addLayout(document_buttons)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setStretchFactor(1, 1)
        splitter.setSizes([280, 680])
        indexing = QHBoxLayout()
        indexing.addWidget(self.progress, 1)
        indexing.addWidget(self.progress_text, 2)
        indexing.addWidget(self.cancel_button)
        layout = QVBoxLayout(self)
        layout.addWidget(self.matter_label)
        layout.addWidget(self.read_only_note)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.error)
        layout.addLayout(indexing)

        self._collections: list[CollectionRow] = []
        self._documents: list[DocumentRow] = []
        self.show_progress(None)
        self._enable()
        self.collections.currentItemChanged.connect(self._on_collection_changed)
        self.documents.itemSelectionChanged.connect(self._enable)
        self.new_button.clicked.connect(self.new_collection_requested)
        self.embedder.activated.connect(  # the user's pick only, never show_embedders's
            lambda index: self.embedder_chosen.emit(self.embedder.itemData(index))
        )
        self.cancel_button.clicked.connect(self.cancel_requested)
        for button, signal in (
            (self.rename_button, self.rename_collection_requested),
            (self.remove_collection_button, self.remove_collection_requested),
            (self.add_files_button, self.add_files_requested),
            (self.add_folder_button, self.add_folder_requested),
            (self.watch_folder_button, self.watch_folder_requested),
        ):
            button.clicked.connect(lambda _=False, s=signal: self._emit_collection(s))
        for button, signal in (
            (self.remove_document_button, self.remove_document_requested),
            (self.reindex_button, self.reindex_requested),
        ):
            button.clicked.connect(lambda _=False, s=signal: self._emit_document(s))

    def _describe_controls(self) -> None:
        """Names and descriptions for screen readers."""
        for control, name, about in (
            (self.collections, self.tr("Collections"), self.tr("Your document collections")),
            (self.new_button, self.tr("New collection"), self.tr("Creates an empty collection")),
            (
                self.rename_button,
                self.tr("Rename collection"),
                self.tr("Gives the selected collection another name"),
            ),
            (
                self.remove_collection_button,
                self.tr("Delete collection"),
                self.tr("Deletes the selected collection and Cloister's copies of its documents"),
            ),
            (
                self.documents,
                self.tr("Documents"),
                self.tr("The documents of the selected collection and where each stands"),
            ),
            (
                self.add_files_button,
                self.tr("Add documents"),
                self.tr("Adds files to the selected collection"),
            ),
            (
                self.add_folder_button,
                self.tr("Add a folder"),
                self.tr("Adds a folder's documents to the selected collection"),
            ),
            (
                self.watch_folder_button,
                self.tr("Watch a folder"),
                self.watch_folder_button.toolTip(),
            ),
            (
                self.remove_document_button,
                self.tr("Remove document"),
                self.tr("Removes the selected document from the collection"),
            ),
            (
                self.reindex_button,
                self.tr("Re-index document"),
                self.tr("Reads the selected document again"),
            ),
            (
                self.documents.horizontalHeader(),
                self.tr("Columns"),
                self.tr("Name, pages, size, status and notes of each document"),
            ),
            (self.embedder, self.tr("Embedding model"), self.embedder.toolTip()),
            (self.progress, self.tr("Indexing progress"), self.tr("How far indexing is")),
            (self.cancel_button, self.tr("Cancel indexing"), self.cancel_button.toolTip()),
        ):
            control.setAccessibleName(name)
            control.setAccessibleDescription(about)

    # -- showing ------------------------------------------------------------------------------

    @property
    def selected_collection(self) -> int | None:
        item = self.collections.currentItem()
        return None if item is None else int(item.data(_ID))

    @property
    def selected_document(self) -> DocumentRow | None:
        row = self.documents.currentRow()
        return self._documents[row] if 0 <= row < len(self._documents) else None

    @property
    def shown_documents(self) -> list[DocumentRow]:
        return list(self._documents)

    def show_embedders(self, options: Sequence[EmbedderOption]) -> None:
        blocker = self.embedder.blockSignals(True)
        try:
            self.embedder.clear()
            for option in options:
                label = (
                    option.name
                    if option.installed
                    else self.tr("{name} (not installed)").format(name=option.name)
                )
                self.embedder.addItem(label, option.id)
                index = self.embedder.count() - 1
                self.embedder.setItemData(index, option.good_for, Qt.ItemDataRole.ToolTipRole)
                if option.chosen:
                    self.embedder.setCurrentIndex(index)
        finally:
            self.embedder.blockSignals(blocker)

    def show_collections(self, collections: Sequence[CollectionRow], selected: int | None) -> None:
        """Named collections first, then each conversation's attached files."""
        ordered = sorted(collections, key=lambda c: (c.conversation_id is not None, c.name))
        self._collections = list(ordered)
        blocker = self.collections.blockSignals(True)  # a refresh is not a selection
        try:
            self.collections.clear()
            for collection in ordered:
                if collection.conversation_id is None:
                    text = self.tr("{name} ({count})")
                else:
                    text = self.tr("{name} ({count}) · attached to a conversation")
                text = text.format(name=collection.name, count=number_words(collection.documents))
                item = QListWidgetItem(text)
                item.setData(_ID, collection.id)
                vectors = self.tr("Vectors by {model}").format(model=collection.embedder)
                item.setToolTip(vectors if collection.embedder else "")
                self.collections.addItem(item)
                if collection.id == selected:
                    self.collections.setCurrentItem(item)
        finally:
            self.collections.blockSignals(blocker)
        if self.selected_collection is None:
            self.show_documents([])
        self._enable()

    def show_documents(self, documents: Sequence[DocumentRow]) -> None:
        self._documents = list(documents)
        self.documents.setRowCount(len(documents))
        for row, document in enumerate(documents):
            self._fill_row(row, document)
        self._enable()

    def update_document(self, document: DocumentRow) -> bool:
        """A document's new state, in place; False when it is not shown."""
        for row, listed in enumerate(self._documents):
            if listed.id == document.id:
                self._documents[row] = document
                self._fill_row(row, document)
                return True
        return False

    def document_texts(self) -> list[tuple[str, ...]]:
        """What the table shows, row by row."""
        columns = range(len(DOCUMENT_COLUMNS))
        return [
            tuple(self.documents.item(row, column).text() for column in columns)
            for row in range(self.documents.rowCount())
        ]

    def show_matter(self, title: str, read_only_note: str | None) -> None:
        """The matter in force; with a note, it is closed: nothing is added, renamed or
        removed (the service refuses it too)."""
        self.matter_label.setText(self.tr("Matter: {matter}").format(matter=title))
        self.matter_label.setVisible(bool(title))
        self.read_only_note.setText(read_only_note or "")
        self.read_only_note.setVisible(read_only_note is not None)
        self._read_only = read_only_note is not None
        self._enable()

    def show_error(self, text: str) -> None:
        self.error.setText(text)
        self.error.setVisible(bool(text))

    def show_progress(self, progress: IndexProgress | None) -> None:
        """Indexing under way, or None (nothing to index): the bar, its words and Cancel."""
        busy = progress is not None and progress.busy
        for widget in (self.progress, self.progress_text, self.cancel_button):
            widget.setVisible(busy)
        if progress is None or not busy:
            return
        fraction = progress_fraction(progress)
        if fraction is None:
            self.progress.setRange(0, 0)  # busy, no measure yet
        else:
            self.progress.setRange(0, 1000)
            self.progress.setValue(round(fraction * 1000))
        self.progress_text.setText(describe_progress(progress))
        self.progress_text.setToolTip(progress.current or "")

    def select_collection(self, collection_id: int) -> None:
        for row in range(self.collections.count()):
            if self.collections.item(row).data(_ID) == collection_id:
                self.collections.setCurrentRow(row)
                return

    def select_document(self, document_id: int) -> None:
        for row, document in enumerate(self._documents):
            if document.id == document_id:
                self.documents.selectRow(row)
                return

    # -- plumbing -----------------------------------------------------------------------------

    def _fill_row(self, row: int, document: DocumentRow) -> None:
        cells = (
            document.name,
            "?" if document.pages is None else number_words(document.pages),
            size_words(document.size),
            status_words(document.status),
            shown(document.message or ""),
        )
        for column, text in enumerate(cells):
            item = QTableWidgetItem(text)
            if column == 0 and document.sha256:
                item.setToolTip(self.tr("SHA-256 {digest}").format(digest=document.sha256))
            if column == DOCUMENT_COLUMNS.index("Notes") and text:
                item.setToolTip(text)
            colour = _STATUS_COLOURS.get(document.status)
            if colour is not None and column == DOCUMENT_COLUMNS.index("Status"):
                item.setForeground(QBrush(QColor(colour)))
            self.documents.setItem(row, column, item)

    def _on_collection_changed(self, *_: object) -> None:
        self._enable()
        self.collection_selected.emit(self.selected_collection)

    def _enable(self) -> None:
        collection = self.selected_collection
        writable = not self._read_only  # a closed matter's documents are only read
        self.new_button.setEnabled(writable)
        for button in (
            self.rename_button, self.remove_collection_button, self.add_files_button,
            self.add_folder_button, self.watch_folder_button,
        ):  # fmt: skip
            button.setEnabled(collection is not None and writable)
        document = self.selected_document is not None
        self.remove_document_button.setEnabled(document and writable)
        self.reindex_button.setEnabled(document and writable)
        self.hint.setVisible(not self._collections and writable)

    def _emit_collection(self, signal: Signal) -> None:
        collection = self.selected_collection
        if collection is not None:
            signal.emit(collection)

    def _emit_document(self, signal: Signal) -> None:
        document = self.selected_document
        if document is not None:
            signal.emit(document.id)
