<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>DisplayCheck</name>
    <message>
        <source>Qt&apos;s &apos;{platform}&apos; platform plugin is missing from this installation ({plugin}).</source>
        <translation>Das Qt-Plattform-Plugin „{platform}“ fehlt in dieser Installation ({plugin}).</translation>
    </message>
    <message>
        <source>Cloister cannot open its window: there is no display (DISPLAY is not set). Start it from a desktop session, or under a virtual display: xvfb-run -a cloister</source>
        <translation>Cloister kann sein Fenster nicht öffnen: Es ist keine Anzeige vorhanden (DISPLAY ist nicht gesetzt). Starten Sie Cloister in einer Desktop-Sitzung oder unter einer virtuellen Anzeige: xvfb-run -a cloister</translation>
    </message>
    <message>
        <source>Cloister cannot open its window: Qt&apos;s X11 (xcb) plugin needs system libraries that are not installed: {names}.</source>
        <translation>Cloister kann sein Fenster nicht öffnen: Das X11-Plugin (xcb) von Qt benötigt Systembibliotheken, die nicht installiert sind: {names}.</translation>
    </message>
    <message>
        <source>Install them with: {command}</source>
        <translation>Installieren Sie sie mit: {command}</translation>
    </message>
    <message>
        <source>Install the packages that provide them with your system&apos;s package manager.</source>
        <translation>Installieren Sie die Pakete, die sie enthalten, mit der Paketverwaltung Ihres Systems.</translation>
    </message>
</context>
</TS>
