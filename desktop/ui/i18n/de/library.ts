<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>DocumentsController</name>
    <message>
        <source>Attach files</source>
        <translation>Dateien anhängen</translation>
    </message>
    <message>
        <source>Attach a folder</source>
        <translation>Ordner anhängen</translation>
    </message>
    <message>
        <source>{name} is not installed: import its file on the Models page.</source>
        <translation>{name} ist nicht installiert: Importieren Sie die Modelldatei auf der Seite „Modelle“.</translation>
    </message>
    <message>
        <source>Search by meaning with {name}? The vectors of all {count} documents are built again with it, in the background; keyword search works meanwhile.</source>
        <translation>{name} für die Bedeutungssuche verwenden? Die Vektoren aller {count} Dokumente werden damit im Hintergrund neu berechnet; die Stichwortsuche funktioniert währenddessen weiter.</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>Einbettungsmodell</translation>
    </message>
    <message>
        <source>Building the vectors again with {name}.</source>
        <translation>Die Vektoren werden mit {name} neu berechnet.</translation>
    </message>
    <message>
        <source>Watching {folder}.</source>
        <translation>Der Ordner {folder} wird überwacht.</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>Dokumente hinzufügen</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>Ordner hinzufügen</translation>
    </message>
    <message>
        <source>Watch a folder</source>
        <translation>Ordner überwachen</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>Neue Sammlung</translation>
    </message>
    <message>
        <source>Name of the collection:</source>
        <translation>Name der Sammlung:</translation>
    </message>
    <message>
        <source>Collection {name} created.</source>
        <translation>Sammlung {name} angelegt.</translation>
    </message>
    <message>
        <source>Rename collection</source>
        <translation>Sammlung umbenennen</translation>
    </message>
    <message>
        <source>New name of the collection:</source>
        <translation>Neuer Name der Sammlung:</translation>
    </message>
    <message>
        <source>Renamed to {name}.</source>
        <translation>Umbenannt in {name}.</translation>
    </message>
    <message>
        <source>Delete the collection {name} and its document? Its text and Cloister&apos;s copy are erased; your own file is not touched.</source>
        <translation>Die Sammlung {name} und ihr Dokument löschen? Der Text und die Kopie in Cloister werden gelöscht; Ihre eigene Datei bleibt unverändert.</translation>
    </message>
    <message>
        <source>Delete the collection {name} and its {count} documents? Their text and Cloister&apos;s copies are erased; your own files are not touched.</source>
        <translation>Die Sammlung {name} und ihre {count} Dokumente löschen? Die Texte und die Kopien in Cloister werden gelöscht; Ihre eigenen Dateien bleiben unverändert.</translation>
    </message>
    <message>
        <source>Delete collection</source>
        <translation>Sammlung löschen</translation>
    </message>
    <message>
        <source>Collection {name} deleted.</source>
        <translation>Sammlung {name} gelöscht.</translation>
    </message>
    <message>
        <source>this document</source>
        <translation>dieses Dokument</translation>
    </message>
    <message>
        <source>Remove {name}? Its text and Cloister&apos;s copy are erased; answers that cited it keep its name and page. Your own file is not touched.</source>
        <translation>{name} entfernen? Der Text und die Kopie in Cloister werden gelöscht; Antworten, die das Dokument zitiert haben, behalten Namen und Seitenzahl. Ihre eigene Datei bleibt unverändert.</translation>
    </message>
    <message>
        <source>Remove document</source>
        <translation>Dokument entfernen</translation>
    </message>
    <message>
        <source>{name} removed.</source>
        <translation>{name} entfernt.</translation>
    </message>
    <message>
        <source>The document</source>
        <translation>Das Dokument</translation>
    </message>
    <message>
        <source>{name} will be indexed again.</source>
        <translation>{name} wird neu indiziert.</translation>
    </message>
    <message>
        <source>Indexing stopped; what was finished stays searchable.</source>
        <translation>Indizierung angehalten; bereits Indiziertes bleibt durchsuchbar.</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Unerwarteter Fehler: {error}</translation>
    </message>
