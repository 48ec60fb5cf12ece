<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ExportMatterDialog</name>
    <message>
        <source>Export matter</source>
        <translation>Mandat exportieren</translation>
    </message>
    <message>
        <source>Exports {matter} into an empty folder as one signed bundle: its conversations (JSON and PDF), the list of its documents with their SHA-256 fingerprints, and its audit records with proofs. An auditor checks it offline with &apos;cloister audit verify FOLDER&apos;. The export is recorded in the audit log.</source>
        <translation>Exportiert {matter} in einen leeren Ordner als ein signiertes Paket: die Unterhaltungen (JSON und PDF), die Liste der Dokumente mit ihren SHA-256-Fingerabdrücken und die Einträge des Prüfprotokolls mit Nachweisen. Ein Prüfer prüft es offline mit „cloister audit verify ORDNER“. Der Export wird im Prüfprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>Include the original documents</source>
        <translation>Originaldokumente einschließen</translation>
    </message>
    <message>
        <source>Copies every document&apos;s original file into the bundle as well</source>
        <translation>Kopiert auch die Originaldatei jedes Dokuments in das Paket</translation>
    </message>
    <message>
        <source>Choose folder…</source>
        <translation>Ordner wählen…</translation>
    </message>
    <message>
        <source>Choose folder</source>
        <translation>Ordner wählen</translation>
    </message>
    <message>
        <source>Asks for an empty folder, then exports into it</source>
        <translation>Fragt nach einem leeren Ordner und exportiert dann dorthin</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>MatterReportDialog</name>
    <message>
        <source>Matter report</source>
        <translation>Mandatsbericht</translation>
    </message>
    <message>
        <source>Who had access to a matter, every access and every refused attempt, and when each ethical wall and legal hold was placed or lifted, from the audit log.</source>
        <translation>Wer Zugriff auf ein Mandat hatte, jeder Zugriff und jeder abgewiesene Versuch und wann jede Informationsbarriere und Aufbewahrungssperre verhängt oder aufgehoben wurde, aus dem Prüfprotokoll.</translation>
    </message>
    <message>
        <source>Matter</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <source>The matter the report is about</source>
        <translation>Das Mandat, um das es im Bericht geht</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>The first day the report covers</source>
        <translation>Der erste Tag, den der Bericht umfasst</translation>
    </message>
    <message>
        <source>To</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>The last day the report covers</source>
        <translation>Der letzte Tag, den der Bericht umfasst</translation>
    </message>
    <message>
        <source>Save as PDF…</source>
        <translation>Als PDF speichern…</translation>
    </message>
    <message>
        <source>Save as PDF</source>
        <translation>Als PDF speichern</translation>
    </message>
    <message>
        <source>Writes the report as a PDF file</source>
        <translation>Schreibt den Bericht als PDF-Datei</translation>
    </message>
    <message>
        <source>Save as CSV…</source>
        <translation>Als CSV speichern…</translation>
    </message>
    <message>
        <source>Save as CSV</source>
        <translation>Als CSV speichern</translation>
    </message>
    <message>
        <source>Writes the report as a table for a spreadsheet</source>
        <translation>Schreibt den Bericht als Tabelle für eine Tabellenkalkulation</translation>
    </message>
    <message>
        <source>&amp;Matter:</source>
        <translation>&amp;Mandat:</translation>
    </message>
    <message>
        <source>&amp;From:</source>
        <translation>&amp;Von:</translation>
    </message>
    <message>
        <source>&amp;To:</source>
        <translation>&amp;Bis:</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>The first day comes after the last one.</source>
        <translation>Der erste Tag liegt nach dem letzten.</translation>
    </message>
</context>
<context>
    <name>MatterSwitcher</name>
    <message>
        <source>Matter</source>
        <translation>Mandat</translation>
    </message>
    <message>
        <source>The client matter whose conversations and documents are shown</source>
        <translation>Das Mandat, dessen Unterhaltungen und Dokumente angezeigt werden</translation>
    </message>
    <message>
        <source>Closed matters</source>
        <translation>Geschlossene Mandate</translation>
    </message>
    <message>
        <source>{title} ({state})</source>
        <translation>{title} ({state})</translation>
    </message>
    <message>
        <source>{title}: {reason}</source>
        <translation>{title}: {reason}</translation>
    </message>
