<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AddReport</name>
    <message>
        <source>Added {name}.</source>
        <translation>{name} hinzugefügt.</translation>
    </message>
    <message>
        <source>Added {count} files.</source>
        <translation>{count} Dateien hinzugefügt.</translation>
    </message>
    <message>
        <source>Already there: {names}.</source>
        <translation>Bereits vorhanden: {names}.</translation>
    </message>
    <message>
        <source>Not added: {files}.</source>
        <translation>Nicht hinzugefügt: {files}.</translation>
    </message>
    <message>
        <source>No files to add.</source>
        <translation>Keine Dateien zum Hinzufügen.</translation>
    </message>
</context>
<context>
    <name>AirGap</name>
    <message>
        <source>this process was not sealed</source>
        <translation>dieser Prozess wurde nicht abgeschottet</translation>
    </message>
    <message>
        <source>the network was not checked</source>
        <translation>das Netzwerk wurde nicht geprüft</translation>
    </message>
    <message>
        <source>{app} is set to run air-gapped, but Windows does not enforce it: {why}. Ask your administrator to reinstall {app} with the air-gapped option (/AIRGAPPED), which adds the firewall rules (installer/POLICY.md).</source>
        <translation>{app} soll im Offline-Modus laufen, aber Windows erzwingt ihn nicht: {why}. Bitten Sie Ihren Administrator, {app} mit der Offline-Option (/AIRGAPPED) neu zu installieren, die die Firewall-Regeln hinzufügt (installer/POLICY.md).</translation>
    </message>
    <message>
        <source>Cloister is in air-gapped mode: {target} cannot be loaded (Qt&apos;s own networking is out of the guard&apos;s reach)</source>
        <translation>Cloister ist im Offline-Modus: {target} kann nicht geladen werden (die eigenen Netzwerkfunktionen von Qt liegen außerhalb der Reichweite des Wächters)</translation>
    </message>
    <message>
        <source>Cloister is in air-gapped mode: network access is blocked ({operation} to {target})</source>
        <translation>Cloister ist im Offline-Modus: Netzwerkzugriffe sind blockiert ({operation} zu {target})</translation>
    </message>
</context>
<context>
    <name>AuditErrors</name>
    <message>
        <source>{folder} is not empty; export into a new folder.</source>
        <translation>{folder} ist nicht leer; exportieren Sie in einen neuen Ordner.</translation>
    </message>
    <message>
        <source>Could not write the export to {folder}: {reason}</source>
        <translation>Der Export nach {folder} konnte nicht geschrieben werden: {reason}</translation>
    </message>
    <message>
        <source>The export would overwrite its own {files}.</source>
        <translation>Der Export würde seine eigenen Dateien überschreiben: {files}.</translation>
    </message>
    <message>
        <source>Could not write the audit export to {folder}: {exc}</source>
        <translation>Der Audit-Export konnte nicht nach {folder} geschrieben werden: {exc}</translation>
    </message>
    <message>
        <source>Cannot read the witness key {path}: {reason}.</source>
        <translation>Der Zeugenschlüssel {path} kann nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
        <source>{path} is not a witness key (`cloister audit witness-keygen`).</source>
        <translation>{path} ist kein Zeugenschlüssel (`cloister audit witness-keygen`).</translation>
    </message>
    <message>
        <source>{path} already exists; a witness key is never replaced.</source>
        <translation>{path} existiert bereits; ein Zeugenschlüssel wird nie ersetzt.</translation>
    </message>
    <message>
        <source>Cannot create the witness key {path}: {reason}.</source>
        <translation>Der Zeugenschlüssel {path} kann nicht angelegt werden: {reason}.</translation>
    </message>
    <message>
        <source>Cannot read the witness state {path}: {reason}.</source>
        <translation>Der Zeugenstand {path} kann nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
        <source>The witness state {path} is damaged: restore it from a backup.</source>
        <translation>Der Zeugenstand {path} ist beschädigt: Stellen Sie ihn aus einer Sicherung wieder her.</translation>
    </message>
    <message>
        <source>The witness state {path} belongs to another witness key.</source>
        <translation>Der Zeugenstand {path} gehört zu einem anderen Zeugenschlüssel.</translation>
    </message>
    <message>
        <source>&apos;{log_id}&apos; is not a log id (the 16-character folder name).</source>
        <translation>„{log_id}“ ist keine Protokoll-ID (der 16-stellige Ordnername).</translation>
    </message>
    <message>
        <source>There is no witness folder at {root}.</source>
        <translation>Unter {root} gibt es keinen Zeugenordner.</translation>
    </message>
    <message>
        <source>Not done: its audit record would be over {limit} MiB, more than an audit bundle may hold in one line.</source>
        <translation>Nicht ausgeführt: Der Audit-Eintrag dazu wäre größer als {limit} MiB, mehr als ein Audit-Paket in einer Zeile aufnehmen darf.</translation>
    </message>
    <message>
        <source>Not done: the audit record for it could not be written ({exc}).</source>
        <translation>Nicht ausgeführt: Der Audit-Eintrag dazu konnte nicht geschrieben werden ({exc}).</translation>
    </message>
    <message>
        <source>Audit records must be kept at least one day.</source>
        <translation>Audit-Einträge müssen mindestens einen Tag aufbewahrt werden.</translation>
    </message>
    <message>
        <source>The audit marker {path} cannot be read ({reason})</source>
        <translation>Die Audit-Markierung {path} kann nicht gelesen werden ({reason})</translation>
    </message>
    <message>
        <source>The audit marker {path} is not valid</source>
        <translation>Die Audit-Markierung {path} ist ungültig</translation>
    </message>
    <message>
        <source>The audit marker {path} was altered or belongs to another data key</source>
        <translation>Die Audit-Markierung {path} wurde verändert oder gehört zu einem anderen Datenschlüssel</translation>
    </message>
    <message>
        <source>The audit log may have been tampered with: {problem} (detected {raised_at}) (and {more} more). This was recorded; an administrator must acknowledge it.</source>
        <translation>Das Audit-Protokoll wurde möglicherweise manipuliert: {problem} (erkannt {raised_at}) (und {more} weitere). Dies wurde protokolliert; ein Administrator muss es bestätigen.</translation>
    </message>
    <message>
        <source>The audit log may have been tampered with: {problem} (detected {raised_at}). This was recorded; an administrator must acknowledge it.</source>
        <translation>Das Audit-Protokoll wurde möglicherweise manipuliert: {problem} (erkannt {raised_at}). Dies wurde protokolliert; ein Administrator muss es bestätigen.</translation>
    </message>
    <message>
        <source>The audit witness folder {root} cannot be reached: this checkpoint is not witnessed (it will be covered by the next one).</source>
        <translation>Der Audit-Zeugenordner {root} ist nicht erreichbar: Dieser Prüfpunkt ist nicht bezeugt (der nächste deckt ihn mit ab).</translation>
    </message>
    <message>
        <source>The audit witness folder {root} cannot be written ({reason}): this checkpoint is not witnessed.</source>
        <translation>In den Audit-Zeugenordner {root} kann nicht geschrieben werden ({reason}): Dieser Prüfpunkt ist nicht bezeugt.</translation>
    </message>
</context>
<context>
    <name>AuditFields</name>
    <message>
        <source>seq</source>
        <translation>Nr.</translation>
    </message>
    <message>
        <source>timestamp</source>
        <translation>Zeitpunkt</translation>
    </message>
    <message>
        <source>event_type</source>
        <translation>Ereignisart</translation>
    </message>
    <message>
        <source>outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>reason</source>
        <translation>Grund</translation>
    </message>
    <message>
        <source>actor</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>role</source>
        <translation>Rolle</translation>
    </message>
    <message>
        <source>target</source>
        <translation>Ziel</translation>
    </message>
    <message>
        <source>details</source>
        <translation>Details</translation>
    </message>
    <message>
        <source>after</source>
        <translation>danach</translation>
    </message>
    <message>
        <source>air_gap</source>
        <translation>Air-Gap</translation>
    </message>
    <message>
        <source>alarms</source>
        <translation>Alarme</translation>
    </message>
    <message>
        <source>architecture</source>
        <translation>Architektur</translation>
    </message>
    <message>
        <source>archived</source>
        <translation>archiviert</translation>
    </message>
    <message>
        <source>attempted_at</source>
        <translation>versucht um</translation>
    </message>
    <message>
        <source>caller</source>
        <translation>Aufrufer</translation>
    </message>
    <message>
        <source>check</source>
        <translation>Prüfung</translation>
    </message>
    <message>
        <source>chunks</source>
        <translation>Abschnitte</translation>
    </message>
    <message>
        <source>collection</source>
        <translation>Sammlung</translation>
    </message>
    <message>
        <source>collection_id</source>
        <translation>Sammlungs-ID</translation>
    </message>
    <message>
        <source>embedder</source>
        <translation>Einbettungsmodell</translation>
    </message>
    <message>
        <source>enforcement</source>
        <translation>Durchsetzung</translation>
    </message>
    <message>
        <source>family</source>
        <translation>Familie</translation>
    </message>
    <message>
        <source>file</source>
        <translation>Datei</translation>
    </message>
    <message>
        <source>from_extra_files</source>
        <translation>aus Zusatzdateien</translation>
    </message>
    <message>
        <source>how</source>
        <translation>wie</translation>
    </message>
    <message>
        <source>key_fingerprint</source>
        <translation>Schlüssel-Fingerabdruck</translation>
    </message>
    <message>
        <source>matter_client</source>
        <translation>Mandant</translation>
    </message>
    <message>
        <source>matter_number</source>
        <translation>Aktenzeichen</translation>
    </message>
    <message>
        <source>message_id</source>
        <translation>Nachrichten-ID</translation>
    </message>
    <message>
        <source>minutes</source>
        <translation>Minuten</translation>
    </message>
    <message>
        <source>model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>new</source>
        <translation>neu</translation>
    </message>
    <message>
        <source>notes</source>
        <translation>Hinweise</translation>
    </message>
    <message>
        <source>old</source>
        <translation>alt</translation>
    </message>
    <message>
        <source>operation</source>
        <translation>Vorgang</translation>
    </message>
    <message>
        <source>pages</source>
        <translation>Seiten</translation>
    </message>
    <message>
        <source>pid</source>
        <translation>PID</translation>
    </message>
    <message>
        <source>policy_files</source>
        <translation>Richtliniendateien</translation>
    </message>
    <message>
        <source>problem</source>
        <translation>Problem</translation>
    </message>
    <message>
        <source>problems</source>
        <translation>Probleme</translation>
    </message>
    <message>
        <source>process</source>
        <translation>Prozess</translation>
    </message>
    <message>
        <source>prompt</source>
        <translation>Eingabe</translation>
    </message>
    <message>
        <source>records</source>
        <translation>Einträge</translation>
    </message>
    <message>
        <source>set_aside_as</source>
        <translation>abgelegt als</translation>
    </message>
    <message>
        <source>sha256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>stage</source>
        <translation>Phase</translation>
    </message>
    <message>
        <source>text</source>
        <translation>Text</translation>
    </message>
    <message>
        <source>thread</source>
        <translation>Thread</translation>
    </message>
    <message>
        <source>title</source>
        <translation>Titel</translation>
    </message>
    <message>
        <source>version</source>
        <translation>Version</translation>
    </message>
    <message>
        <source>via</source>
        <translation>über</translation>
    </message>
    <message>
        <source>worker_cage</source>
        <translation>Käfig des Modellprozesses</translation>
    </message>
    <message>
        <source>worker_caged</source>
        <translation>Modellprozess eingeschränkt</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>{parent}.{field}</source>
        <translation>{parent} › {field}</translation>
    </message>
    <message>
        <source>yes</source>
        <translation>ja</translation>
    </message>
    <message>
        <source>no</source>
        <translation>nein</translation>
    </message>
    <message>
        <source>{parent}[{index}]</source>
        <translation>{parent} [{index}]</translation>
    </message>
