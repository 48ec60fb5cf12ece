<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>MessageBar</name>
    <message>
        <source>Message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Dismiss message</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Hide this message</source>
        <translation type="unfinished"></translation>
    </message>
</context>
<context>
    <name>header</name>
    <message>
        <source>Column headers</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>The name of each column; drag an edge to resize</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