</context>
<context>
    <name>Matters</name>
    <message>
        <source>General</source>
        <translation>Allgemein</translation>
    </message>
    <message>
        <source>{client} / {number} · {name}</source>
        <translation>{client} / {number} · {name}</translation>
    </message>
    <message>
        <source>{number} · {name}</source>
        <translation>{number} · {name}</translation>
    </message>
    <message>
        <source>closed, read-only</source>
        <translation>geschlossen, nur lesbar</translation>
    </message>
    <message>
        <source>on legal hold</source>
        <translation>Aufbewahrungssperre</translation>
    </message>
    <message>
        <source>ethical wall</source>
        <translation>Informationsbarriere</translation>
    </message>
    <message>
        <source>Everything not filed under a client matter</source>
        <translation>Alles, was keinem Mandat zugeordnet ist</translation>
    </message>
    <message>
        <source>opened {date}</source>
        <translation>angelegt am {date}</translation>
    </message>
    <message>
        <source>This matter is closed: its conversations and documents can be read and exported, not changed. Reopen it from the Matter menu to work on it.</source>
        <translation>Dieses Mandat ist geschlossen: Seine Unterhaltungen und Dokumente können gelesen und exportiert, aber nicht geändert werden. Öffnen Sie es über das Menü „Mandat“ wieder, um daran zu arbeiten.</translation>
    </message>
</context>
<context>
    <name>MattersController</name>
    <message>
        <source>{matter} stays closed to you until you acknowledge the wall&apos;s memo.</source>
        <translation>{matter} bleibt für Sie gesperrt, bis Sie den Hinweis der Informationsbarriere bestätigen.</translation>
    </message>
    <message>
        <source>Matter {matter} created.</source>
        <translation>Mandat {matter} angelegt.</translation>
    </message>
    <message>
        <source>The matter could not be created.</source>
        <translation>Das Mandat konnte nicht angelegt werden.</translation>
    </message>
    <message>
        <source>{matter} is open again.</source>
        <translation>{matter} ist wieder geöffnet.</translation>
    </message>
    <message>
        <source>Close {matter}? Its conversations and documents stay and can be read and exported, but nothing can be added, changed or deleted until it is reopened.</source>
        <translation>{matter} schließen? Unterhaltungen und Dokumente bleiben erhalten und können gelesen und exportiert werden, aber bis zur Wiedereröffnung kann nichts hinzugefügt, geändert oder gelöscht werden.</translation>
    </message>
    <message>
        <source>Close matter</source>
        <translation>Mandat schließen</translation>
    </message>
    <message>
        <source>{matter} is closed: read-only.</source>
        <translation>{matter} ist geschlossen: nur lesbar.</translation>
    </message>
    <message>
        <source>Placing a legal hold on {matter}</source>
        <translation>Das Verhängen einer Aufbewahrungssperre für {matter}</translation>
    </message>
    <message>
        <source>Lifting the legal hold on {matter}</source>
        <translation>Das Aufheben der Aufbewahrungssperre für {matter}</translation>
    </message>
    <message>
        <source>The legal hold was not changed.</source>
        <translation>Die Aufbewahrungssperre wurde nicht geändert.</translation>
    </message>
    <message>
        <source>{matter} is on legal hold: nothing of it can be deleted or purged.</source>
        <translation>Für {matter} gilt eine Aufbewahrungssperre: Nichts davon kann gelöscht oder bereinigt werden.</translation>
    </message>
    <message>
        <source>The legal hold on {matter} was lifted.</source>
        <translation>Die Aufbewahrungssperre für {matter} wurde aufgehoben.</translation>
    </message>
    <message>
        <source>Changing how long {matter} is kept</source>
        <translation>Das Ändern der Aufbewahrungsdauer von {matter}</translation>
    </message>
    <message>
        <source>The retention period was not changed.</source>
        <translation>Die Aufbewahrungsdauer wurde nicht geändert.</translation>
    </message>
    <message>
        <source>Retention of {matter} changed.</source>
        <translation>Aufbewahrungsdauer von {matter} geändert.</translation>
    </message>
    <message>
        <source>Exporting a matter is not available.</source>
        <translation>Der Export eines Mandats ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>Export the matter into an empty folder</source>
        <translation>Das Mandat in einen leeren Ordner exportieren</translation>
    </message>
    <message>
        <source>Exporting {matter}…</source>
        <translation>{matter} wird exportiert…</translation>
    </message>
    <message>
        <source>Exported {matter} to {folder}. An auditor checks the bundle offline with &apos;cloister audit verify {folder}&apos;.</source>
        <translation>{matter} nach {folder} exportiert. Ein Prüfer prüft das Paket offline mit „cloister audit verify {folder}“.</translation>
    </message>
    <message>
        <source>Moved “{title}” to {matter}.</source>
        <translation>„{title}“ nach {matter} verschoben.</translation>
    </message>
    <message>
        <source>The matter report is not available.</source>
        <translation>Der Mandatsbericht ist nicht verfügbar.</translation>
    </message>
    <message>
        <source>The report failed.</source>
        <translation>Der Bericht konnte nicht erstellt werden.</translation>
    </message>
    <message>
        <source>Saved the report to {path}.</source>
        <translation>Bericht unter {path} gespeichert.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>PDF document</source>
        <translation>PDF-Dokument</translation>
    </message>
    <message>
        <source>CSV table</source>
        <translation>CSV-Tabelle</translation>
    </message>
    <message>
        <source>Save the matter report</source>
        <translation>Mandatsbericht speichern</translation>
    </message>
    <message>
        <source>Matter report {matter}</source>
        <translation>Mandatsbericht {matter}</translation>
    </message>
    <message>
        <source>That did not work: {error}</source>
        <translation>Das hat nicht funktioniert: {error}</translation>
    </message>