</context>
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
        <source>Request to firm server {server}, model {model}</source>
        <translation>Anfrage an den Kanzleiserver {server}, Modell {model}</translation>
    </message>
    <message>
        <source>Local API call {route}</source>
        <translation>Aufruf der lokalen API {route}</translation>
    </message>
    <message>
        <source>Local API access token {action}</source>
        <translation>Zugriffstoken der lokalen API: {action}</translation>
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
        <source>API key of firm server {server} stored</source>
        <translation>API-Schlüssel des Kanzleiservers {server} gespeichert</translation>
    </message>
    <message>
        <source>API key of firm server {server} removed</source>
        <translation>API-Schlüssel des Kanzleiservers {server} entfernt</translation>
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
<context>
    <name>AuditVerify</name>
    <message>
        <source>a device</source>
        <translation>ein Gerät</translation>
    </message>
    <message>
        <source>a symbolic link</source>
        <translation>eine symbolische Verknüpfung</translation>
    </message>
    <message>
        <source>a folder</source>
        <translation>ein Ordner</translation>
    </message>
    <message>
        <source>a named pipe (FIFO)</source>
        <translation>eine benannte Pipe (FIFO)</translation>
    </message>
    <message>
        <source>a socket</source>
        <translation>ein Socket</translation>
    </message>
    <message>
        <source>not a plain file</source>
        <translation>keine gewöhnliche Datei</translation>
    </message>
    <message>
        <source>is {kind}, not a regular file</source>
        <translation>ist {kind}, keine reguläre Datei</translation>
    </message>
    <message>
        <source>was replaced while it was being opened</source>
        <translation>wurde beim Öffnen ersetzt</translation>
    </message>
    <message>
        <source>cannot be read ({reason})</source>
        <translation>kann nicht gelesen werden ({reason})</translation>
    </message>
    <message>
        <source>is {size} bytes, far more than a bundle&apos;s {file} can be</source>
        <translation>ist {size} Byte groß, weit mehr, als {file} in einem Protokollpaket sein kann</translation>
    </message>
    <message>
        <source>grew past {limit} bytes while it was read</source>
        <translation>ist beim Lesen über {limit} Byte gewachsen</translation>
    </message>
    <message>
        <source>listed in the manifest but missing</source>
        <translation>im Manifest aufgeführt, aber nicht vorhanden</translation>
    </message>
    <message>
        <source>its SHA-256 differs from the manifest</source>
        <translation>die SHA-256 weicht vom Manifest ab</translation>
    </message>
    <message>
        <source>the bundle folder cannot be listed ({reason})</source>
        <translation>der Inhalt des Paketordners kann nicht aufgelistet werden ({reason})</translation>
    </message>
    <message>
        <source>not listed in the manifest (added to the bundle)</source>
        <translation>nicht im Manifest aufgeführt (dem Paket hinzugefügt)</translation>
    </message>
    <message>
        <source>and {count} more files the manifest does not list</source>
        <translation>und {count} weitere Dateien, die das Manifest nicht aufführt</translation>
    </message>
    <message>
        <source>{where}: {problem}</source>
        <translation>{where}: {problem}</translation>
    </message>
    <message>
        <source>is {size} bytes, the manifest says {listed} (altered)</source>
        <translation>ist {size} Byte groß, laut Manifest {listed} (verändert)</translation>
    </message>
    <message>
        <source>it names a different signing key</source>
        <translation>nennt einen anderen Signaturschlüssel</translation>
    </message>
    <message>
        <source>its signature is not base64</source>
        <translation>die Signatur ist nicht Base64-kodiert</translation>
    </message>
    <message>
        <source>its signature does not match its content</source>
        <translation>die Signatur passt nicht zum Inhalt</translation>
    </message>
    <message>
        <source>record seq {seq} (line {line}): {problem}</source>
        <translation>Eintrag Nr. {seq} (Zeile {line}): {problem}</translation>
    </message>
    <message>
        <source>public key: not a usable Ed25519 key ({reason})</source>
        <translation>öffentlicher Schlüssel: kein verwendbarer Ed25519-Schlüssel ({reason})</translation>
    </message>
    <message>
        <source>not a base64 signature (one line)</source>
        <translation>keine Base64-Signatur (eine Zeile)</translation>
    </message>
    <message>
        <source>its signature does not match (altered, or another key)</source>
        <translation>die Signatur passt nicht (verändert oder ein anderer Schlüssel)</translation>
    </message>
    <message>
        <source>not a Cloister audit manifest ({count} errors)</source>
        <translation>kein Cloister-Prüfmanifest ({count} Fehler)</translation>
    </message>
    <message>
        <source>does not list {files}</source>
        <translation>führt {files} nicht auf</translation>
    </message>
    <message>
        <source>not a checkpoint</source>
        <translation>kein Prüfpunkt</translation>
    </message>
    <message>
        <source>does not match the manifest&apos;s tree size and root</source>
        <translation>passt nicht zu Baumgröße und Wurzel im Manifest</translation>
    </message>
    <message>
        <source>record on line {line}: longer than {limit} bytes, more than Cloister writes (not read)</source>
        <translation>Eintrag in Zeile {line}: länger als {limit} Byte, mehr als Cloister schreibt (nicht gelesen)</translation>
    </message>
    <message>
        <source>record on line {line}: not a valid record</source>
        <translation>Eintrag in Zeile {line}: kein gültiger Eintrag</translation>
    </message>
    <message>
        <source>its content does not match its entry_hash (edited)</source>
        <translation>der Inhalt passt nicht zu seinem entry_hash (bearbeitet)</translation>
    </message>
    <message>
        <source>expected seq {seq} (a record was deleted or reordered)</source>
        <translation>erwartet wurde Nr. {seq} (ein Eintrag wurde gelöscht oder umgestellt)</translation>
    </message>
    <message>
        <source>prev_hash does not link to the record before it</source>
        <translation>prev_hash verweist nicht auf den vorigen Eintrag</translation>
    </message>
    <message>
        <source>out of order</source>
        <translation>in falscher Reihenfolge</translation>
    </message>
    <message>
        <source>not in the signed log (inclusion proof fails)</source>
        <translation>nicht im signierten Protokoll (Einschlussnachweis schlägt fehl)</translation>
    </message>
    <message>
        <source>holds {records} records, the manifest says {listed} (records deleted or added)</source>
        <translation>enthält {records} Einträge, laut Manifest {listed} (Einträge gelöscht oder hinzugefügt)</translation>
    </message>
    <message>
        <source>ends after {records} records (purged ones included) but the signed checkpoint covers {signed} (cut off)</source>
        <translation>endet nach {records} Einträgen (gelöschte mitgezählt), der signierte Prüfpunkt umfasst aber {signed} (abgeschnitten)</translation>
    </message>
    <message>
        <source>the Merkle root differs from the signed checkpoint</source>
        <translation>die Merkle-Wurzel weicht vom signierten Prüfpunkt ab</translation>
    </message>
    <message>
        <source>the last record is not the one the checkpoint signed</source>
        <translation>der letzte Eintrag ist nicht der, den der Prüfpunkt signiert hat</translation>
    </message>
    <message>
        <source>not a list of entry hashes</source>
        <translation>keine Liste von Eintrags-Hashes</translation>
    </message>
    <message>
        <source>does not hold the {count} hashes it should</source>
        <translation>enthält nicht die {count} Hashes, die es sein sollten</translation>
    </message>
    <message>
        <source>{file} line {line}</source>
        <translation>{file} Zeile {line}</translation>
    </message>
    <message>
        <source>not a checkpoint with a proof</source>
        <translation>kein Prüfpunkt mit Nachweis</translation>
    </message>
    <message>
        <source>the log of {records} records signed at {at} is not a prefix of this one (rewritten or cut off since)</source>
        <translation>das am {at} signierte Protokoll mit {records} Einträgen ist kein Anfangsstück dieses Protokolls (seitdem umgeschrieben oder abgeschnitten)</translation>
    </message>
    <message>
        <source>{where}: not a document of the matter</source>
        <translation>{where}: kein Dokument des Mandats</translation>
    </message>
    <message>
        <source>{where}: names an original the manifest does not list</source>
        <translation>{where}: nennt ein Original, das das Manifest nicht aufführt</translation>
    </message>
    <message>
        <source>{name}: is not the document {where} names (its SHA-256 differs)</source>
        <translation>{name}: ist nicht das Dokument, das {where} nennt (sein SHA-256 weicht ab)</translation>
    </message>
    <message>
        <source>{file}: names {originals} originals, the manifest says {listed}</source>
        <translation>{file}: nennt {originals} Originale, das Manifest gibt {listed} an</translation>
    </message>
</context>
<context>
    <name>CatalogLicences</name>
    <message>
        <source>Google&apos;s Gemma Terms of Use and Prohibited Use Policy: commercial use allowed, with use restrictions that pass on to anyone you share it with.</source>
        <translation>Googles Gemma-Nutzungsbedingungen und Richtlinie zu verbotener Nutzung: kommerzielle Nutzung erlaubt, mit Nutzungsbeschränkungen, die für jeden gelten, an den Sie das Modell weitergeben.</translation>
    </message>
    <message>
        <source>Meta&apos;s Llama 3.1 Community License: commercial use allowed under 700 million monthly users, with an acceptable use policy and &quot;Built with Llama&quot; attribution.</source>
        <translation>Metas Llama 3.1 Community License: kommerzielle Nutzung bis 700 Millionen monatliche Nutzer erlaubt, mit einer Richtlinie zur zulässigen Nutzung und dem Hinweis „Built with Llama“.</translation>
    </message>
</context>
<context>
    <name>ChatTemplate</name>
    <message>
        <source>the model has no chat template</source>
        <translation>das Modell hat keine Chat-Vorlage</translation>
    </message>
    <message>
        <source>the model&apos;s chat template is not valid Jinja</source>
        <translation>die Chat-Vorlage des Modells ist kein gültiges Jinja</translation>
    </message>
    <message>
        <source>the model&apos;s own chat template</source>
        <translation>die eigene Chat-Vorlage des Modells</translation>
    </message>
    <message>
        <source>the {name} template ({reason})</source>
        <translation>die Vorlage {name} ({reason})</translation>
    </message>
    <message>
        <source>the model&apos;s chat template failed: {problem}</source>
        <translation>die Chat-Vorlage des Modells ist fehlgeschlagen: {problem}</translation>
    </message>
    <message>
        <source>The conversation cannot be formatted for this model: {problem}.</source>
        <translation>Die Unterhaltung kann für dieses Modell nicht aufbereitet werden: {problem}.</translation>
    </message>
</context>
<context>
    <name>CoreErrors</name>
    <message>
        <source>write the public key to</source>
        <translation>Öffentlichen Schlüssel schreiben nach</translation>
    </message>
    <message>
        <source>save the witness state to</source>
        <translation>Zeugenstand speichern in</translation>
    </message>
    <message>
        <source>save the audit marker to</source>
        <translation>Audit-Markierung speichern in</translation>
    </message>
    <message>
        <source>export to</source>
        <translation>Exportieren nach</translation>
    </message>
    <message>
        <source>Could not {action} {path}: {reason}</source>
        <translation>Fehlgeschlagen: {action} {path}: {reason}</translation>
    </message>
    <message>
        <source>A passphrase needs at least {count} characters.</source>
        <translation>Eine Passphrase braucht mindestens {count} Zeichen.</translation>
    </message>
    <message>
        <source>save your settings to</source>
        <translation>Ihre Einstellungen speichern in</translation>
    </message>
    <message>
        <source>keep the wrong tries in</source>
        <translation>Fehlversuche festhalten in</translation>
    </message>
    <message>
        <source>save the store record to</source>
        <translation>Speicherverzeichnis sichern in</translation>
    </message>
