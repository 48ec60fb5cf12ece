<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AskAboutBar</name>
    <message>
        <source>No documents</source>
        <translation>Keine Dokumente</translation>
    </message>
    <message>
        <source>This conversation&apos;s files ({count})</source>
        <translation>Dateien dieser Unterhaltung ({count})</translation>
    </message>
    <message>
        <source>Collection: {name}</source>
        <translation>Sammlung: {name}</translation>
    </message>
    <message>
        <source>Ask about:</source>
        <translation>Fragen zu:</translation>
    </message>
    <message>
        <source>The documents this conversation&apos;s answers are drawn from</source>
        <translation>Die Dokumente, auf die sich die Antworten in dieser Unterhaltung stützen</translation>
    </message>
    <message>
        <source>Ask about</source>
        <translation>Fragen zu</translation>
    </message>
    <message>
        <source>Attach…</source>
        <translation>Anhängen…</translation>
    </message>
    <message>
        <source>Add files to this conversation, or drop them on the window</source>
        <translation>Dateien zu dieser Unterhaltung hinzufügen oder sie auf das Fenster ziehen</translation>
    </message>
    <message>
        <source>Attach</source>
        <translation>Anhängen</translation>
    </message>
    <message>
        <source>Attach files to this conversation…</source>
        <translation>Dateien an diese Unterhaltung anhängen…</translation>
    </message>
    <message>
        <source>Attach a folder to this conversation…</source>
        <translation>Ordner an diese Unterhaltung anhängen…</translation>
    </message>
</context>
<context>
    <name>ConversationSettingsDialog</name>
    <message>
        <source>Settings — {title}</source>
        <translation>Einstellungen — {title}</translation>
    </message>
    <message>
        <source>Empty: the model&apos;s own default instructions</source>
        <translation>Leer: die Standardanweisungen des Modells</translation>
    </message>
    <message>
        <source>Same answer every time</source>
        <translation>Jedes Mal dieselbe Antwort</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemanweisung</translation>
    </message>
    <message>
        <source>Instructions sent before the conversation; empty uses the model&apos;s own default, if it has one</source>
        <translation>Anweisungen, die vor der Unterhaltung gesendet werden; leer: die Standardanweisungen des Modells, sofern es welche hat</translation>
    </message>
    <message>
        <source>Temperature</source>
        <translation>Temperatur</translation>
    </message>
    <message>
        <source>How varied the answers are; low keeps small models on topic</source>
        <translation>Wie abwechslungsreich die Antworten sind; niedrige Werte halten kleine Modelle beim Thema</translation>
    </message>
    <message>
        <source>Top-p</source>
        <translation>Top-p</translation>
    </message>
    <message>
        <source>Only the likeliest words that together reach this share are considered</source>
        <translation>Nur die wahrscheinlichsten Wörter, die zusammen diesen Anteil erreichen, kommen in Frage</translation>
    </message>
    <message>
        <source>Top-k</source>
        <translation>Top-k</translation>
    </message>
    <message>
        <source>Only this many of the likeliest words are considered; 0: all of them</source>
        <translation>Nur so viele der wahrscheinlichsten Wörter kommen in Frage; 0: alle</translation>
    </message>
    <message>
        <source>Repeat penalty</source>
        <translation>Wiederholungsstrafe</translation>
    </message>
    <message>
        <source>Discourages repeating the same phrase over and over</source>
        <translation>Wirkt dagegen, dass dieselbe Wendung immer wieder vorkommt</translation>
    </message>
    <message>
        <source>Longest answer (tokens)</source>
        <translation>Längste Antwort (Tokens)</translation>
    </message>
    <message>
        <source>Stops an answer that runs on, before it fills the model&apos;s memory</source>
        <translation>Beendet eine ausufernde Antwort, bevor sie den Speicher des Modells füllt</translation>
    </message>
    <message>
        <source>Seed</source>
        <translation>Startwert (Seed)</translation>
    </message>
    <message>
        <source>The same seed and question give the same answer</source>
        <translation>Gleicher Startwert und gleiche Frage ergeben dieselbe Antwort</translation>
    </message>
    <message>
        <source>Uses the seed below, so the same question gives the same answer</source>
        <translation>Verwendet den Startwert unten, sodass dieselbe Frage dieselbe Antwort ergibt</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Keeps these settings for this conversation</source>
        <translation>Übernimmt diese Einstellungen für diese Unterhaltung</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Leaves the settings as they were</source>
        <translation>Lässt die Einstellungen unverändert</translation>
    </message>
    <message>
        <source>Restore defaults</source>
        <translation>Standardwerte wiederherstellen</translation>
    </message>
    <message>
        <source>Puts Cloister&apos;s defaults in every field</source>
        <translation>Setzt jedes Feld auf den Standardwert von Cloister</translation>
    </message>
</context>
<context>
    <name>MessageViewer</name>
    <message>
        <source>Whole message ({size})</source>
        <translation>Ganze Nachricht ({size})</translation>
    </message>
    <message>
        <source>Whole message</source>
        <translation>Ganze Nachricht</translation>
    </message>
    <message>
        <source>The message&apos;s whole text, read-only</source>
        <translation>Der vollständige Text der Nachricht, schreibgeschützt</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Closes this window</source>
        <translation>Schließt dieses Fenster</translation>
    </message>
</context>
<context>
    <name>PromptBox</name>
    <message>
        <source>Ask anything — Enter to send, Shift+Enter for a new line</source>
        <translation>Stellen Sie eine Frage — Eingabetaste zum Senden, Umschalt+Eingabetaste für eine neue Zeile</translation>
    </message>
    <message>
        <source>Message</source>
        <translation>Nachricht</translation>
    </message>
    <message>
        <source>Your question to the model. Enter sends it, Shift+Enter starts a new line</source>
        <translation>Ihre Frage an das Modell. Die Eingabetaste sendet sie, Umschalt+Eingabetaste beginnt eine neue Zeile</translation>
    </message>
</context>
</TS>