</context>
<context>
    <name>MoveToMatterDialog</name>
    <message>
        <source>Move conversation</source>
        <translation>Unterhaltung verschieben</translation>
    </message>
    <message>
        <source>Move “{title}” and its attached files to another matter. The move is recorded in the audit log.</source>
        <translation>„{title}“ und die angehängten Dateien in ein anderes Mandat verschieben. Das Verschieben wird im Prüfprotokoll festgehalten.</translation>
    </message>
    <message>
        <source>Matters</source>
        <translation>Mandate</translation>
    </message>
    <message>
        <source>The matter the conversation moves to</source>
        <translation>Das Mandat, in das die Unterhaltung verschoben wird</translation>
    </message>
    <message>
        <source>There is no other open matter to move it to. Create one first.</source>
        <translation>Es gibt kein anderes offenes Mandat, in das sie verschoben werden kann. Legen Sie zuerst eines an.</translation>
    </message>
    <message>
        <source>Move</source>
        <translation>Verschieben</translation>
    </message>
    <message>
        <source>Moves the conversation to the chosen matter</source>
        <translation>Verschiebt die Unterhaltung in das gewählte Mandat</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>NewMatterDialog</name>
    <message>
        <source>New matter</source>
        <translation>Neues Mandat</translation>
    </message>
    <message>
        <source>A matter keeps one client&apos;s conversations and documents together, apart from every other matter.</source>
        <translation>Ein Mandat hält die Unterhaltungen und Dokumente eines Mandanten zusammen, getrennt von allen anderen Mandaten.</translation>
    </message>
    <message>
        <source>Client</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>The client&apos;s name, as your firm files it</source>
        <translation>Der Name des Mandanten, wie Ihre Kanzlei ihn führt</translation>
    </message>
    <message>
        <source>Matter number</source>
        <translation>Mandatsnummer</translation>
    </message>
    <message>
        <source>Your firm&apos;s number for this matter; unique for the client</source>
        <translation>Die Nummer Ihrer Kanzlei für dieses Mandat; je Mandant eindeutig</translation>
    </message>
    <message>
        <source>Matter name</source>
        <translation>Bezeichnung des Mandats</translation>
    </message>
    <message>
        <source>A short description, such as Lease dispute</source>
        <translation>Eine kurze Beschreibung, etwa Mietstreit</translation>
    </message>
    <message>
        <source>Opening date</source>
        <translation>Eröffnungsdatum</translation>
    </message>
    <message>
        <source>The day the matter was opened</source>
        <translation>Der Tag, an dem das Mandat eröffnet wurde</translation>
    </message>
    <message>
        <source>&amp;Client:</source>
        <translation>&amp;Mandant:</translation>
    </message>
    <message>
        <source>Matter &amp;number:</source>
        <translation>Mandats&amp;nummer:</translation>
    </message>
    <message>
        <source>&amp;Name:</source>
        <translation>&amp;Bezeichnung:</translation>
    </message>
    <message>
        <source>&amp;Opened on:</source>
        <translation>&amp;Eröffnet am:</translation>
    </message>
    <message>
        <source>Create matter</source>
        <translation>Mandat anlegen</translation>
    </message>
    <message>
        <source>Creates the matter and switches to it</source>
        <translation>Legt das Mandat an und wechselt dorthin</translation>
    </message>
    <message>
        <source>Enter the client&apos;s name.</source>
        <translation>Geben Sie den Namen des Mandanten ein.</translation>
    </message>
    <message>
        <source>Enter the matter number.</source>
        <translation>Geben Sie die Mandatsnummer ein.</translation>
    </message>
    <message>
        <source>A matter number cannot contain “/”.</source>
        <translation>Eine Mandatsnummer darf kein „/“ enthalten.</translation>
    </message>
    <message>
        <source>Enter a name for the matter.</source>
        <translation>Geben Sie eine Bezeichnung für das Mandat ein.</translation>
    </message>
    <message>
        <source>The opening date cannot be in the future.</source>
        <translation>Das Eröffnungsdatum darf nicht in der Zukunft liegen.</translation>
    </message>