</context>
<context>
    <name>DocumentErrors</name>
    <message>
        <source>it is {size:,.0f} MB; Cloister reads files up to {limit} MB. Split it (for a PDF: print ranges of pages to PDF) and add the parts</source>
        <translation>sie ist {size:,.0f} MB groß; Cloister liest Dateien bis {limit} MB. Teilen Sie sie auf (bei einer PDF: Seitenbereiche als PDF drucken) und fügen Sie die Teile hinzu</translation>
    </message>
    <message>
        <source>it could not be read ({reason})</source>
        <translation>sie konnte nicht gelesen werden ({reason})</translation>
    </message>
    <message>
        <source>{name} is {kind}, which Cloister cannot read. Supported: {supported}.</source>
        <translation>{name} ist {kind}, das kann Cloister nicht lesen. Unterstützt: {supported}.</translation>
    </message>
    <message>
        <source>{name} could not be read: it is too large or too deeply nested.</source>
        <translation>{name} konnte nicht gelesen werden: Die Datei ist zu groß oder zu tief verschachtelt.</translation>
    </message>
    <message>
        <source>{name} could not be read: it appears to be damaged.</source>
        <translation>{name} konnte nicht gelesen werden: Die Datei scheint beschädigt zu sein.</translation>
    </message>
    <message>
        <source>{name} could not be read: it is damaged or not a complete Word document.</source>
        <translation>{name} konnte nicht gelesen werden: Die Datei ist beschädigt oder kein vollständiges Word-Dokument.</translation>
    </message>
    <message>
        <source>{name} is not a Word document: it has no document text inside.</source>
        <translation>{name} ist kein Word-Dokument: Es enthält keinen Dokumenttext.</translation>
    </message>
    <message>
        <source>{name} was refused: it would expand to {size} MB when opened, which is how malicious files (zip bombs) look. Save it again from Word, or split it.</source>
        <translation>{name} wurde abgelehnt: Die Datei würde beim Öffnen auf {size} MB anwachsen, wie es schädliche Dateien (Zip-Bomben) tun. Speichern Sie sie in Word neu oder teilen Sie sie auf.</translation>
    </message>
    <message>
        <source>{name} could not be read: the e-mail in it is damaged.</source>
        <translation>{name} konnte nicht gelesen werden: Die E-Mail darin ist beschädigt.</translation>
    </message>
    <message>
        <source>{name} could not be read: the HTML in it is damaged.</source>
        <translation>{name} konnte nicht gelesen werden: Das HTML darin ist beschädigt.</translation>
    </message>
    <message>
        <source>{name} is not an Outlook message.</source>
        <translation>{name} ist keine Outlook-Nachricht.</translation>
    </message>
    <message>
        <source>{name} could not be read: it is damaged or not an Outlook message.</source>
        <translation>{name} konnte nicht gelesen werden: Die Datei ist beschädigt oder keine Outlook-Nachricht.</translation>
    </message>
    <message>
        <source>{name} is empty.</source>
        <translation>{name} ist leer.</translation>
    </message>
    <message>
        <source>The password for {name} is not right.</source>
        <translation>Das Passwort für {name} ist nicht richtig.</translation>
    </message>
    <message>
        <source>{name} is protected by a password.</source>
        <translation>{name} ist durch ein Passwort geschützt.</translation>
    </message>
    <message>
        <source>The PDF has no page {number}; it has {pages}.</source>
        <translation>Die PDF hat keine Seite {number}; sie hat {pages}.</translation>
    </message>
    <message>
        <source>{name} could not be read: it is damaged or not a complete PDF file.</source>
        <translation>{name} konnte nicht gelesen werden: Die Datei ist beschädigt oder keine vollständige PDF-Datei.</translation>
    </message>
    <message>
        <source>{name} could not be read: it is not an RTF document.</source>
        <translation>{name} konnte nicht gelesen werden: Es ist kein RTF-Dokument.</translation>
    </message>
    <message>
        <source>{name} could not be read: the RTF in it is damaged.</source>
        <translation>{name} konnte nicht gelesen werden: Das RTF darin ist beschädigt.</translation>
    </message>
    <message>
        <source>{name} does not contain readable text: it looks like a binary file, not a text document.</source>
        <translation>{name} enthält keinen lesbaren Text: Es sieht nach einer Binärdatei aus, nicht nach einem Textdokument.</translation>
    </message>
    <message>
        <source>Indexing stopped: {problem}</source>
        <translation>Indizierung angehalten: {problem}</translation>
    </message>
    <message>
        <source>Indexing stopped after an unexpected error; restart Cloister.</source>
        <translation>Die Indizierung wurde nach einem unerwarteten Fehler angehalten; starten Sie Cloister neu.</translation>
    </message>
    <message>
        <source>A conversation&apos;s own files move with the conversation: move the conversation instead.</source>
        <translation>Die eigenen Dateien einer Unterhaltung ziehen mit ihr um: Verschieben Sie stattdessen die Unterhaltung.</translation>
    </message>
    <message>
        <source>Choose a collection or a conversation to add the files to.</source>
        <translation>Wählen Sie eine Sammlung oder eine Unterhaltung, der die Dateien hinzugefügt werden sollen.</translation>
    </message>
    <message>
        <source>{name} is not on this computer: import its file ({file}) on the Models page first.</source>
        <translation>{name} ist nicht auf diesem Computer: Importieren Sie zuerst die Datei ({file}) auf der Seite „Modelle“.</translation>
    </message>
    <message>
        <source>{name} has no page {page}.</source>
        <translation>{name} hat keine Seite {page}.</translation>
    </message>
    <message>
        <source>{name}: {reason}</source>
        <translation>{name}: {reason}</translation>
    </message>
    <message>
        <source>it is no longer there</source>
        <translation>die Datei ist nicht mehr vorhanden</translation>
    </message>
    <message>
        <source>Cloister cannot read {kind} files</source>
        <translation>Cloister kann keine {kind}-Dateien lesen</translation>
    </message>
    <message>
        <source>Cloister cannot read this type of files</source>
        <translation>Cloister kann Dateien dieser Art nicht lesen</translation>
    </message>
    <message>
        <source>Reading {name} was cancelled.</source>
        <translation>Das Lesen von {name} wurde abgebrochen.</translation>
    </message>
    <message>
        <source>{name} could not be read: the reader stopped ({how}).</source>
        <translation>{name} konnte nicht gelesen werden: Das Leseprogramm wurde beendet ({how}).</translation>
    </message>
    <message>
        <source>{name} is too large to read: {note}</source>
        <translation>{name} ist zu groß zum Lesen: {note}</translation>
    </message>
    <message>
        <source>{name} could not be read ({why}).</source>
        <translation>{name} konnte nicht gelesen werden ({why}).</translation>
    </message>
    <message>
        <source>it needs more memory than the document reader may use.</source>
        <translation>Die Datei braucht mehr Speicher, als das Leseprogramm verwenden darf.</translation>
    </message>
    <message>
        <source>The document store is busy; try again in a moment.</source>
        <translation>Der Dokumentspeicher ist beschäftigt; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>This conversation&apos;s files belong to another matter.</source>
        <translation>Die Dateien dieser Unterhaltung gehören zu einem anderen Mandat.</translation>
    </message>
    <message>
        <source>A collection named “{name}” already exists.</source>
        <translation>Eine Sammlung namens „{name}“ gibt es bereits.</translation>
    </message>
    <message>
        <source>This collection is no longer in Cloister.</source>
        <translation>Diese Sammlung ist nicht mehr in Cloister.</translation>
    </message>
    <message>
        <source>The other matter already has a collection named “{name}”: rename one of them first.</source>
        <translation>Das andere Mandat hat bereits eine Sammlung namens „{name}“: Benennen Sie zuerst eine der beiden um.</translation>
    </message>
    <message>
        <source>This document is no longer in Cloister (it was removed).</source>
        <translation>Dieses Dokument ist nicht mehr in Cloister (es wurde entfernt).</translation>
    </message>
    <message>
        <source>Page {number} of this document is not in Cloister.</source>
        <translation>Seite {number} dieses Dokuments ist nicht in Cloister.</translation>
    </message>
    <message>
        <source>This passage is no longer in Cloister (its document was removed).</source>
        <translation>Diese Textstelle ist nicht mehr in Cloister (ihr Dokument wurde entfernt).</translation>
    </message>
    <message>
        <source>Vectors cannot be saved: {reason}.</source>
        <translation>Vektoren können nicht gespeichert werden: {reason}.</translation>
    </message>
    <message>
        <source>Could not save to the document store: {exc}. Nothing was changed.</source>
        <translation>Speichern im Dokumentspeicher fehlgeschlagen: {exc}. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>A collection needs a name.</source>
        <translation>Eine Sammlung braucht einen Namen.</translation>
    </message>
    <message>
        <source>Documents cannot be removed or re-read right now: {reason}. Nothing was changed.</source>
        <translation>Dokumente können gerade nicht entfernt oder neu gelesen werden: {reason}. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>There is no embedding model {embedder_id!r} in the catalog.</source>
        <translation>Im Katalog gibt es kein Einbettungsmodell {embedder_id!r}.</translation>
    </message>
    <message>
        <source>The matter {key} is closed: its documents can be read, not changed or added to.</source>
        <translation>Das Mandat {key} ist abgeschlossen: Seine Dokumente können gelesen, aber nicht geändert oder ergänzt werden.</translation>
    </message>
    <message>
        <source>The matter {key} is on legal hold: nothing of it can be deleted until the hold is lifted.</source>
        <translation>Für das Mandat {key} besteht eine Aufbewahrungssperre: Nichts davon kann gelöscht werden, bis sie aufgehoben ist.</translation>
    </message>
</context>
<context>
    <name>DocumentKinds</name>
    <message>
        <source>an older Word document (.doc); save it as .docx in Word to add it</source>
        <translation>ein älteres Word-Dokument (.doc); speichern Sie es in Word als .docx, um es hinzuzufügen</translation>
    </message>
    <message>
        <source>an older Excel spreadsheet (.xls)</source>
        <translation>eine ältere Excel-Tabelle (.xls)</translation>
    </message>
    <message>
        <source>an Excel spreadsheet</source>
        <translation>eine Excel-Tabelle</translation>
    </message>
    <message>
        <source>a spreadsheet (.csv)</source>
        <translation>eine Tabelle (.csv)</translation>
    </message>
    <message>
        <source>an older PowerPoint presentation (.ppt)</source>
        <translation>eine ältere PowerPoint-Präsentation (.ppt)</translation>
    </message>
    <message>
        <source>a PowerPoint presentation</source>
        <translation>eine PowerPoint-Präsentation</translation>
    </message>
    <message>
        <source>an OpenDocument text file; save it as .docx to add it</source>
        <translation>ein OpenDocument-Textdokument; speichern Sie es als .docx, um es hinzuzufügen</translation>
    </message>
    <message>
        <source>an Apple Pages document</source>
        <translation>ein Apple-Pages-Dokument</translation>
    </message>
    <message>
        <source>a ZIP archive; unpack it and add the documents in it</source>
        <translation>ein ZIP-Archiv; entpacken Sie es und fügen Sie die Dokumente darin hinzu</translation>
    </message>
    <message>
        <source>a program</source>
        <translation>ein Programm</translation>
    </message>
    <message>
        <source>an audio file</source>
        <translation>eine Audiodatei</translation>
    </message>
    <message>
        <source>a video</source>
        <translation>ein Video</translation>
    </message>
    <message>
        <source>an image (pictures are not read)</source>
        <translation>ein Bild (Bilder werden nicht gelesen)</translation>
    </message>
    <message>
        <source>an OpenDocument file; save it as .docx to add it</source>
        <translation>eine OpenDocument-Datei; speichern Sie sie als .docx, um sie hinzuzufügen</translation>
    </message>
    <message>
        <source>an older Microsoft Office file</source>
        <translation>eine ältere Microsoft-Office-Datei</translation>
    </message>
    <message>
        <source>a {suffix} file</source>
        <translation>eine {suffix}-Datei</translation>
    </message>
    <message>
        <source>a file of a type Cloister does not know</source>
        <translation>eine Datei eines Typs, den Cloister nicht kennt</translation>
    </message>
</context>
<context>
    <name>DocumentNotes</name>
    <message>
        <source>This page is a scan read by OCR: the passage is marked in the text it read.</source>
        <translation>Diese Seite ist ein per Texterkennung gelesener Scan: Die Stelle ist im erkannten Text markiert.</translation>
    </message>
    <message>
        <source>Skipped: it is protected with a password. Choose Re-index to try again.</source>
        <translation>Übersprungen: Die Datei ist mit einem Passwort geschützt. Wählen Sie „Neu einlesen“, um es erneut zu versuchen.</translation>
    </message>
    <message>
        <source>The page could not be drawn (is the PDF protected?): here is its text.</source>
        <translation>Die Seite konnte nicht dargestellt werden (ist das PDF geschützt?): Hier ist ihr Text.</translation>
    </message>