</context>
<context>
    <name>DocumentsDialog</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>waiting</source>
        <translation>wartet</translation>
    </message>
    <message>
        <source>reading</source>
        <translation>wird gelesen</translation>
    </message>
    <message>
        <source>needs its password</source>
        <translation>Passwort erforderlich</translation>
    </message>
    <message>
        <source>searchable by keyword</source>
        <translation>per Stichwort durchsuchbar</translation>
    </message>
    <message>
        <source>indexed</source>
        <translation>indiziert</translation>
    </message>
    <message>
        <source>could not be read</source>
        <translation>konnte nicht gelesen werden</translation>
    </message>
    <message>
        <source>Paused while the answer is written</source>
        <translation>Angehalten, während die Antwort geschrieben wird</translation>
    </message>
    <message>
        <source>less than a minute left</source>
        <translation>noch weniger als eine Minute</translation>
    </message>
    <message>
        <source>about {minutes} min left</source>
        <translation>noch etwa {minutes} Min.</translation>
    </message>
    <message>
        <source>about {hours} h left</source>
        <translation>noch etwa {hours} Std.</translation>
    </message>
    <message>
        <source>Indexing {done} of {total} files</source>
        <translation>Indizierung: {done} von {total} Dateien</translation>
    </message>
    <message>
        <source>{done} of {total} pages</source>
        <translation>{done} von {total} Seiten</translation>
    </message>
    <message>
        <source>{done} of {total} passages embedded</source>
        <translation>{done} von {total} Textabschnitten eingebettet</translation>
    </message>
    <message>
        <source>Indexing finished</source>
        <translation>Indizierung abgeschlossen</translation>
    </message>
    <message>
        <source>Documents</source>
        <translation>Dokumente</translation>
    </message>
    <message>
        <source>New collection…</source>
        <translation>Neue Sammlung…</translation>
    </message>
    <message>
        <source>Rename…</source>
        <translation>Umbenennen…</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen…</translation>
    </message>
    <message>
        <source>Add documents…</source>
        <translation>Dokumente hinzufügen…</translation>
    </message>
    <message>
        <source>Add a folder…</source>
        <translation>Ordner hinzufügen…</translation>
    </message>
    <message>
        <source>Watch a folder…</source>
        <translation>Ordner überwachen…</translation>
    </message>
    <message>
        <source>Add a folder&apos;s documents and keep them in step: changed files are read again, deleted ones are removed</source>
        <translation>Die Dokumente eines Ordners hinzufügen und auf dem neuesten Stand halten: Geänderte Dateien werden neu gelesen, gelöschte entfernt</translation>
    </message>
    <message>
        <source>Remove…</source>
        <translation>Entfernen…</translation>
    </message>
    <message>
        <source>Re-index</source>
        <translation>Neu indizieren</translation>
    </message>
    <message>
        <source>Create a collection to keep documents together, or drop files on the chat to attach them to one conversation.</source>
        <translation>Legen Sie eine Sammlung an, um Dokumente zusammenzufassen, oder ziehen Sie Dateien in die Unterhaltung, um sie nur dieser Unterhaltung anzuhängen.</translation>
    </message>
    <message>
        <source>The model that turns passages and questions into vectors for searching by meaning</source>
        <translation>Das Modell, das Textabschnitte und Fragen für die Bedeutungssuche in Vektoren umwandelt</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop indexing; what is finished stays searchable</source>
        <translation>Indizierung anhalten; bereits Indiziertes bleibt durchsuchbar</translation>
    </message>
    <message>
        <source>Collections</source>
        <translation>Sammlungen</translation>
    </message>
    <message>
        <source>Search by meaning with:</source>
        <translation>Bedeutungssuche mit:</translation>
    </message>
    <message>
        <source>Your document collections</source>
        <translation>Ihre Dokumentsammlungen</translation>
    </message>
    <message>
        <source>New collection</source>
        <translation>Neue Sammlung</translation>
    </message>
    <message>
        <source>Creates an empty collection</source>
        <translation>Legt eine leere Sammlung an</translation>
    </message>
    <message>
        <source>Rename collection</source>
        <translation>Sammlung umbenennen</translation>
    </message>
    <message>
        <source>Gives the selected collection another name</source>
        <translation>Gibt der ausgewählten Sammlung einen neuen Namen</translation>
    </message>
    <message>
        <source>Delete collection</source>
        <translation>Sammlung löschen</translation>
    </message>
    <message>
        <source>Deletes the selected collection and Cloister&apos;s copies of its documents</source>
        <translation>Löscht die ausgewählte Sammlung und die Kopien ihrer Dokumente in Cloister</translation>
    </message>
    <message>
        <source>The documents of the selected collection and where each stands</source>
        <translation>Die Dokumente der ausgewählten Sammlung und ihr jeweiliger Stand</translation>
    </message>
    <message>
        <source>Add documents</source>
        <translation>Dokumente hinzufügen</translation>
    </message>
    <message>
        <source>Adds files to the selected collection</source>
        <translation>Fügt der ausgewählten Sammlung Dateien hinzu</translation>
    </message>
    <message>
        <source>Add a folder</source>
        <translation>Ordner hinzufügen</translation>
    </message>
    <message>
        <source>Adds a folder&apos;s documents to the selected collection</source>
        <translation>Fügt der ausgewählten Sammlung die Dokumente eines Ordners hinzu</translation>
    </message>
    <message>
        <source>Watch a folder</source>
        <translation>Ordner überwachen</translation>
    </message>
    <message>
        <source>Remove document</source>
        <translation>Dokument entfernen</translation>
    </message>
    <message>
        <source>Removes the selected document from the collection</source>
        <translation>Entfernt das ausgewählte Dokument aus der Sammlung</translation>
    </message>
    <message>
        <source>Re-index document</source>
        <translation>Dokument neu indizieren</translation>
    </message>
    <message>
        <source>Reads the selected document again</source>
        <translation>Liest das ausgewählte Dokument erneut ein</translation>
    </message>
    <message>
        <source>Columns</source>
        <translation>Spalten</translation>
    </message>
    <message>
        <source>Name, pages, size, status and notes of each document</source>
        <translation>Name, Seiten, Größe, Status und Hinweise zu jedem Dokument</translation>
    </message>
    <message>
        <source>Embedding model</source>
        <translation>Einbettungsmodell</translation>
    </message>
    <message>
        <source>Indexing progress</source>
        <translation>Fortschritt der Indizierung</translation>
    </message>
    <message>
        <source>How far indexing is</source>
        <translation>Wie weit die Indizierung fortgeschritten ist</translation>
    </message>
    <message>
        <source>Cancel indexing</source>
        <translation>Indizierung abbrechen</translation>
    </message>
    <message>
        <source>{name} (not installed)</source>
        <translation>{name} (nicht installiert)</translation>
    </message>
    <message>
        <source>{name} ({count})</source>
        <translation>{name} ({count})</translation>
    </message>
    <message>
        <source>{name} ({count}) · attached to a conversation</source>
        <translation>{name} ({count}) · an eine Unterhaltung angehängt</translation>
    </message>
    <message>
        <source>Vectors by {model}</source>
        <translation>Vektoren von {model}</translation>
    </message>
    <message>
        <source>Matter: {matter}</source>
        <translation>Mandat: {matter}</translation>
    </message>
    <message>
        <source>SHA-256 {digest}</source>
        <translation>SHA-256 {digest}</translation>
    </message>
