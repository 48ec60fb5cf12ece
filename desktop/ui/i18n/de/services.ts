<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AuditSentences</name>
    <message>
        <source>Cloister {version} started</source>
        <translation>Cloister {version} gestartet</translation>
    </message>
    <message>
        <source>Cloister closed</source>
        <translation>Cloister beendet</translation>
    </message>
    <message>
        <source>Cloister started again on this profile; its window came forward</source>
        <translation>Cloister erneut in diesem Profil gestartet; sein Fenster wurde in den Vordergrund geholt</translation>
    </message>
    <message>
        <source>Cloister unlocked</source>
        <translation>Cloister entsperrt</translation>
    </message>
    <message>
        <source>Unlocking Cloister failed</source>
        <translation>Entsperren von Cloister fehlgeschlagen</translation>
    </message>
    <message>
        <source>Cloister locked by the user</source>
        <translation>Cloister vom Benutzer gesperrt</translation>
    </message>
    <message>
        <source>Cloister locked itself after {minutes} minutes without use</source>
        <translation>Cloister hat sich nach {minutes} Minuten ohne Nutzung gesperrt</translation>
    </message>
    <message>
        <source>Administrator signed in</source>
        <translation>Administrator angemeldet</translation>
    </message>
    <message>
        <source>The encryption key&apos;s protection changed: {reason}</source>
        <translation>Schutz des Verschlüsselungsschlüssels geändert: {reason}</translation>
    </message>
    <message>
        <source>Model {model} imported, SHA-256 {sha256}</source>
        <translation>Modell {model} importiert, SHA-256 {sha256}</translation>
    </message>
    <message>
        <source>Model {model} downloaded, SHA-256 {sha256}</source>
        <translation>Modell {model} heruntergeladen, SHA-256 {sha256}</translation>
    </message>
    <message>
        <source>Model {model} checked, SHA-256 {sha256}</source>
        <translation>Modell {model} geprüft, SHA-256 {sha256}</translation>
    </message>
    <message>
        <source>Model {model} loaded, SHA-256 {sha256}</source>
        <translation>Modell {model} geladen, SHA-256 {sha256}</translation>
    </message>
    <message>
        <source>Model {model} unloaded</source>
        <translation>Modell {model} entladen</translation>
    </message>
    <message>
        <source>Model {model} deleted</source>
        <translation>Modell {model} gelöscht</translation>
    </message>
    <message>
        <source>New conversation started</source>
        <translation>Neue Unterhaltung begonnen</translation>
    </message>
    <message>
        <source>Conversation {conversation} opened</source>
        <translation>Unterhaltung {conversation} geöffnet</translation>
    </message>
    <message>
        <source>Conversation {conversation} renamed</source>
        <translation>Unterhaltung {conversation} umbenannt</translation>
    </message>
    <message>
        <source>Conversation {conversation} exported as {format}</source>
        <translation>Unterhaltung {conversation} als {format} exportiert</translation>
    </message>
    <message>
        <source>Conversation {conversation} archived or unarchived</source>
        <translation>Unterhaltung {conversation} archiviert oder aus dem Archiv geholt</translation>
    </message>
    <message>
        <source>Conversation {conversation} deleted</source>
        <translation>Unterhaltung {conversation} gelöscht</translation>
    </message>
    <message>
        <source>A message deleted from conversation {conversation}</source>
        <translation>Eine Nachricht aus Unterhaltung {conversation} gelöscht</translation>
    </message>
    <message>
        <source>Question asked in conversation {conversation} ({chars} characters)</source>
        <translation>Frage in Unterhaltung {conversation} gestellt ({chars} Zeichen)</translation>
    </message>
    <message>
        <source>Model {model} answered in conversation {conversation}</source>
        <translation>Modell {model} hat in Unterhaltung {conversation} geantwortet</translation>
    </message>
    <message>
        <source>Setting {setting} changed from {old} to {new}</source>
        <translation>Einstellung {setting} von {old} auf {new} geändert</translation>
    </message>
    <message>
        <source>Administrator policy read</source>
        <translation>Richtlinie des Administrators gelesen</translation>
    </message>
    <message>
        <source>Administrator policy changed</source>
        <translation>Richtlinie des Administrators geändert</translation>
    </message>
    <message>
        <source>Network access to {target} blocked</source>
        <translation>Netzwerkzugriff auf {target} blockiert</translation>
    </message>
    <message>
        <source>Network closed for the {target} process ({how})</source>
        <translation>Netzwerk für den Prozess {target} geschlossen ({how})</translation>
    </message>
    <message>
        <source>Audit log viewed</source>
        <translation>Prüfprotokoll eingesehen</translation>
    </message>
    <message>
        <source>Audit log exported to {target}</source>
        <translation>Prüfprotokoll nach {target} exportiert</translation>
    </message>
    <message>
        <source>Audit bundle in {target} verified</source>
        <translation>Protokollpaket in {target} geprüft</translation>
    </message>
    <message>
        <source>Audit records past the retention period removed</source>
        <translation>Protokolleinträge nach Ablauf der Aufbewahrungsfrist entfernt</translation>
    </message>
    <message>
        <source>Texts of deleted conversation {conversation} erased from the log</source>
        <translation>Texte der gelöschten Unterhaltung {conversation} aus dem Protokoll entfernt</translation>
    </message>
    <message>
        <source>Integrity problem found</source>
        <translation>Integritätsproblem festgestellt</translation>
    </message>
    <message>
        <source>Integrity alarms acknowledged</source>
        <translation>Integritätsalarme bestätigt</translation>
    </message>
    <message>
        <source>The witness folder {target} could not be written</source>
        <translation>In den Zeugenordner {target} konnte nicht geschrieben werden</translation>
    </message>
    <message>
        <source>Document {document} added to {collection}</source>
        <translation>Dokument {document} zu {collection} hinzugefügt</translation>
    </message>
    <message>
        <source>Document {document} read: {pages} pages, {chunks} passages</source>
        <translation>Dokument {document} gelesen: {pages} Seiten, {chunks} Abschnitte</translation>
    </message>
    <message>
        <source>Document {document} made searchable by meaning</source>
        <translation>Dokument {document} nach Bedeutung durchsuchbar gemacht</translation>
    </message>
    <message>
        <source>Document {document} removed</source>
        <translation>Dokument {document} entfernt</translation>
    </message>
    <message>
        <source>Document collection changed: {reason}</source>
        <translation>Dokumentsammlung geändert: {reason}</translation>
    </message>
    <message>
        <source>Store {target} started anew</source>
        <translation>Speicher {target} neu angelegt</translation>
    </message>
    <message>
        <source>Matter {matter} opened</source>
        <translation>Mandat {matter} angelegt</translation>
    </message>
    <message>
        <source>Matter {matter} changed: {change}</source>
        <translation>Mandat {matter} geändert: {change}</translation>
    </message>
    <message>
        <source>Moved {what} from matter {from_matter} to {matter}</source>
        <translation>{what} aus Mandat {from_matter} nach {matter} verschoben</translation>
    </message>
    <message>
        <source>Legal hold on matter {matter}: {change}</source>
        <translation>Aufbewahrungssperre für Mandat {matter}: {change}</translation>
    </message>
    <message>
        <source>Matter {matter}: {action}</source>
        <translation>Mandat {matter}: {action}</translation>
    </message>
    <message>
        <source>Matter {matter} exported to {target}</source>
        <translation>Mandat {matter} nach {target} exportiert</translation>
    </message>
    <message>
        <source>Ethical wall {wall} on matter {matter}: {change}</source>
        <translation>Informationsbarriere {wall} für Mandat {matter}: {change}</translation>
    </message>
    <message>
        <source>Memo of ethical wall {wall} on matter {matter} acknowledged</source>
        <translation>Hinweis der Informationsbarriere {wall} für Mandat {matter} bestätigt</translation>
    </message>
    <message>
        <source>Download of model {model} started</source>
        <translation>Download von Modell {model} gestartet</translation>
    </message>
    <message>
        <source>Download of model {model}</source>
        <translation>Download von Modell {model}</translation>
    </message>
    <message>
        <source>Conversation {conversation} archived</source>
        <translation>Unterhaltung {conversation} archiviert</translation>
    </message>
    <message>
        <source>Conversation {conversation} moved out of the archive</source>
        <translation>Unterhaltung {conversation} aus dem Archiv geholt</translation>
    </message>
    <message>
        <source>Conversation {conversation} renamed to “{title}”</source>
        <translation>Unterhaltung {conversation} umbenannt in „{title}“</translation>
    </message>
    <message>
        <source>Event {event_type}</source>
        <translation>Ereignis {event_type}</translation>
    </message>
    <message>
        <source>done</source>
        <translation>erledigt</translation>
    </message>
    <message>
        <source>failed</source>
        <translation>fehlgeschlagen</translation>
    </message>
    <message>
        <source>refused</source>
        <translation>abgewiesen</translation>
    </message>
    <message>
        <source>user</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>administrator</source>
        <translation>Administrator</translation>
    </message>
    <message>
        <source>system</source>
        <translation>System</translation>
    </message>
</context>
</TS>