</context>
<context>
    <name>EngineErrors</name>
    <message>
        <source>the model process stopped responding</source>
        <translation>der Modellprozess reagiert nicht mehr</translation>
    </message>
    <message>
        <source>the model process crashed ({signal})</source>
        <translation>der Modellprozess ist abgestürzt ({signal})</translation>
    </message>
    <message>
        <source>the model process exited with code {code}</source>
        <translation>der Modellprozess wurde mit Code {code} beendet</translation>
    </message>
    <message>
        <source>Cloister&apos;s engine is incomplete: no libggml in {folder}.</source>
        <translation>Die Engine von Cloister ist unvollständig: keine libggml in {folder}.</translation>
    </message>
    <message>
        <source>Cloister&apos;s engine is incomplete: llama.cpp found no code for this processor in {folder}. Reinstall Cloister.</source>
        <translation>Die Engine von Cloister ist unvollständig: llama.cpp hat in {folder} keinen Code für diesen Prozessor gefunden. Installieren Sie Cloister neu.</translation>
    </message>
    <message>
        <source>The embedding model failed: {problem}</source>
        <translation>Das Einbettungsmodell ist fehlgeschlagen: {problem}</translation>
    </message>
    <message>
        <source>The embedding model {name} could not be loaded: it is damaged or is not an embedding model llama.cpp knows.</source>
        <translation>Das Einbettungsmodell {name} konnte nicht geladen werden: Es ist beschädigt oder kein Einbettungsmodell, das llama.cpp kennt.</translation>
    </message>
    <message>
        <source>{name} is not on your administrator&apos;s list of allowed models (its SHA-256 is {sha256}).</source>
        <translation>{name} steht nicht auf der Liste erlaubter Modelle Ihres Administrators (die SHA-256 lautet {sha256}).</translation>
    </message>
    <message>
        <source>No model is loaded.</source>
        <translation>Es ist kein Modell geladen.</translation>
    </message>
    <message>
        <source>Cannot format the prompt: {problem}</source>
        <translation>Die Eingabe für das Modell kann nicht aufbereitet werden: {problem}</translation>
    </message>
    <message>
        <source>Using {template}.</source>
        <translation>Verwendet wird {template}.</translation>
    </message>
    <message>
        <source>The model failed: {problem}</source>
        <translation>Das Modell ist fehlgeschlagen: {problem}</translation>
    </message>
    <message>
        <source>{name} could not be loaded: {problem}.</source>
        <translation>{name} konnte nicht geladen werden: {problem}.</translation>
    </message>
</context>
<context>
    <name>EngineNotes</name>
    <message>
        <source>The {backend} engine could not start on this computer (no graphics driver for it); models run on the processor.</source>
        <translation>Die {backend}-Engine konnte auf diesem Computer nicht starten (kein passender Grafiktreiber); Modelle laufen auf dem Prozessor.</translation>
    </message>
    <message>
        <source>{backend} could not load the model ({problem}); it runs on the processor.</source>
        <translation>{backend} konnte das Modell nicht laden ({problem}); es läuft auf dem Prozessor.</translation>
    </message>
    <message>
        <source>The graphics card is turned off in Settings.</source>
        <translation>Die Grafikkarte ist in den Einstellungen ausgeschaltet.</translation>
    </message>
    <message>
        <source>{name}&apos;s layers are not laid out as llama.cpp offloads them.</source>
        <translation>Die Schichten von {name} sind nicht so aufgebaut, wie llama.cpp sie auf die Grafikkarte auslagert.</translation>
    </message>
    <message>
        <source>Not enough free memory on {device} ({free:.1f} GB free) for even one layer.</source>
        <translation>Nicht genug freier Speicher auf {device} ({free:.1f} GB frei) für auch nur eine Schicht.</translation>
    </message>
    <message>
        <source>{device} has room for {count} of {total} layers ({free:.1f} GB free); the rest run on the processor.</source>
        <translation>{device} hat Platz für {count} von {total} Schichten ({free:.1f} GB frei); der Rest läuft auf dem Prozessor.</translation>
    </message>
</context>
<context>
    <name>KeyErrors</name>
    <message>
        <source>The system keychain ({keychain}) keeps the key: nothing to type at start.</source>
        <translation>Der Schlüsselbund des Systems ({keychain}) verwahrt den Schlüssel: Beim Start müssen Sie nichts eingeben.</translation>
    </message>
    <message>
        <source>This computer has no secure keychain Cloister can use ({keychain}), so your conversations are locked with a passphrase you type at each start.</source>
        <translation>Dieser Computer hat keinen sicheren Schlüsselbund, den Cloister nutzen kann ({keychain}); daher werden Ihre Unterhaltungen mit einer Passphrase geschützt, die Sie bei jedem Start eingeben.</translation>
    </message>
    <message>
        <source>The system keychain would not give Cloister&apos;s key: {exc}</source>
        <translation>Der Schlüsselbund des Systems hat den Schlüssel von Cloister nicht herausgegeben: {exc}</translation>
    </message>
    <message>
        <source>The system keychain would not store Cloister&apos;s key: {exc}</source>
        <translation>Der Schlüsselbund des Systems hat den Schlüssel von Cloister nicht gespeichert: {exc}</translation>
    </message>
    <message>
        <source>The system keychain would not remove Cloister&apos;s key: {exc}</source>
        <translation>Der Schlüsselbund des Systems hat den Schlüssel von Cloister nicht entfernt: {exc}</translation>
    </message>
    <message>
        <source>The conversations are there but their key file {path} is missing. Restore it from a backup; Cloister will not replace it with a new key.</source>
        <translation>Die Unterhaltungen sind vorhanden, aber ihre Schlüsseldatei {path} fehlt. Stellen Sie sie aus einer Sicherung wieder her; Cloister ersetzt sie nicht durch einen neuen Schlüssel.</translation>
    </message>
    <message>
        <source>{problem}. Your conversations are locked with a passphrase you type at each start.</source>
        <translation>{problem}. Ihre Unterhaltungen werden mit einer Passphrase geschützt, die Sie bei jedem Start eingeben.</translation>
    </message>
    <message>
        <source>That passphrase is not right. Nothing was changed; try again.</source>
        <translation>Diese Passphrase ist nicht richtig. Nichts wurde geändert; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>That recovery key is not right. Nothing was changed; try again.</source>
        <translation>Dieser Wiederherstellungsschlüssel ist nicht richtig. Nichts wurde geändert; versuchen Sie es erneut.</translation>
    </message>
    <message>
        <source>{problem} The next try waits {delay:.0f} s.</source>
        <translation>{problem} Der nächste Versuch wartet {delay:.0f} s.</translation>
    </message>
    <message>
        <source>Cloister&apos;s key file {path} cannot be read ({error}). Restore it from a backup; without it the conversations cannot be opened.</source>
        <translation>Die Schlüsseldatei von Cloister {path} kann nicht gelesen werden ({error}). Stellen Sie sie aus einer Sicherung wieder her; ohne sie lassen sich die Unterhaltungen nicht öffnen.</translation>
    </message>
    <message>
        <source>Cloister&apos;s key file {path} is damaged or was not written by Cloister, so the conversations cannot be opened. Nothing was changed. Restore the file from a backup. (Details: {detail}.)</source>
        <translation>Die Schlüsseldatei von Cloister {path} ist beschädigt oder stammt nicht von Cloister, daher lassen sich die Unterhaltungen nicht öffnen. Nichts wurde geändert. Stellen Sie die Datei aus einer Sicherung wieder her. (Details: {detail}.)</translation>
    </message>
    <message>
        <source>A key already exists at {path}; it is never replaced.</source>
        <translation>Unter {path} gibt es bereits einen Schlüssel; er wird nie ersetzt.</translation>
    </message>
    <message>
        <source>This system has no secure keychain: choose a passphrase.</source>
        <translation>Dieses System hat keinen sicheren Schlüsselbund: Wählen Sie eine Passphrase.</translation>
    </message>
    <message>
        <source>The system keychain no longer holds the key to these conversations. Unlock them with your recovery key.</source>
        <translation>Der Schlüsselbund des Systems enthält den Schlüssel zu diesen Unterhaltungen nicht mehr. Entsperren Sie sie mit Ihrem Wiederherstellungsschlüssel.</translation>
    </message>
    <message>
        <source>These conversations are not protected by a passphrase.</source>
        <translation>Diese Unterhaltungen sind nicht mit einer Passphrase geschützt.</translation>
    </message>
    <message>
        <source>That key does not belong to these conversations.</source>
        <translation>Dieser Schlüssel gehört nicht zu diesen Unterhaltungen.</translation>
    </message>
    <message>
        <source>Cannot save Cloister&apos;s key file {path}: {exc}</source>
        <translation>Die Schlüsseldatei von Cloister {path} kann nicht gespeichert werden: {exc}</translation>
    </message>
    <message>
        <source>That is not the right passphrase or recovery key.</source>
        <translation>Das ist nicht die richtige Passphrase und nicht der richtige Wiederherstellungsschlüssel.</translation>
    </message>
</context>
<context>
    <name>MatterErrors</name>
    <message>
        <source>The stored original of “{name}” no longer matches its SHA-256; run `cloister store check`. The export stopped; its folder is incomplete.</source>
        <translation>Das gespeicherte Original von „{name}“ stimmt nicht mehr mit seinem SHA-256 überein; führen Sie `cloister store check` aus. Der Export wurde abgebrochen; sein Ordner ist unvollständig.</translation>
    </message>
    <message>
        <source>&apos;{text}&apos; names more than one matter ({count}); ask your administrator to tell them apart.</source>
        <translation>„{text}“ bezeichnet mehr als ein Mandat ({count}); bitten Sie Ihren Administrator, sie unterscheidbar zu machen.</translation>
    </message>
    <message>
        <source>There is no matter &apos;{text}&apos;. Name it as CLIENT/NUMBER; the matters are: {known}.</source>
        <translation>Es gibt kein Mandat „{text}“. Geben Sie es als MANDANT/NUMMER an; vorhandene Mandate: {known}.</translation>
    </message>
    <message>
        <source>{name} &apos;{text}&apos; is not a day; write it as 2026-03-01.</source>
        <translation>{name} „{text}“ ist kein Datum; schreiben Sie es als 2026-03-01.</translation>
    </message>
    <message>
        <source>The period ends ({last}) before it begins ({first}).</source>
        <translation>Der Zeitraum endet ({last}), bevor er beginnt ({first}).</translation>
    </message>
    <message>
        <source>A PDF cannot be made here; save the report as CSV.</source>
        <translation>Hier kann kein PDF erstellt werden; speichern Sie den Bericht als CSV.</translation>
    </message>
</context>
<context>
    <name>MatterWalls</name>
    <message>
        <source>The ethical wall {wall} screens the account {account} from matter {matter}.</source>
        <translation>Die Informationsbarriere {wall} schließt das Konto {account} vom Mandat {matter} aus.</translation>
    </message>
    <message>
        <source>Only the accounts that the ethical wall {wall} lists may use matter {matter}, and {account} is not one of them.</source>
        <translation>Nur die Konten, die die Informationsbarriere {wall} aufführt, dürfen das Mandat {matter} nutzen, und {account} gehört nicht dazu.</translation>
    </message>
    <message>
        <source>Matter {matter} is behind the ethical wall {wall}: read and acknowledge its memo first.</source>
        <translation>Das Mandat {matter} liegt hinter der Informationsbarriere {wall}: Lesen und bestätigen Sie zuerst deren Hinweis.</translation>
    </message>
    <message>
        <source>The administrator&apos;s policy file could not be read, so its ethical walls are unknown: only General can be used until it is fixed.</source>
        <translation>Die Richtliniendatei des Administrators konnte nicht gelesen werden, daher sind ihre Informationsbarrieren unbekannt: Bis sie behoben ist, kann nur „Allgemein“ genutzt werden.</translation>
    </message>