</context>
<context>
    <name>LibraryController</name>
    <message>
        <source>Stop the answer being written before deleting this conversation.</source>
        <translation>Halten Sie die laufende Antwort an, bevor Sie diese Unterhaltung löschen.</translation>
    </message>
    <message>
        <source>Conversation deleted.</source>
        <translation>Unterhaltung gelöscht.</translation>
    </message>
    <message>
        <source>Its text stays in the audit log: {reason}.</source>
        <translation>Ihr Text bleibt im Prüfprotokoll: {reason}.</translation>
    </message>
    <message>
        <source>Its text was erased from {erased} audit records; {kept} older records keep it until the retention period ends (they were written before texts could be erased).</source>
        <translation>Ihr Text wurde aus {erased} Protokolleinträgen gelöscht; {kept} ältere Protokolleinträge behalten ihn bis zum Ende der Aufbewahrungsfrist (sie wurden geschrieben, bevor Texte gelöscht werden konnten).</translation>
    </message>
    <message>
        <source>Its text was erased from {erased} audit records.</source>
        <translation>Ihr Text wurde aus {erased} Protokolleinträgen gelöscht.</translation>
    </message>
    <message>
        <source>Exported to {path}</source>
        <translation>Exportiert nach {path}</translation>
    </message>
</context>
<context>
    <name>SourceViewer</name>
    <message>
        <source>{name} — page {page}</source>
        <translation>{name} — Seite {page}</translation>
    </message>
    <message>
        <source>Previous page</source>
        <translation>Vorherige Seite</translation>
    </message>
    <message>
        <source>Next page</source>
        <translation>Nächste Seite</translation>
    </message>
    <message>
        <source>Back to the passage</source>
        <translation>Zurück zur Textstelle</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Page</source>
        <translation>Seite</translation>
    </message>
    <message>
        <source>The cited page, with the passage highlighted</source>
        <translation>Die zitierte Seite mit hervorgehobener Textstelle</translation>
    </message>
    <message>
        <source>Page text</source>
        <translation>Seitentext</translation>
    </message>
    <message>
        <source>The cited page&apos;s text, passage selected</source>
        <translation>Der Text der zitierten Seite, die Textstelle markiert</translation>
    </message>
    <message>
        <source>Shows the page before</source>
        <translation>Zeigt die vorherige Seite</translation>
    </message>
    <message>
        <source>Shows the page after</source>
        <translation>Zeigt die nächste Seite</translation>
    </message>
    <message>
        <source>Shows the cited page again</source>
        <translation>Zeigt wieder die zitierte Seite</translation>
    </message>
    <message>
        <source>Closes the source</source>
        <translation>Schließt die Quelle</translation>
    </message>
    <message>
        <source>Loading page {page}…</source>
        <translation>Seite {page} wird geladen…</translation>
    </message>
    <message>
        <source>Page {page} of {count}</source>
        <translation>Seite {page} von {count}</translation>
    </message>
    <message>
        <source>This page could not be shown: {error}</source>
        <translation>Diese Seite konnte nicht angezeigt werden: {error}</translation>
    </message>
</context>
</TS>
