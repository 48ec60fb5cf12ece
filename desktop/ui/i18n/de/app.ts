<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>App</name>
    <message>
        <source>Opening the audit log</source>
        <translation>Prüfprotokoll öffnen</translation>
    </message>
    <message>
        <source>Acknowledging the audit alarm</source>
        <translation>Alarm des Prüfprotokolls bestätigen</translation>
    </message>
    <message>
        <source>Loading {name}…</source>
        <translation>{name} wird geladen…</translation>
    </message>
    <message>
        <source>Cloister&apos;s key file is missing: restart Cloister to unlock.</source>
        <translation>Die Schlüsseldatei von Cloister fehlt: Starten Sie Cloister neu, um es zu entsperren.</translation>
    </message>
    <message>
        <source>The system keychain holds a different key.</source>
        <translation>Der Schlüsselspeicher des Systems enthält einen anderen Schlüssel.</translation>
    </message>
    <message>
        <source>Integrity problem: {problem}. This was recorded.</source>
        <translation>Integritätsproblem: {problem}. Dies wurde protokolliert.</translation>
    </message>
    <message>
        <source>The audit log failed its integrity check: {problem}. This was recorded.</source>
        <translation>Das Prüfprotokoll hat die Integritätsprüfung nicht bestanden: {problem}. Dies wurde protokolliert.</translation>
    </message>
    <message>
        <source>Cloister has no embedding model installed.</source>
        <translation>In Cloister ist kein Einbettungsmodell installiert.</translation>
    </message>
    <message>
        <source>API: {words}</source>
        <translation>API: {words}</translation>
    </message>
</context>
</TS>