</context>
<context>
    <name>Matters</name>
    <message>
        <source>Give the matter&apos;s client.</source>
        <translation>Geben Sie den Mandanten des Mandats an.</translation>
    </message>
    <message>
        <source>The client is too long: at most {limit} characters.</source>
        <translation>Der Mandant ist zu lang: höchstens {limit} Zeichen.</translation>
    </message>
    <message>
        <source>Give the matter number.</source>
        <translation>Geben Sie die Mandatsnummer an.</translation>
    </message>
    <message>
        <source>The matter number is too long: at most {limit} characters.</source>
        <translation>Die Mandatsnummer ist zu lang: höchstens {limit} Zeichen.</translation>
    </message>
    <message>
        <source>Give the matter&apos;s name.</source>
        <translation>Geben Sie den Namen des Mandats an.</translation>
    </message>
    <message>
        <source>The name is too long: at most {limit} characters.</source>
        <translation>Der Name ist zu lang: höchstens {limit} Zeichen.</translation>
    </message>
    <message>
        <source>A client&apos;s name cannot contain “/” (it separates client and number).</source>
        <translation>Der Name eines Mandanten darf kein „/“ enthalten (es trennt Mandant und Mandatsnummer).</translation>
    </message>
    <message>
        <source>“{text}” is not a date: write the opening date as YYYY-MM-DD.</source>
        <translation>„{text}“ ist kein Datum: Schreiben Sie das Eröffnungsdatum als JJJJ-MM-TT.</translation>
    </message>
    <message>
        <source>“{text}” does not name a matter: write CLIENT/NUMBER (e.g. Acme/2026-001) or General.</source>
        <translation>„{text}“ bezeichnet kein Mandat: Schreiben Sie MANDANT/NUMMER (z. B. Acme/2026-001) oder General.</translation>
    </message>
    <message>
        <source>Read and acknowledge the memo of ethical wall {wall} before working on this matter.</source>
        <translation>Lesen und bestätigen Sie den Hinweis der Informationsbarriere {wall}, bevor Sie an diesem Mandat arbeiten.</translation>
    </message>
    <message>
        <source>Only the administrator can place or lift a legal hold.</source>
        <translation>Nur der Administrator kann eine Aufbewahrungssperre verhängen oder aufheben.</translation>
    </message>
    <message>
        <source>There is no matter {key}.</source>
        <translation>Es gibt kein Mandat {key}.</translation>
    </message>
    <message>
        <source>There is already a matter {key} (“{name}”): choose another matter number.</source>
        <translation>Es gibt bereits ein Mandat {key} („{name}“): Wählen Sie eine andere Mandatsnummer.</translation>
    </message>
    <message>
        <source>General cannot be closed: it holds what belongs to no matter.</source>
        <translation>„Allgemein“ kann nicht geschlossen werden: Es enthält, was keinem Mandat zugeordnet ist.</translation>
    </message>
    <message>
        <source>A retention period is from 1 to {days} days, or none.</source>
        <translation>Eine Aufbewahrungsdauer beträgt 1 bis {days} Tage oder entfällt.</translation>
    </message>
    <message>
        <source>Documents are not available, so no collection can be moved.</source>
        <translation>Dokumente sind nicht verfügbar, daher kann keine Sammlung verschoben werden.</translation>
    </message>
    <message>
        <source>There is no matter with the id {id}.</source>
        <translation>Es gibt kein Mandat mit der Kennung {id}.</translation>
    </message>
    <message>
        <source>There is no conversation with the id {id}.</source>
        <translation>Es gibt keine Unterhaltung mit der Kennung {id}.</translation>
    </message>
    <message>
        <source>The matter {matter} is closed: its conversations can be read and exported, not changed.</source>
        <translation>Das Mandat {matter} ist geschlossen: Seine Unterhaltungen können gelesen und exportiert, aber nicht geändert werden.</translation>
    </message>
    <message>
        <source>The matter {matter} is under a legal hold: nothing of it can be deleted until the administrator lifts the hold.</source>
        <translation>Für das Mandat {matter} gilt eine Aufbewahrungssperre: Nichts davon kann gelöscht werden, bis der Administrator die Sperre aufhebt.</translation>
    </message>
</context>
<context>
    <name>ModelErrors</name>
    <message>
        <source>{name} does not say how long its vectors are: it is not an embedding model Cloister can use.</source>
        <translation>{name} gibt die Länge seiner Vektoren nicht an: Es ist kein Einbettungsmodell, das Cloister nutzen kann.</translation>
    </message>
    <message>
        <source>The embedding model {name} cannot be read: {reason}.</source>
        <translation>Das Einbettungsmodell {name} kann nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
        <source>Embedding was stopped: Cloister is closing.</source>
        <translation>Die Einbettung wurde angehalten: Cloister wird beendet.</translation>
    </message>
    <message>
        <source>The embedding model {path} is not there.</source>
        <translation>Das Einbettungsmodell {path} ist nicht vorhanden.</translation>
    </message>
    <message>
        <source>Embedding stopped: {why}. It starts again with the next document; nothing indexed so far is lost.</source>
        <translation>Die Einbettung wurde angehalten: {why}. Sie beginnt mit dem nächsten Dokument erneut; nichts bisher Indizierte geht verloren.</translation>
    </message>
    <message>
        <source>The site catalog {site} cannot be read: {reason}.</source>
        <translation>Der Standortkatalog {site} kann nicht gelesen werden: {reason}.</translation>
    </message>
    <message>
        <source>The site catalog {site} is not the one the policy pins (its SHA-256 differs).</source>
        <translation>Der Standortkatalog {site} ist nicht der, den die Richtlinie festlegt (seine SHA-256 weicht ab).</translation>
    </message>
    <message>
        <source>The site catalog {site} is not valid: {reason}.</source>
        <translation>Der Standortkatalog {site} ist ungültig: {reason}.</translation>
    </message>
    <message>
        <source>The model {file} is not installed (looked in {searched}). {advice}</source>
        <translation>Das Modell {file} ist nicht installiert (gesucht in {searched}). {advice}</translation>
    </message>
    <message>
        <source>Reinstall Cloister, or add a model from the Models page.</source>
        <translation>Installieren Sie Cloister neu oder fügen Sie auf der Seite „Modelle“ ein Modell hinzu.</translation>
    </message>
    <message>
        <source>Run `make setup` to fetch it.</source>
        <translation>Führen Sie `make setup` aus, um es zu holen.</translation>
    </message>
    <message>
        <source>Models can only be downloaded from http:// or https:// addresses, not {url!r}.</source>
        <translation>Modelle können nur von http://- oder https://-Adressen heruntergeladen werden, nicht von {url!r}.</translation>
    </message>
    <message>
        <source>The check of {name} already in the model store was cancelled.</source>
        <translation>Die Prüfung von {name}, das bereits im Modellspeicher liegt, wurde abgebrochen.</translation>
    </message>
    <message>
        <source>The model store already has a different file named {name} ({dest}). Remove or rename it, then download again.</source>
        <translation>Im Modellspeicher gibt es bereits eine andere Datei namens {name} ({dest}). Entfernen Sie sie oder benennen Sie sie um und laden Sie dann erneut herunter.</translation>
    </message>
    <message>
        <source>The server&apos;s answers for {name} are inconsistent ({url}).</source>
        <translation>Die Antworten des Servers zu {name} sind widersprüchlich ({url}).</translation>
    </message>
    <message>
        <source>The download of {name} failed: the server answered HTTP {code} {reason} for {url}.</source>
        <translation>Der Download von {name} ist fehlgeschlagen: Der Server antwortete mit HTTP {code} {reason} für {url}.</translation>
    </message>
    <message>
        <source>The server&apos;s {name} is {total:,} bytes, but {expected_size:,} were expected: it is not the file to download ({url}).</source>
        <translation>{name} auf dem Server hat {total:,} Byte, erwartet wurden aber {expected_size:,}: Es ist nicht die herunterzuladende Datei ({url}).</translation>
    </message>
    <message>
        <source>The server sent more than the {total:,} bytes it announced for {name}; the download was stopped and deleted.</source>
        <translation>Der Server hat mehr als die angekündigten {total:,} Byte für {name} gesendet; der Download wurde angehalten und gelöscht.</translation>
    </message>
    <message>
        <source>Not enough free space to download {name}: it needs {needed} and {store} has {free} free. Free some space, then try again.</source>
        <translation>Nicht genug freier Speicherplatz, um {name} herunterzuladen: benötigt werden {needed}, in {store} sind {free} frei. Geben Sie Speicherplatz frei und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The download of {name} ended at {received:,} of {total:,} bytes.</source>
        <translation>Der Download von {name} endete bei {received:,} von {total:,} Byte.</translation>
    </message>
    <message>
        <source>The downloaded {name} is not the expected file: its SHA-256 is {actual}, but {expected} was expected. It has been deleted; the file may have been damaged on the way or changed on the server.</source>
        <translation>Das heruntergeladene {name} ist nicht die erwartete Datei: Ihre SHA-256 ist {actual}, erwartet wurde {expected}. Sie wurde gelöscht; die Datei wurde unterwegs vielleicht beschädigt oder auf dem Server geändert.</translation>
    </message>
    <message>
        <source>The download of {name} was cancelled.{then}</source>
        <translation>Der Download von {name} wurde abgebrochen.{then}</translation>
    </message>
    <message>
        <source> The {received} received so far are kept; downloading it again continues from there.</source>
        <translation> Die bisher empfangenen {received} bleiben erhalten; ein erneuter Download setzt dort fort.</translation>
    </message>
    <message>
        <source>The download of {name} failed: {why}.{then}</source>
        <translation>Der Download von {name} ist fehlgeschlagen: {why}.{then}</translation>
    </message>
    <message>
        <source>The disk filled up while downloading {name} into {store}. The partial download was deleted to free the space again. Free at least {needed}, then try again.</source>
        <translation>Beim Herunterladen von {name} nach {store} ist der Datenträger vollgelaufen. Der unvollständige Download wurde gelöscht, um den Platz wieder freizugeben. Geben Sie mindestens {needed} frei und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>Cannot write the download of {name} in {store}: {reason}.</source>
        <translation>Der Download von {name} kann nicht in {store} geschrieben werden: {reason}.</translation>
    </message>
    <message>
        <source>the server answered HTTP {code} {reason}</source>
        <translation>der Server antwortete mit HTTP {code} {reason}</translation>
    </message>
    <message>
        <source>the server refused the connection (is the address right?)</source>
        <translation>der Server hat die Verbindung abgelehnt (stimmt die Adresse?)</translation>
    </message>
    <message>
        <source>the connection dropped</source>
        <translation>die Verbindung ist abgebrochen</translation>
    </message>
    <message>
        <source>the server did not answer for {timeout:g} s</source>
        <translation>der Server hat {timeout:g} s lang nicht geantwortet</translation>
    </message>
    <message>
        <source>the server&apos;s name could not be found (are you online?)</source>
        <translation>der Name des Servers wurde nicht gefunden (sind Sie online?)</translation>
    </message>
    <message>
        <source>network access was refused on this computer</source>
        <translation>der Netzwerkzugriff wurde auf diesem Computer verweigert</translation>
    </message>
    <message>
        <source>the server&apos;s certificate could not be verified ({reason})</source>
        <translation>das Zertifikat des Servers konnte nicht geprüft werden ({reason})</translation>
    </message>
    <message>
        <source>{name} is truncated: the model file is incomplete.</source>
        <translation>{name} ist abgeschnitten: Die Modelldatei ist unvollständig.</translation>
    </message>
    <message>
        <source>{name} is corrupt: a metadata string is too long.</source>
        <translation>{name} ist beschädigt: Eine Metadaten-Zeichenkette ist zu lang.</translation>
    </message>
    <message>
        <source>{name} is corrupt: arrays nested too deep.</source>
        <translation>{name} ist beschädigt: Arrays sind zu tief verschachtelt.</translation>
    </message>
    <message>
        <source>{name} is corrupt: a tensor has {n_dims} dimensions.</source>
        <translation>{name} ist beschädigt: Ein Tensor hat {n_dims} Dimensionen.</translation>
    </message>
    <message>
        <source>{name} uses tensor type {raw_type}, which this version cannot read.</source>
        <translation>{name} verwendet den Tensortyp {raw_type}, den diese Version nicht lesen kann.</translation>
    </message>
    <message>
        <source>{name} is corrupt: unknown metadata type {raw}.</source>
        <translation>{name} ist beschädigt: unbekannter Metadatentyp {raw}.</translation>
    </message>
    <message>
        <source>Model file not found: {path}</source>
        <translation>Modelldatei nicht gefunden: {path}</translation>
    </message>
    <message>
        <source>{name} is not a GGUF model file.</source>
        <translation>{name} ist keine GGUF-Modelldatei.</translation>
    </message>
    <message>
        <source>{name} uses GGUF version {version}, which is too old to load.</source>
        <translation>{name} verwendet GGUF-Version {version}, die zu alt zum Laden ist.</translation>
    </message>
    <message>
        <source>Cannot read {name}: {reason}</source>
        <translation>{name} kann nicht gelesen werden: {reason}</translation>
    </message>
    <message>
        <source>{name} is truncated: it has {size} of {expected}. Download or copy it again.</source>
        <translation>{name} ist abgeschnitten: Die Datei hat {size} von {expected}. Laden oder kopieren Sie sie erneut.</translation>
    </message>
    <message>
        <source>{name} is corrupt: its data alignment is {alignment!r}, not a power of two.</source>
        <translation>{name} ist beschädigt: Die Datenausrichtung ist {alignment!r}, keine Zweierpotenz.</translation>
    </message>
    <message>
        <source>{name} holds no model weights: its header lists no tensors.</source>
        <translation>{name} enthält keine Modellgewichte: Der Header nennt keine Tensoren.</translation>
    </message>
    <message>
        <source>{name} does not say which kind of model it is.</source>
        <translation>{name} gibt nicht an, welche Art von Modell es ist.</translation>
    </message>
    <message>
        <source>{name} is corrupt: it claims a context of {context!r} tokens (a model&apos;s context is 1 to {limit:,}).</source>
        <translation>{name} ist beschädigt: Die Datei gibt einen Kontext von {context!r} Token an (der Kontext eines Modells liegt zwischen 1 und {limit:,}).</translation>
    </message>
    <message>
        <source>{name} is corrupt: it claims {layers!r} layers for {tensor_count:,} tensors.</source>
        <translation>{name} ist beschädigt: Die Datei gibt {layers!r} Schichten für {tensor_count:,} Tensoren an.</translation>
    </message>
    <message>
        <source>{name} is corrupt: its header claims {count:,} {what}.</source>
        <translation>{name} ist beschädigt: Der Header gibt {count:,} {what} an.</translation>
    </message>
    <message>
        <source>{source} holds no .gguf model files.</source>
        <translation>{source} enthält keine .gguf-Modelldateien.</translation>
    </message>
    <message>
        <source>{source} does not exist.</source>
        <translation>{source} existiert nicht.</translation>
    </message>
    <message>
        <source>Not enough free space to import {name}: it needs {needed:,.0f} MB, {free:,.0f} MB are free.</source>
        <translation>Nicht genug freier Speicherplatz, um {name} zu importieren: benötigt werden {needed:,.0f} MB, frei sind {free:,.0f} MB.</translation>
    </message>
    <message>
        <source>Import of {name} cancelled; nothing was added.</source>
        <translation>Import von {name} abgebrochen; nichts wurde hinzugefügt.</translation>
    </message>
    <message>
        <source>The disk filled up while importing {name}.</source>
        <translation>Beim Importieren von {name} ist der Datenträger vollgelaufen.</translation>
    </message>
    <message>
        <source>Could not copy {name}: {reason}.</source>
        <translation>{name} konnte nicht kopiert werden: {reason}.</translation>
    </message>
    <message>
        <source>Air-gapped mode is on: bring models in with Import (a disk or USB stick).</source>
        <translation>Der Air-Gap-Modus ist eingeschaltet: Bringen Sie Modelle per Import ein (Datenträger oder USB-Stick).</translation>
    </message>
    <message>
        <source>{refusal} Use Import (a disk or USB stick).</source>
        <translation>{refusal} Verwenden Sie den Import (Datenträger oder USB-Stick).</translation>
    </message>
    <message>
        <source>The catalog gives no download address for {name}.</source>
        <translation>Der Katalog nennt keine Download-Adresse für {name}.</translation>
    </message>
    <message>
        <source>Your administrator&apos;s policy allows only models the catalog pins; this file&apos;s SHA-256 ({sha256}) is in no catalog.</source>
        <translation>Die Richtlinie Ihres Administrators erlaubt nur Modelle, die der Katalog festlegt; die SHA-256 dieser Datei ({sha256}) steht in keinem Katalog.</translation>
    </message>
    <message>
        <source>{file} came with Cloister and cannot be removed.</source>
        <translation>{file} wurde mit Cloister geliefert und kann nicht entfernt werden.</translation>
    </message>
    <message>
        <source>This model is not on your administrator&apos;s list of allowed models (SHA-256 {sha256}).</source>
        <translation>Dieses Modell steht nicht auf der Liste erlaubter Modelle Ihres Administrators (SHA-256 {sha256}).</translation>
    </message>
    <message>
        <source>No installed model is called {file}.</source>
        <translation>Kein installiertes Modell heißt {file}.</translation>
    </message>
    <message>
        <source>The model index {index} is damaged ({exc}). Move it away and import the models again.</source>
        <translation>Der Modellindex {index} ist beschädigt ({exc}). Verschieben Sie ihn und importieren Sie die Modelle erneut.</translation>
    </message>
    <message>
        <source>This model is already installed as {file}.</source>
        <translation>Dieses Modell ist bereits als {file} installiert.</translation>
    </message>
    <message>
        <source>A different model called {file} is already installed. Remove it first, or rename the new file.</source>
        <translation>Ein anderes Modell namens {file} ist bereits installiert. Entfernen Sie es zuerst oder benennen Sie die neue Datei um.</translation>
    </message>
    <message>
        <source>{file} is already in the model folder.</source>
        <translation>{file} liegt bereits im Modellordner.</translation>
    </message>
    <message>
        <source>{file} has changed since it was installed: its SHA-256 is now {sha256}.</source>
        <translation>{file} hat sich seit der Installation verändert: Die SHA-256 lautet jetzt {sha256}.</translation>
    </message>
    <message>
        <source>{name} needs about {total} of memory ({weights} for the model, {kv_cache} for {context} tokens of context) but only {free} is free. Close other programs or choose a smaller model.</source>
        <translation>{name} braucht etwa {total} Arbeitsspeicher ({weights} für das Modell, {kv_cache} für {context} Token Kontext), frei sind aber nur {free}. Schließen Sie andere Programme oder wählen Sie ein kleineres Modell.</translation>
    </message>