</context>
<context>
    <name>RetentionDialog</name>
    <message>
        <source>Retention</source>
        <translation>Aufbewahrung</translation>
    </message>
    <message>
        <source>How long Cloister keeps the conversations of {matter}. Older ones are deleted when Cloister starts, unless the matter is on legal hold.</source>
        <translation>Wie lange Cloister die Unterhaltungen von {matter} aufbewahrt. Ältere werden beim Start von Cloister gelöscht, außer für das Mandat gilt eine Aufbewahrungssperre.</translation>
    </message>
    <message>
        <source>Own retention period</source>
        <translation>Eigene Aufbewahrungsdauer</translation>
    </message>
    <message>
        <source>Keep its conversations for</source>
        <translation>Unterhaltungen aufbewahren für</translation>
    </message>
    <message>
        <source>Unticked, the workstation&apos;s retention period applies</source>
        <translation>Ohne Häkchen gilt die Aufbewahrungsdauer des Arbeitsplatzes</translation>
    </message>
    <message>
        <source> days</source>
        <translation> Tage</translation>
    </message>
    <message>
        <source>Days to keep</source>
        <translation>Aufbewahrungstage</translation>
    </message>
    <message>
        <source>Conversations older than this are deleted</source>
        <translation>Ältere Unterhaltungen werden gelöscht</translation>
    </message>
    <message>
        <source>Unticked, the period in this workstation&apos;s settings applies.</source>
        <translation>Ohne Häkchen gilt die Frist aus den Einstellungen dieses Arbeitsplatzes.</translation>
    </message>
    <message>
        <source>Save</source>
        <translation>Speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
</context>
<context>
    <name>WallMemoDialog</name>
    <message>
        <source>Ethical wall</source>
        <translation>Informationsbarriere</translation>
    </message>
    <message>
        <source>Your firm has placed an ethical wall around the matter {matter}. Read the memo below; your acknowledgement is recorded in the audit log before the matter opens.</source>
        <translation>Ihre Kanzlei hat um das Mandat {matter} eine Informationsbarriere errichtet. Lesen Sie den folgenden Hinweis; Ihre Bestätigung wird im Prüfprotokoll festgehalten, bevor sich das Mandat öffnet.</translation>
    </message>
    <message>
        <source>Wall memo</source>
        <translation>Hinweis zur Informationsbarriere</translation>
    </message>
    <message>
        <source>The administrator&apos;s memo about this wall</source>
        <translation>Der Hinweis des Administrators zu dieser Informationsbarriere</translation>
    </message>
    <message>
        <source>I acknowledge</source>
        <translation>Ich bestätige</translation>
    </message>
    <message>
        <source>Records that you read the memo, then opens the matter</source>
        <translation>Hält fest, dass Sie den Hinweis gelesen haben, und öffnet dann das Mandat</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Leaves the matter closed to you</source>
        <translation>Das Mandat bleibt für Sie gesperrt</translation>
    </message>
</context>
</TS>
