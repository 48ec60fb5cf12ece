<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AuditAlarmBanner</name>
    <message>
        <source>Acknowledge…</source>
        <translation>Bestätigen…</translation>
    </message>
    <message>
        <source>For administrators: the acknowledgement is recorded.</source>
        <translation>Für Administratoren: Die Bestätigung wird protokolliert.</translation>
    </message>
    <message>
        <source>Acknowledge the alarm</source>
        <translation>Alarm bestätigen</translation>
    </message>
</context>
<context>
    <name>AuditController</name>
    <message>
        <source>Exporting…</source>
        <translation>Wird exportiert…</translation>
    </message>
    <message>
        <source>Exported {count} records to {folder}. An auditor checks the bundle with &apos;cloister audit verify {folder}&apos;.</source>
        <translation>{count} Einträge nach {folder} exportiert. Ein Prüfer prüft das Paket mit „cloister audit verify {folder}“.</translation>
    </message>
    <message>
        <source>Verifying…</source>
        <translation>Wird geprüft…</translation>
    </message>
    <message>
        <source>Intact: {count} records; signatures, hashes, chain and Merkle root agree. Signing key fingerprint {fingerprint}.</source>
        <translation>Unversehrt: {count} Einträge; Signaturen, Hashes, Kette und Merkle-Wurzel stimmen überein. Fingerabdruck des Signaturschlüssels: {fingerprint}.</translation>
    </message>
    <message>
        <source>Consistent but NOT authenticated: {count} records, signed by the key {fingerprint}, which is neither this installation&apos;s nor one your administrator&apos;s policy pins. Anyone can make such a bundle.</source>
        <translation>Stimmig, aber NICHT authentifiziert: {count} Einträge, signiert mit dem Schlüssel {fingerprint}, der weder zu dieser Installation gehört noch in der Richtlinie Ihres Administrators festgelegt ist. Ein solches Paket kann jeder erstellen.</translation>
    </message>
    <message>
        <source>NOT intact: {problem}</source>
        <translation>NICHT unversehrt: {problem}</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Unerwarteter Fehler: {error}</translation>
    </message>
</context>
<context>
    <name>AuditDialog</name>
    <message>
        <source>Time (UTC)</source>
        <translation>Zeit (UTC)</translation>
    </message>
    <message>
        <source>Who</source>
        <translation>Wer</translation>
    </message>
    <message>
        <source>What happened</source>
        <translation>Was geschah</translation>
    </message>
    <message>
        <source>Outcome</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>Audit log</source>
        <translation>Prüfprotokoll</translation>
    </message>
    <message>
        <source>From</source>
        <translation>Von</translation>
    </message>
    <message>
        <source>Until</source>
        <translation>Bis</translation>
    </message>
    <message>
        <source>any user</source>
        <translation>alle Benutzer</translation>
    </message>
    <message>
        <source>All events</source>
        <translation>Alle Ereignisse</translation>
    </message>
    <message>
        <source>Audit records</source>
        <translation>Protokolleinträge</translation>
    </message>
    <message>
        <source>One event per row, newest first; select one to see all its details</source>
        <translation>Ein Ereignis pro Zeile, neueste zuerst; wählen Sie eines aus, um alle Einzelheiten zu sehen</translation>
    </message>
    <message>
        <source>Field</source>
        <translation>Feld</translation>
    </message>
    <message>
        <source>Value</source>
        <translation>Wert</translation>
    </message>
    <message>
        <source>Event details</source>
        <translation>Einzelheiten des Ereignisses</translation>
    </message>
    <message>
        <source>Every field of the selected record</source>
        <translation>Alle Felder des ausgewählten Eintrags</translation>
    </message>
    <message>
        <source>Select an event to see all its details.</source>
        <translation>Wählen Sie ein Ereignis aus, um alle Einzelheiten zu sehen.</translation>
    </message>
    <message>
        <source>Newer</source>
        <translation>Neuere</translation>
    </message>
    <message>
        <source>Older</source>
        <translation>Ältere</translation>
    </message>
    <message>
        <source>Export…</source>
        <translation>Exportieren…</translation>
    </message>
    <message>
        <source>A signed bundle an auditor checks with &apos;cloister audit verify&apos;</source>
        <translation>Ein signiertes Paket, das ein Prüfer mit „cloister audit verify“ prüft</translation>
    </message>
    <message>
        <source>Verify a bundle…</source>
        <translation>Paket prüfen…</translation>
    </message>
    <message>
        <source>Matter report…</source>
        <translation>Mandatsbericht…</translation>
    </message>
    <message>
        <source>For one matter: who had access, every refused attempt, and when each wall and hold was placed or lifted, as PDF or CSV</source>
        <translation>Für ein Mandat: wer Zugriff hatte, jeder abgewiesene Versuch und wann jede Informationsbarriere und Aufbewahrungssperre verhängt oder aufgehoben wurde, als PDF oder CSV</translation>
    </message>
    <message>
        <source>User</source>
        <translation>Benutzer</translation>
    </message>
    <message>
        <source>Records {first}–{last} of {total}, newest first</source>
        <translation>Einträge {first}–{last} von {total}, neueste zuerst</translation>
    </message>
    <message>
        <source>No records</source>
        <translation>Keine Einträge</translation>
    </message>
    <message>
        <source>Show only records from this time on</source>
        <translation>Nur Einträge ab diesem Zeitpunkt anzeigen</translation>
    </message>
    <message>
        <source>From time</source>
        <translation>Von (Zeit)</translation>
    </message>
    <message>
        <source>Earliest time shown, in UTC</source>
        <translation>Frühester angezeigter Zeitpunkt, in UTC</translation>
    </message>
    <message>
        <source>Show only records before this time</source>
        <translation>Nur Einträge vor diesem Zeitpunkt anzeigen</translation>
    </message>
    <message>
        <source>Until time</source>
        <translation>Bis (Zeit)</translation>
    </message>
    <message>
        <source>Latest time shown, in UTC</source>
        <translation>Spätester angezeigter Zeitpunkt, in UTC</translation>
    </message>
    <message>
        <source>Show only this user&apos;s records</source>
        <translation>Nur die Einträge dieses Benutzers anzeigen</translation>
    </message>
    <message>
        <source>Event type</source>
        <translation>Ereignistyp</translation>
    </message>
    <message>
        <source>Show only one kind of event</source>
        <translation>Nur eine Art von Ereignis anzeigen</translation>
    </message>
    <message>
        <source>The page of newer records</source>
        <translation>Die Seite mit neueren Einträgen</translation>
    </message>
    <message>
        <source>The page of older records</source>
        <translation>Die Seite mit älteren Einträgen</translation>
    </message>
    <message>
        <source>Export</source>
        <translation>Exportieren</translation>
    </message>
    <message>
        <source>Verify a bundle</source>
        <translation>Paket prüfen</translation>
    </message>
    <message>
        <source>Check an exported bundle</source>
        <translation>Ein exportiertes Paket prüfen</translation>
    </message>
    <message>
        <source>Matter report</source>
        <translation>Mandatsbericht</translation>
    </message>
    <message>
        <source>Export the audit log into an empty folder</source>
        <translation>Das Prüfprotokoll in einen leeren Ordner exportieren</translation>
    </message>
    <message>
        <source>Choose an exported audit bundle</source>
        <translation>Ein exportiertes Protokollpaket auswählen</translation>
    </message>
</context>
</TS>