</context>
<context>
    <name>ModelFit</name>
    <message>
        <source>Context limited to {tokens} tokens to fit in memory (needs {total}).</source>
        <translation>Kontext auf {tokens} Token begrenzt, damit das Modell in den Arbeitsspeicher passt (braucht {total}).</translation>
    </message>
    <message>
        <source>Needs about {total} with {tokens} tokens of context; {free} is free now.</source>
        <translation>Braucht etwa {total} mit {tokens} Token Kontext; frei sind derzeit {free}.</translation>
    </message>
</context>
<context>
    <name>ModelNotes</name>
    <message>
        <source>KV cache quantized to 8 bits to fit the context in memory.</source>
        <translation>KV-Cache auf 8 Bit quantisiert, damit der Kontext in den Speicher passt.</translation>
    </message>
    <message>
        <source>{kv_note} {context_note}</source>
        <translation>{kv_note} {context_note}</translation>
    </message>
</context>
<context>
    <name>Placement</name>
    <message>
        <source>CPU</source>
        <translation>CPU</translation>
    </message>
    <message>
        <source>{backend}, {done}/{total} layers</source>
        <translation>{backend}, {done}/{total} Schichten</translation>
    </message>
</context>
<context>
    <name>PolicyErrors</name>
    <message>
        <source>Your administrator&apos;s policy does not allow {what}.</source>
        <translation>Die Richtlinie Ihres Administrators erlaubt {what} nicht.</translation>
    </message>
    <message>
        <source>You turned off {what} in Settings.</source>
        <translation>Sie haben {what} in den Einstellungen ausgeschaltet.</translation>
    </message>
    <message>
        <source>exporting</source>
        <translation>das Exportieren</translation>
    </message>
    <message>
        <source>downloads</source>
        <translation>Downloads</translation>
    </message>
    <message>
        <source>&apos;{name}&apos; is set by your administrator&apos;s policy and cannot be changed.</source>
        <translation>„{name}“ ist durch die Richtlinie Ihres Administrators festgelegt und kann nicht geändert werden.</translation>
    </message>
</context>
<context>
    <name>ProfileErrors</name>
    <message>
        <source>A {app} command ({holder}) is changing this profile; start {app} again when it has finished.</source>
        <translation>Ein {app}-Befehl ({holder}) ändert gerade dieses Profil; starten Sie {app} erneut, wenn er fertig ist.</translation>
    </message>
    <message>
        <source>{app} is already running on this profile ({holder}); its window was brought to the front.</source>
        <translation>{app} läuft bereits mit diesem Profil ({holder}); sein Fenster wurde in den Vordergrund geholt.</translation>
    </message>
    <message>
        <source>{app} is running on this profile ({holder}) but does not answer; close it (or end that process), then start again.</source>
        <translation>{app} läuft mit diesem Profil ({holder}), antwortet aber nicht; schließen Sie es (oder beenden Sie den Prozess) und starten Sie dann erneut.</translation>
    </message>
    <message>
        <source>Waiting for {holder} to finish with this profile…</source>
        <translation>Warten, bis {holder} mit diesem Profil fertig ist …</translation>
    </message>
    <message>
        <source>Stopped waiting; nothing was done.</source>
        <translation>Warten beendet; nichts wurde ausgeführt.</translation>
    </message>
    <message>
        <source>Another process holds this profile&apos;s lock ({lock}) and does not say who it is; close other {app} windows and commands, then try again.</source>
        <translation>Ein anderer Prozess hält die Sperre dieses Profils ({lock}) und gibt sich nicht zu erkennen; schließen Sie andere {app}-Fenster und -Befehle und versuchen Sie es dann erneut.</translation>
    </message>
    <message>
        <source>The last {app} process on this profile ({holder}, started {started}) did not close properly; this one takes over.</source>
        <translation>Der letzte {app}-Prozess mit diesem Profil ({holder}, gestartet {started}) wurde nicht ordnungsgemäß beendet; dieser übernimmt.</translation>
    </message>
    <message>
        <source>{app} is running on this profile ({holder}); close it first, or add --wait to wait for it.</source>
        <translation>{app} läuft mit diesem Profil ({holder}); schließen Sie es zuerst oder geben Sie --wait an, um darauf zu warten.</translation>
    </message>
    <message>
        <source>Another {app} command ({holder}) is changing this profile; try again when it has finished, or add --wait.</source>
        <translation>Ein anderer {app}-Befehl ({holder}) ändert gerade dieses Profil; versuchen Sie es erneut, wenn er fertig ist, oder geben Sie --wait an.</translation>
    </message>
    <message>
        <source>the {app} command ({holder})</source>
        <translation>der {app}-Befehl ({holder})</translation>
    </message>
    <message>
        <source>its file system refuses file locks (a network share?)</source>
        <translation>sein Dateisystem verweigert Dateisperren (eine Netzwerkfreigabe?)</translation>
    </message>
    <message>
        <source>Keep {app}&apos;s data on a disk of this computer (--basedir chooses another folder).</source>
        <translation>Legen Sie die Daten von {app} auf einen Datenträger dieses Computers (--basedir wählt einen anderen Ordner).</translation>
    </message>
    <message>
        <source>the disk is read-only</source>
        <translation>der Datenträger ist schreibgeschützt</translation>
    </message>
    <message>
        <source>Choose a folder on a writable disk (--basedir), or ask IT to make this one writable.</source>
        <translation>Wählen Sie einen Ordner auf einem beschreibbaren Datenträger (--basedir) oder bitten Sie die IT, diesen beschreibbar zu machen.</translation>
    </message>
    <message>
        <source>you are not allowed to write there</source>
        <translation>Sie dürfen dort nicht schreiben</translation>
    </message>
    <message>
        <source>Ask IT for write access, or choose another folder (--basedir).</source>
        <translation>Bitten Sie die IT um Schreibzugriff oder wählen Sie einen anderen Ordner (--basedir).</translation>
    </message>
    <message>
        <source>the disk is full</source>
        <translation>der Datenträger ist voll</translation>
    </message>
    <message>
        <source>Free some space on that disk, then start {app} again.</source>
        <translation>Geben Sie auf diesem Datenträger Speicherplatz frei und starten Sie {app} dann erneut.</translation>
    </message>
    <message>
        <source>a file is in the way where a folder should be</source>
        <translation>wo ein Ordner sein sollte, liegt eine Datei</translation>
    </message>
    <message>
        <source>Move that file away, or choose another folder (--basedir).</source>
        <translation>Verschieben Sie diese Datei oder wählen Sie einen anderen Ordner (--basedir).</translation>
    </message>
    <message>
        <source>the disk reports a read or write error</source>
        <translation>der Datenträger meldet einen Lese- oder Schreibfehler</translation>
    </message>
    <message>
        <source>Check the disk (it may be failing, or was unplugged), then start again.</source>
        <translation>Prüfen Sie den Datenträger (er ist vielleicht defekt oder wurde getrennt) und starten Sie dann erneut.</translation>
    </message>
    <message>
        <source>your disk quota is used up</source>
        <translation>Ihr Speicherkontingent ist aufgebraucht</translation>
    </message>
    <message>
        <source>The data folder {folder} cannot be used: {what}. {advice}</source>
        <translation>Der Datenordner {folder} kann nicht verwendet werden: {what}. {advice}</translation>
    </message>
    <message>
        <source>Check the folder, or choose another one (--basedir).</source>
        <translation>Prüfen Sie den Ordner oder wählen Sie einen anderen (--basedir).</translation>
    </message>
    <message>
        <source>{folder} does not exist (a drive that is not connected?)</source>
        <translation>{folder} existiert nicht (ein nicht angeschlossenes Laufwerk?)</translation>
    </message>
    <message>
        <source>Connect it, or choose another folder (--basedir).</source>
        <translation>Schließen Sie es an oder wählen Sie einen anderen Ordner (--basedir).</translation>
    </message>
