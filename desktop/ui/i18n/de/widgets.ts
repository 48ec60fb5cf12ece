<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>DialogButtons</name>
    <message>
        <source>Confirm and close this window</source>
        <translation>Bestätigen und dieses Fenster schließen</translation>
    </message>
    <message>
        <source>Save and close this window</source>
        <translation>Speichern und dieses Fenster schließen</translation>
    </message>
    <message>
        <source>Close this window without changing anything</source>
        <translation>Dieses Fenster schließen, ohne etwas zu ändern</translation>
    </message>
    <message>
        <source>Close this window</source>
        <translation>Dieses Fenster schließen</translation>
    </message>
    <message>
        <source>Put back the default values</source>
        <translation>Die Standardwerte wiederherstellen</translation>
    </message>
    <message>
        <source>Answer yes</source>
        <translation>Mit Ja antworten</translation>
    </message>
    <message>
        <source>Answer no</source>
        <translation>Mit Nein antworten</translation>
    </message>
</context>
<context>
    <name>FittedTable</name>
    <message>
        <source>Column headers</source>
        <translation>Spaltenköpfe</translation>
    </message>
    <message>
        <source>The name of each column; drag an edge to resize</source>
        <translation>Der Name jeder Spalte; ziehen Sie an einem Rand, um die Breite zu ändern</translation>
    </message>
</context>
<context>
    <name>MessageBar</name>
    <message>
        <source>Message</source>
        <translation>Meldung</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation>Meldung ausblenden</translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation>Diese Meldung ausblenden</translation>
    </message>
</context>
<context>
    <name>Numbers</name>
    <message>
        <source>unknown</source>
        <translation>unbekannt</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>{n} MB</source>
        <translation>{n} MB</translation>
    </message>
    <message>
        <source>{n} KB</source>
        <translation>{n} KB</translation>
    </message>
    <message>
        <source>{n} bytes</source>
        <translation>{n} Byte</translation>
    </message>
    <message>
        <source>fits</source>
        <translation>passt</translation>
    </message>
    <message>
        <source>tight fit</source>
        <translation>knapp</translation>
    </message>
    <message>
        <source>won&apos;t fit</source>
        <translation>passt nicht</translation>
    </message>
</context>
</TS>