</context>
<context>
    <name>RemoteErrors</name>
    <message>
        <source>The policy names no firm server {server}</source>
        <translation>Die Richtlinie nennt keinen Kanzleiserver {server}</translation>
    </message>
    <message>
        <source>The policy does not allow the model {model} on the firm server {server}</source>
        <translation>Die Richtlinie erlaubt das Modell {model} auf dem Kanzleiserver {server} nicht</translation>
    </message>
    <message>
        <source>No API key is stored for the firm server {server}: ask your administrator to run `cloister server set-key {server}`</source>
        <translation>Für den Kanzleiserver {server} ist kein API-Schlüssel gespeichert: Bitten Sie Ihren Administrator, `cloister server set-key {server}` auszuführen</translation>
    </message>
    <message>
        <source>The firm server {server} cannot be reached at {address}: {why}</source>
        <translation>Der Kanzleiserver {server} ist unter {address} nicht erreichbar: {why}</translation>
    </message>
    <message>
        <source>The firm server {server} showed a certificate that does not match the administrator&apos;s pin (SHA-256 {seen}): nothing was sent</source>
        <translation>Der Kanzleiserver {server} hat ein Zertifikat vorgelegt, das nicht zur Festlegung des Administrators passt (SHA-256 {seen}): Es wurde nichts gesendet</translation>
    </message>
    <message>
        <source>The firm server {server} showed a certificate its pinned CA did not sign for {host}: nothing was sent ({why})</source>
        <translation>Der Kanzleiserver {server} hat ein Zertifikat vorgelegt, das seine festgelegte Zertifizierungsstelle nicht für {host} signiert hat: Es wurde nichts gesendet ({why})</translation>
    </message>
    <message>
        <source>The firm server {server} refused Cloister&apos;s API key (HTTP {status}): ask your administrator to run `cloister server set-key {server}`</source>
        <translation>Der Kanzleiserver {server} hat den API-Schlüssel von Cloister abgelehnt (HTTP {status}): Bitten Sie Ihren Administrator, `cloister server set-key {server}` auszuführen</translation>
    </message>
    <message>
        <source>The firm server {server} does not serve the model {model}</source>
        <translation>Der Kanzleiserver {server} stellt das Modell {model} nicht bereit</translation>
    </message>
    <message>
        <source>The firm server {server} failed (HTTP {status}): {detail}</source>
        <translation>Beim Kanzleiserver {server} ist ein Fehler aufgetreten (HTTP {status}): {detail}</translation>
    </message>
    <message>
        <source>The firm server {server} did not answer within {seconds} seconds</source>
        <translation>Der Kanzleiserver {server} hat nicht innerhalb von {seconds} Sekunden geantwortet</translation>
    </message>
    <message>
        <source>The connection to the firm server {server} was lost mid-answer: the answer is incomplete ({why})</source>
        <translation>Die Verbindung zum Kanzleiserver {server} ist während der Antwort abgebrochen: Die Antwort ist unvollständig ({why})</translation>
    </message>
    <message>
        <source>The connection to the firm server {server} was lost before it answered ({why})</source>
        <translation>Die Verbindung zum Kanzleiserver {server} ist abgebrochen, bevor er geantwortet hat ({why})</translation>
    </message>
    <message>
        <source>The firm server {server} sent an answer Cloister cannot read: {detail}</source>
        <translation>Der Kanzleiserver {server} hat eine Antwort gesendet, die Cloister nicht lesen kann: {detail}</translation>
    </message>
    <message>
        <source>The process that connects to the firm server stopped ({how})</source>
        <translation>Der Prozess, der die Verbindung zum Kanzleiserver herstellt, wurde beendet ({how})</translation>
    </message>
    <message>
        <source>exit code {code}</source>
        <translation>Exit-Code {code}</translation>
    </message>
    <message>
        <source>it is not running</source>
        <translation>er läuft nicht</translation>
    </message>
    <message>
        <source>The process that connects to the firm server stopped: restart Cloister to reach the firm server again</source>
        <translation>Der Prozess, der die Verbindung zum Kanzleiserver herstellt, wurde beendet: Starten Sie Cloister neu, um den Kanzleiserver wieder zu erreichen</translation>
    </message>
    <message>
        <source>The process that connects to the firm server did not answer in time</source>
        <translation>Der Prozess, der die Verbindung zum Kanzleiserver herstellt, hat nicht rechtzeitig geantwortet</translation>
    </message>
    <message>
        <source>The firm server&apos;s CA file {path} cannot be read: {error}</source>
        <translation>Die CA-Datei {path} des Kanzleiservers kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>The firm server&apos;s CA file {path} is not the pinned CA: ask your administrator to check the policy</source>
        <translation>Die CA-Datei {path} des Kanzleiservers ist nicht die festgelegte Zertifizierungsstelle: Bitten Sie Ihren Administrator, die Richtlinie zu prüfen</translation>
    </message>
</context>
<context>
    <name>RemoteModels</name>
    <message>
        <source>Firm server</source>
        <translation>Kanzleiserver</translation>
    </message>
    <message>
        <source>{server}: {model}</source>
        <translation>{server}: {model}</translation>
    </message>
</context>
<context>
    <name>RetrievalNotes</name>
    <message>
        <source>The answer cites {numbers}, which matches no source: check it yourself.</source>
        <translation>Die Antwort zitiert {numbers}, was zu keiner Quelle passt: Prüfen Sie sie selbst.</translation>
    </message>
    <message>
        <source>The answer cites none of its sources: check it against the documents.</source>
        <translation>Die Antwort zitiert keine ihrer Quellen: Prüfen Sie sie anhand der Dokumente.</translation>
    </message>
    <message>
        <source>The documents are still being read: this answer could not use them yet.</source>
        <translation>Die Dokumente werden noch eingelesen: Diese Antwort konnte sie noch nicht nutzen.</translation>
    </message>
    <message>
        <source>Nothing in the documents matched the question: this answer is not based on them.</source>
        <translation>Nichts in den Dokumenten passte zur Frage: Diese Antwort beruht nicht auf ihnen.</translation>
    </message>
    <message>
        <source>Passages were found by their words only: with an embedding model, Cloister also finds passages that say the same thing in other words.</source>
        <translation>Die Stellen wurden nur über ihre Wörter gefunden: Mit einem Einbettungsmodell findet Cloister auch Stellen, die dasselbe mit anderen Worten sagen.</translation>
    </message>
    <message>
        <source>Some documents are still being indexed for meaning; until they are, they are searched by their words only.</source>
        <translation>Einige Dokumente werden noch nach ihrer Bedeutung erschlossen; bis dahin werden sie nur über ihre Wörter durchsucht.</translation>
    </message>
    <message>
        <source>Passages were found by their words only: {reason}.</source>
        <translation>Die Stellen wurden nur über ihre Wörter gefunden: {reason}.</translation>
    </message>
</context>
<context>
    <name>Sandbox</name>
    <message>
        <source>started without one</source>
        <translation>ohne Käfig gestartet</translation>
    </message>
    <message>
        <source>not sealed: {detail}</source>
        <translation>nicht abgeschottet: {detail}</translation>
    </message>
    <message>
        <source>no write cage on Windows yet (a restricted token or AppContainer)</source>
        <translation>unter Windows noch keine Schreibbeschränkung (ein eingeschränktes Token oder AppContainer)</translation>
    </message>
    <message>
        <source>Landlock ABI {abi}</source>
        <translation>Landlock ABI {abi}</translation>
    </message>
    <message>
        <source>writes only to {folders} ({how})</source>
        <translation>schreibt nur in {folders} ({how})</translation>
    </message>
    <message>
        <source>opens the graphics devices {devices}</source>
        <translation>öffnet die Grafikgeräte {devices}</translation>
    </message>
    <message>
        <source>not caged: {reason}</source>
        <translation>nicht eingeschränkt: {reason}</translation>
    </message>
    <message>
        <source>Landlock is a Linux feature ({platform} has none)</source>
        <translation>Landlock gibt es nur unter Linux ({platform} hat es nicht)</translation>
    </message>
    <message>
        <source>the C library has no syscall() to reach Landlock</source>
        <translation>die C-Bibliothek hat kein syscall(), um Landlock zu erreichen</translation>
    </message>
    <message>
        <source>this kernel was built without Landlock (ENOSYS)</source>
        <translation>dieser Kernel wurde ohne Landlock gebaut (ENOSYS)</translation>
    </message>
    <message>
        <source>Landlock is built in but disabled at boot (EOPNOTSUPP; see the lsm= option)</source>
        <translation>Landlock ist eingebaut, aber beim Start des Systems deaktiviert (EOPNOTSUPP; siehe die Option lsm=)</translation>
    </message>
    <message>
        <source>the Landlock probe failed: {error}</source>
        <translation>die Landlock-Prüfung ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>{count} thread(s) already running stay outside it</source>
        <translation>{count} bereits laufende(r) Thread(s) bleiben außerhalb</translation>
    </message>
    <message>
        <source>cannot open {path} for a Landlock rule: {error}</source>
        <translation>{path} kann für eine Landlock-Regel nicht geöffnet werden: {error}</translation>
    </message>
    <message>
        <source>{call} failed: {error}</source>
        <translation>{call} ist fehlgeschlagen: {error}</translation>
    </message>
    <message>
        <source>TCP not confined: {reason}</source>
        <translation>TCP nicht eingeschränkt: {reason}</translation>
    </message>
    <message>
        <source>TCP connects only to ports {connect}, listens only on {bind} ({how})</source>
        <translation>TCP verbindet nur zu Ports {connect}, lauscht nur auf {bind} ({how})</translation>
    </message>
    <message>
        <source>Landlock ABI {abi} cannot restrict TCP ports (ABI 4, Linux 6.7, can)</source>
        <translation>Landlock ABI {abi} kann TCP-Ports nicht beschränken (ABI 4 ab Linux 6.7 kann es)</translation>
    </message>
    <message>
        <source>no reason given</source>
        <translation>kein Grund angegeben</translation>
    </message>
    <message>
        <source>the sandbox functions of libSystem are missing ({why})</source>
        <translation>die Sandbox-Funktionen von libSystem fehlen ({why})</translation>
    </message>
    <message>
        <source>this macOS has no {profile} profile</source>
        <translation>dieses macOS hat kein Profil {profile}</translation>
    </message>
    <message>
        <source>Seatbelt profile {profile}: no TCP/IP, local sockets only, in this process and every process it starts</source>
        <translation>Seatbelt-Profil {profile}: kein TCP/IP, nur lokale Sockets, in diesem Prozess und in jedem Prozess, den er startet</translation>
    </message>
    <message>
        <source>sandbox_init(the worker&apos;s profile)</source>
        <translation>sandbox_init(Profil des Modellprozesses)</translation>
    </message>
    <message>
        <source>Seatbelt profile: no TCP/IP, no new processes, writes only to {folder}</source>
        <translation>Seatbelt-Profil: kein TCP/IP, keine neuen Prozesse, Schreiben nur in {folder}</translation>
    </message>
    <message>
        <source>{system} has no seccomp</source>
        <translation>{system} hat kein seccomp</translation>
    </message>
    <message>
        <source>no seccomp filter for the {machine} architecture yet</source>
        <translation>noch kein seccomp-Filter für die Architektur {machine}</translation>
    </message>
    <message>
        <source>a 32-bit Python process: its system calls are not the 64-bit ones</source>
        <translation>ein 32-Bit-Python-Prozess: Seine Systemaufrufe sind nicht die der 64-Bit-Architektur</translation>
    </message>
    <message>
        <source>thread {thread} could not take it</source>
        <translation>Thread {thread} konnte ihn nicht übernehmen</translation>
    </message>
    <message>
        <source>the kernel refused the seccomp filter: {why}</source>
        <translation>der Kernel hat den seccomp-Filter abgelehnt: {why}</translation>
    </message>
    <message>
        <source>no family</source>
        <translation>keiner Adressfamilie</translation>
    </message>
    <message>
        <source>seccomp filter ({arch}): sockets of {families} only, no new processes</source>
        <translation>seccomp-Filter ({arch}): nur Sockets von {families}, keine neuen Prozesse</translation>
    </message>
    <message>
        <source>seccomp filter ({arch}): sockets of {families} only, in this process and every process it starts</source>
        <translation>seccomp-Filter ({arch}): nur Sockets von {families}, in diesem Prozess und in jedem Prozess, den er startet</translation>
    </message>
    <message>
        <source>not Windows: no Windows Firewall to check</source>
        <translation>kein Windows: keine Windows-Firewall zu prüfen</translation>
    </message>
    <message>
        <source>no Windows Firewall rule blocks {program} (the installer&apos;s &quot;{rule}&quot; rules, added by its air-gapped option /AIRGAPPED, are missing or changed)</source>
        <translation>keine Regel der Windows-Firewall blockiert {program} (die Regeln „{rule}“ des Installationsprogramms, die seine Offline-Option /AIRGAPPED hinzufügt, fehlen oder wurden geändert)</translation>
    </message>
    <message>
        <source>Windows Firewall is off for the {profiles} profile</source>
        <translation>die Windows-Firewall ist für das Profil {profiles} ausgeschaltet</translation>
    </message>
    <message>
        <source>Windows Firewall rule &quot;{rule}&quot;: every connection of {program} blocked, on every profile</source>
        <translation>Regel „{rule}“ der Windows-Firewall: jede Verbindung von {program} blockiert, in jedem Profil</translation>
    </message>
    <message>
        <source>not Windows: no job objects</source>
        <translation>kein Windows: keine Auftragsobjekte</translation>
    </message>
    <message>
        <source>job object: no new processes (the network: Windows Firewall)</source>
        <translation>Auftragsobjekt: keine neuen Prozesse (das Netzwerk: Windows-Firewall)</translation>
    </message>
    <message>
        <source>{call} failed (error {error})</source>
        <translation>{call} ist fehlgeschlagen (Fehler {error})</translation>
    </message>
    <message>
        <source>TCP only to ports {ports} (Landlock ABI {abi})</source>
        <translation>TCP nur zu den Ports {ports} (Landlock ABI {abi})</translation>
    </message>
    <message>
        <source>TCP ports not restricted by the OS ({reason})</source>
        <translation>TCP-Ports nicht vom Betriebssystem beschränkt ({reason})</translation>
    </message>
    <message>
        <source>no socket families but UNIX, IPv4 and IPv6, no new processes (seccomp)</source>
        <translation>keine Socket-Familien außer UNIX, IPv4 und IPv6, keine neuen Prozesse (seccomp)</translation>
    </message>
    <message>
        <source>no seccomp filter ({reason})</source>
        <translation>kein seccomp-Filter ({reason})</translation>
    </message>
    <message>
        <source>names and addresses checked in-process (only the pinned servers&apos;)</source>
        <translation>Namen und Adressen im Prozess geprüft (nur die der festgelegten Server)</translation>
    </message>
</context>
<context>
    <name>ServerKeys</name>
    <message>
        <source>The API key is empty.</source>
        <translation>Der API-Schlüssel ist leer.</translation>
    </message>
    <message>
        <source>The API key is longer than {limit} characters.</source>
        <translation>Der API-Schlüssel ist länger als {limit} Zeichen.</translation>
    </message>
    <message>
        <source>The API key may hold only letters, digits and punctuation (no spaces or other characters).</source>
        <translation>Der API-Schlüssel darf nur Buchstaben, Ziffern und Satzzeichen enthalten (keine Leerzeichen oder anderen Zeichen).</translation>
    </message>
    <message>
        <source>The firm servers&apos; key file {path} cannot be read: {error}</source>
        <translation>Die Schlüsseldatei der Kanzleiserver {path} kann nicht gelesen werden: {error}</translation>
    </message>
    <message>
        <source>The firm servers&apos; key file {path} is damaged or belongs to other data. Remove it and store the keys again with `cloister server set-key`.</source>
        <translation>Die Schlüsseldatei der Kanzleiserver {path} ist beschädigt oder gehört zu anderen Daten. Entfernen Sie sie und speichern Sie die Schlüssel erneut mit `cloister server set-key`.</translation>
    </message>
    <message>
        <source>Cannot save the firm servers&apos; key file {path}: {error}</source>
        <translation>Die Schlüsseldatei der Kanzleiserver {path} kann nicht gespeichert werden: {error}</translation>
    </message>
</context>
<context>
    <name>StoreErrors</name>
    <message>
        <source>The audit record could not be written: {exc}</source>
        <translation>Der Audit-Eintrag konnte nicht geschrieben werden: {exc}</translation>
    </message>
    <message>
        <source>a page it must write next to no longer decrypts</source>
        <translation>eine Seite, neben die geschrieben werden muss, lässt sich nicht mehr entschlüsseln</translation>
    </message>
    <message>
        <source>The audit log could not be purged: {exc}</source>
        <translation>Das Audit-Protokoll konnte nicht bereinigt werden: {exc}</translation>
    </message>
    <message>
        <source>The audit log could not be changed: {exc}</source>
        <translation>Das Audit-Protokoll konnte nicht geändert werden: {exc}</translation>
    </message>
    <message>
        <source>The audit checkpoint could not be written: {exc}</source>
        <translation>Der Audit-Prüfpunkt konnte nicht geschrieben werden: {exc}</translation>
    </message>
    <message>
        <source>The conversation store is busy; try again in a moment.</source>
        <translation>Der Unterhaltungsspeicher ist beschäftigt; versuchen Sie es gleich noch einmal.</translation>
    </message>
    <message>
        <source>Could not save to the conversation store: {exc}</source>
        <translation>Speichern im Unterhaltungsspeicher fehlgeschlagen: {exc}</translation>
    </message>
    <message>
        <source>Cannot open {store} at {path}: {exc}</source>
        <translation>{store} unter {path} lässt sich nicht öffnen: {exc}</translation>
    </message>
    <message>
        <source>some pages of {path} no longer decrypt</source>
        <translation>einige Seiten von {path} lassen sich nicht mehr entschlüsseln</translation>
    </message>
    <message>
        <source>{store} at {path} does not open with this key: the key is not the one it was created with, or the file is damaged. Nothing was changed.</source>
        <translation>{store} unter {path} lässt sich mit diesem Schlüssel nicht öffnen: Es ist nicht der Schlüssel, mit dem die Datei angelegt wurde, oder die Datei ist beschädigt. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>Cannot open {store} at {path}: {exc}. Nothing was changed.</source>
        <translation>{store} unter {path} lässt sich nicht öffnen: {exc}. Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>SQLite reports {exc} for {path}</source>
        <translation>SQLite meldet {exc} für {path}</translation>
    </message>
    <message>
        <source>This store was written by a newer Cloister (schema {version}); update Cloister to open it.</source>
        <translation>Dieser Speicher wurde von einer neueren Cloister-Version geschrieben (Schema {version}); aktualisieren Sie Cloister, um ihn zu öffnen.</translation>
    </message>
    <message>
        <source>{plaintext} is not a conversation store Cloister can read; move it elsewhere and start again.</source>
        <translation>{plaintext} ist kein Unterhaltungsspeicher, den Cloister lesen kann; verschieben Sie ihn an einen anderen Ort und starten Sie erneut.</translation>
    </message>
    <message>
        <source>Could not move the conversations in {plaintext} into the encrypted store: {exc}. The original file is untouched.</source>
        <translation>Die Unterhaltungen in {plaintext} konnten nicht in den verschlüsselten Speicher übertragen werden: {exc}. Die ursprüngliche Datei ist unverändert.</translation>
    </message>
    <message>
        <source>The encrypted store {encrypted} lacks {missing} messages that are in the plaintext store {plaintext}; both files are left as they are for an administrator.</source>
        <translation>Dem verschlüsselten Speicher {encrypted} fehlen {missing} Nachrichten, die im unverschlüsselten Speicher {plaintext} stehen; beide Dateien bleiben für einen Administrator unverändert.</translation>
    </message>
    <message>
        <source>{path} was cut short ({size} bytes)</source>
        <translation>{path} ist abgeschnitten ({size} Byte)</translation>
    </message>
    <message>
        <source>{path} does not decrypt with this profile&apos;s key (its first page is corrupted, or it is a file from another profile)</source>
        <translation>{path} lässt sich mit dem Schlüssel dieses Profils nicht entschlüsseln (die erste Seite ist beschädigt, oder die Datei stammt aus einem anderen Profil)</translation>
    </message>
    <message>
        <source>{label} ({file})</source>
        <translation>{label} ({file})</translation>
    </message>
    <message>
        <source>Your conversations</source>
        <translation>Ihre Unterhaltungen</translation>
    </message>
    <message>
        <source>The audit log</source>
        <translation>Das Audit-Protokoll</translation>
    </message>
    <message>
        <source>Your documents</source>
        <translation>Ihre Dokumente</translation>
    </message>
    <message>
        <source>The store</source>
        <translation>Der Speicher</translation>
    </message>
    <message>
        <source>Restore {file} from your backup (with {app} closed), or start anew with `cloister store reset {reset}` (the old file is kept aside, and the reset is recorded in the audit log). Nothing was changed.</source>
        <translation>Stellen Sie {file} aus Ihrer Sicherung wieder her (bei geschlossenem {app}) oder beginnen Sie neu mit `cloister store reset {reset}` (die alte Datei wird beiseitegelegt und das Zurücksetzen im Audit-Protokoll festgehalten). Nichts wurde geändert.</translation>
    </message>
    <message>
        <source>{store} is missing ({path} is not there), though this profile had it. {app} does not start on less data than there was. {todo}</source>
        <translation>{store} fehlt ({path} ist nicht vorhanden), obwohl dieses Profil es hatte. {app} startet nicht mit weniger Daten, als vorhanden waren. {todo}</translation>
    </message>
    <message>
        <source>{store} are missing ({path} is not there), though this profile had them. {app} does not start on less data than there was. {todo}</source>
        <translation>{store} fehlen ({path} ist nicht vorhanden), obwohl dieses Profil sie hatte. {app} startet nicht mit weniger Daten, als vorhanden waren. {todo}</translation>
    </message>
    <message>
        <source>{store} is empty ({path} has 0 bytes), though this profile had it. {app} does not start on less data than there was. {todo}</source>
        <translation>{store} ist leer ({path} hat 0 Byte), obwohl dieses Profil Daten darin hatte. {app} startet nicht mit weniger Daten, als vorhanden waren. {todo}</translation>
    </message>
    <message>
        <source>{store} are empty ({path} has 0 bytes), though this profile had them. {app} does not start on less data than there was. {todo}</source>
        <translation>{store} sind leer ({path} hat 0 Byte), obwohl dieses Profil sie hatte. {app} startet nicht mit weniger Daten, als vorhanden waren. {todo}</translation>
    </message>
    <message>
        <source>{store} was replaced: {path} is another store&apos;s file, not the one this profile had. {todo}</source>
        <translation>{store} wurde ersetzt: {path} ist die Datei eines anderen Speichers, nicht die dieses Profils. {todo}</translation>
    </message>
    <message>
        <source>{store} were replaced: {path} is another store&apos;s file, not the one this profile had. {todo}</source>
        <translation>{store} wurden ersetzt: {path} ist die Datei eines anderen Speichers, nicht die dieses Profils. {todo}</translation>
    </message>
    <message>
        <source>{store} is damaged: {detail}. {todo}</source>
        <translation>{store} ist beschädigt: {detail}. {todo}</translation>
    </message>
    <message>
        <source>{store} are damaged: {detail}. {todo}</source>
        <translation>{store} sind beschädigt: {detail}. {todo}</translation>
    </message>
    <message>
        <source>{store} cannot be opened: another program holds {path} locked (a backup, sync or antivirus tool?). Close that program, then start {app} again. Nothing was changed.</source>
        <translation>{store} lässt sich nicht öffnen: Ein anderes Programm hält {path} gesperrt (ein Sicherungs-, Synchronisations- oder Virenschutzprogramm?). Schließen Sie dieses Programm und starten Sie {app} dann erneut. Nichts wurde geändert.</translation>
    </message>
</context>
</TS>
