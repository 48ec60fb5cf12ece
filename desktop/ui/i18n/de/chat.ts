<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AboutAnswerDialog</name>
    <message>
        <source>About this answer</source>
        <translation>Über diese Antwort</translation>
    </message>
    <message>
        <source>not recorded</source>
        <translation>nicht erfasst</translation>
    </message>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>Firm server</source>
        <translation>Kanzleiserver</translation>
    </message>
    <message>
        <source>Model on the server</source>
        <translation>Modell auf dem Server</translation>
    </message>
    <message>
        <source>Model file</source>
        <translation>Modelldatei</translation>
    </message>
    <message>
        <source>SHA-256</source>
        <translation>SHA-256</translation>
    </message>
    <message>
        <source>as used for this answer</source>
        <translation>wie für diese Antwort verwendet</translation>
    </message>
    <message>
        <source>the conversation&apos;s current settings (not recorded with this answer)</source>
        <translation>die aktuellen Einstellungen der Unterhaltung (nicht mit dieser Antwort erfasst)</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>temperature {temperature}, top-p {top_p}, top-k {top_k}, repeat penalty {repeat}, at most {max_tokens} tokens, seed {seed}; {source}</source>
        <translation>Temperatur {temperature}, Top-p {top_p}, Top-k {top_k}, Wiederholungsstrafe {repeat}, höchstens {max_tokens} Tokens, Startwert {seed}; {source}</translation>
    </message>
    <message>
        <source>random</source>
        <translation>zufällig</translation>
    </message>
    <message>
        <source>System prompt</source>
        <translation>Systemanweisung</translation>
    </message>
    <message>
        <source>none</source>
        <translation>keine</translation>
    </message>
    <message>
        <source>{prompt} read, {completion} written</source>
        <translation>{prompt} gelesen, {completion} geschrieben</translation>
    </message>
    <message>
        <source>Tokens</source>
        <translation>Tokens</translation>
    </message>
    <message>
        <source>Speed</source>
        <translation>Geschwindigkeit</translation>
    </message>
    <message>
        <source>{speed} tokens/s</source>
        <translation>{speed} Tokens/s</translation>
    </message>
    <message>
        <source>{seconds} s</source>
        <translation>{seconds} s</translation>
    </message>
    <message>
        <source>Time taken</source>
        <translation>Benötigte Zeit</translation>
    </message>
    <message>
        <source>Close</source>
        <translation>Schließen</translation>
    </message>
    <message>
        <source>Close this window</source>
        <translation>Dieses Fenster schließen</translation>
    </message>
</context>
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
    <name>ChatController</name>
    <message>
        <source>{tokens} tokens · {speed} tok/s</source>
        <translation>{tokens} Tokens · {speed} Tokens/s</translation>
    </message>
    <message>
        <source>Your message is {size}, more than the model reads at once ({tokens} tokens): only its last {characters} characters were used and earlier messages were left out. All of it is saved.</source>
        <translation>Ihre Nachricht ist {size} groß, mehr als das Modell auf einmal liest ({tokens} Tokens): Nur ihre letzten {characters} Zeichen wurden verwendet, und frühere Nachrichten wurden ausgelassen. Die ganze Nachricht ist gespeichert.</translation>
    </message>
    <message>
        <source>Your message is {size}, more than the model reads at once ({tokens} tokens): only its last {characters} characters were used. All of it is saved.</source>
        <translation>Ihre Nachricht ist {size} groß, mehr als das Modell auf einmal liest ({tokens} Tokens): Nur ihre letzten {characters} Zeichen wurden verwendet. Die ganze Nachricht ist gespeichert.</translation>
    </message>
    <message>
        <source>Your message is longer than the model can read at once; only its end was used, and earlier messages were left out.</source>
        <translation>Ihre Nachricht ist länger, als das Modell auf einmal lesen kann; nur ihr Ende wurde verwendet, und frühere Nachrichten wurden ausgelassen.</translation>
    </message>
    <message>
        <source>The conversation is longer than the model&apos;s context: its first {count} messages were left out of this answer.</source>
        <translation>Die Unterhaltung ist länger als der Kontext des Modells: Ihre ersten {count} Nachrichten wurden für diese Antwort ausgelassen.</translation>
    </message>
    <message>
        <source>Questions go to the firm server {server} at {host}, port {port}; its certificate is pinned. The local model stays loaded.</source>
        <translation>Fragen gehen an den Kanzleiserver {server} unter {host}, Port {port}; sein Zertifikat ist festgelegt. Das lokale Modell bleibt geladen.</translation>
    </message>
    <message>
        <source>This matter may not be sent to the firm server; your administrator&apos;s policy allows: {allowed}.</source>
        <translation>Dieses Mandat darf nicht an den Kanzleiserver gesendet werden; die Richtlinie Ihres Administrators erlaubt: {allowed}.</translation>
    </message>
    <message>
        <source>{why} There is no local model to continue on: add one on the Models page.</source>
        <translation>{why} Es gibt kein lokales Modell, mit dem Sie fortfahren können: Fügen Sie eines auf der Seite „Modelle“ hinzu.</translation>
    </message>
    <message>
        <source>Firm server</source>
        <translation>Kanzleiserver</translation>
    </message>
    <message>
        <source>{why} Continue on {model} (the question is asked again there)?</source>
        <translation>{why} Mit {model} fortfahren (die Frage wird dort erneut gestellt)?</translation>
    </message>
    <message>
        <source>The firm server could not answer: {reason}.</source>
        <translation>Der Kanzleiserver konnte nicht antworten: {reason}.</translation>
    </message>
    <message>
        <source>{server} ({host}, port {port})</source>
        <translation>{server} ({host}, Port {port})</translation>
    </message>
    <message>
        <source>Thinking…</source>
        <translation>Denkt nach…</translation>
    </message>
    <message>
        <source>new chats</source>
        <translation>neue Chats</translation>
    </message>
    <message>
        <source>Settings saved for this conversation</source>
        <translation>Einstellungen für diese Unterhaltung gespeichert</translation>
    </message>
    <message>
        <source>Stopping…</source>
        <translation>Wird angehalten…</translation>
    </message>
    <message>
        <source>The model could not answer: {reason}</source>
        <translation>Das Modell konnte nicht antworten: {reason}</translation>
    </message>
    <message>
        <source>{model} · {architecture} · context {tokens} · {runs_on}</source>
        <translation>{model} · {architecture} · Kontext {tokens} · {runs_on}</translation>
    </message>
    <message>
        <source>Model process: {cage}.</source>
        <translation>Modellprozess: {cage}.</translation>
    </message>
    <message>
        <source>Prompts use {template}.</source>
        <translation>Fragen verwenden {template}.</translation>
    </message>
    <message>
        <source>Model ready ({seconds} s)</source>
        <translation>Modell bereit ({seconds} s)</translation>
    </message>
    <message>
        <source>model process {cage}</source>
        <translation>Modellprozess {cage}</translation>
    </message>
    <message>
        <source>using {template}</source>
        <translation>verwendet {template}</translation>
    </message>
    <message>
        <source>{reason} The current model stays loaded.</source>
        <translation>{reason} Das aktuelle Modell bleibt geladen.</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>Loading the model was cancelled.</source>
        <translation>Das Laden des Modells wurde abgebrochen.</translation>
    </message>
    <message>
        <source>{reason}. It restarts with your next message.</source>
        <translation>{reason}. Es startet mit Ihrer nächsten Nachricht neu.</translation>
    </message>
    <message>
        <source>Model restarting with your next message</source>
        <translation>Modell startet mit Ihrer nächsten Nachricht neu</translation>
    </message>
    <message>
        <source>{reason}. The answer so far is saved; your next message starts the model again.</source>
        <translation>{reason}. Die bisherige Antwort ist gespeichert; Ihre nächste Nachricht startet das Modell neu.</translation>
    </message>
    <message>
        <source>Wait for the answer to finish, or press Stop, first.</source>
        <translation>Warten Sie zuerst, bis die Antwort fertig ist, oder klicken Sie auf „Stopp“.</translation>
    </message>
    <message>
        <source>That message can no longer be answered again.</source>
        <translation>Diese Nachricht kann nicht mehr erneut beantwortet werden.</translation>
    </message>
    <message>
        <source>Stop the answer before deleting it.</source>
        <translation>Halten Sie die Antwort an, bevor Sie sie löschen.</translation>
    </message>
    <message>
        <source>Delete message</source>
        <translation>Nachricht löschen</translation>
    </message>
    <message>
        <source>Delete this message? This cannot be undone.</source>
        <translation>Diese Nachricht löschen? Dies kann nicht rückgängig gemacht werden.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete this message for good</source>
        <translation>Diese Nachricht endgültig löschen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Keep the message</source>
        <translation>Die Nachricht behalten</translation>
    </message>
    <message>
        <source>Message deleted.</source>
        <translation>Nachricht gelöscht.</translation>
    </message>
    <message>
        <source>Unexpected error while saving: {error}</source>
        <translation>Unerwarteter Fehler beim Speichern: {error}</translation>
    </message>
    <message>
        <source>Cloister could not read or save part of its data: one of its stores may be damaged. Nothing more was written. Close Cloister and run `cloister store check` to see which store, then restore it from a backup.</source>
        <translation>Cloister konnte einen Teil seiner Daten nicht lesen oder speichern: Einer seiner Speicher ist möglicherweise beschädigt. Es wurde nichts weiter geschrieben. Schließen Sie Cloister, führen Sie `cloister store check` aus, um den betroffenen Speicher zu ermitteln, und stellen Sie ihn dann aus einer Sicherung wieder her.</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <source>Conversation</source>
        <translation>Unterhaltung</translation>
    </message>
    <message>
        <source>The messages of this conversation. Tab moves between links; the menu key opens the actions of the message the cursor is in.</source>
        <translation>Die Nachrichten dieser Unterhaltung. Die Tabulatortaste springt von Link zu Link; die Menütaste öffnet die Aktionen der Nachricht, in der der Cursor steht.</translation>
    </message>
    <message>
        <source>Start a conversation: type below and press Enter.</source>
        <translation>Beginnen Sie eine Unterhaltung: Schreiben Sie unten und drücken Sie die Eingabetaste.</translation>
    </message>
    <message>
        <source>Show earlier messages ({count} more)</source>
        <translation>Frühere Nachrichten anzeigen ({count} weitere)</translation>
    </message>
    <message>
        <source>Stopped by you.</source>
        <translation>Von Ihnen angehalten.</translation>
    </message>
    <message>
        <source>Interrupted: the model stopped before finishing this answer.</source>
        <translation>Unterbrochen: Das Modell hat angehalten, bevor diese Antwort fertig war.</translation>
    </message>
    <message>
        <source>The model could not answer.</source>
        <translation>Das Modell konnte nicht antworten.</translation>
    </message>
    <message>
        <source>Writing…</source>
        <translation>Schreibt…</translation>
    </message>
    <message>
        <source>Sources</source>
        <translation>Quellen</translation>
    </message>
    <message>
        <source>Given whole: {names}</source>
        <translation>Vollständig übergeben: {names}</translation>
    </message>
    <message>
        <source>Show all ({size})</source>
        <translation>Alles anzeigen ({size})</translation>
    </message>
    <message>
        <source>Message copied</source>
        <translation>Nachricht kopiert</translation>
    </message>
    <message>
        <source>Code copied</source>
        <translation>Code kopiert</translation>
    </message>
    <message>
        <source>Message actions</source>
        <translation>Aktionen für die Nachricht</translation>
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
    <name>EditMessageDialog</name>
    <message>
        <source>Edit message</source>
        <translation>Nachricht bearbeiten</translation>
    </message>
    <message>
        <source>Resending asks the model again from this message: the answers after it are replaced.</source>
        <translation>Beim erneuten Senden fragt Cloister das Modell ab dieser Nachricht noch einmal: Die Antworten danach werden ersetzt.</translation>
    </message>
    <message>
        <source>Message text</source>
        <translation>Text der Nachricht</translation>
    </message>
    <message>
        <source>The text that is sent to the model</source>
        <translation>Der Text, der an das Modell gesendet wird</translation>
    </message>
    <message>
        <source>Resend</source>
        <translation>Erneut senden</translation>
    </message>
    <message>
        <source>Send the edited message; the answers after it are replaced</source>
        <translation>Die bearbeitete Nachricht senden; die Antworten danach werden ersetzt</translation>
    </message>
</context>
<context>
    <name>FirmServer</name>
    <message>
        <source>This matter may not be sent to the firm server {server}; your administrator&apos;s policy allows: {allowed}</source>
        <translation>Dieses Mandat darf nicht an den Kanzleiserver {server} gesendet werden; die Richtlinie Ihres Administrators erlaubt: {allowed}</translation>
    </message>
    <message>
        <source>OK</source>
        <translation>OK</translation>
    </message>
    <message>
        <source>Close this message</source>
        <translation>Diese Meldung schließen</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Fortfahren</translation>
    </message>
    <message>
        <source>Ask the question again on the local model</source>
        <translation>Die Frage noch einmal dem lokalen Modell stellen</translation>
    </message>
    <message>
        <source>Not now</source>
        <translation>Jetzt nicht</translation>
    </message>
    <message>
        <source>Keep the firm server chosen and do nothing now</source>
        <translation>Den Kanzleiserver ausgewählt lassen und jetzt nichts tun</translation>
    </message>
</context>
<context>
    <name>Matters</name>
    <message>
        <source>That conversation belongs to another matter: switch to that matter to open it.</source>
        <translation>Diese Unterhaltung gehört zu einem anderen Mandat: Wechseln Sie zu diesem Mandat, um sie zu öffnen.</translation>
    </message>
</context>
<context>
    <name>MessageCards</name>
    <message>
        <source>You</source>
        <translation>Sie</translation>
    </message>
    <message>
        <source>Assistant</source>
        <translation>Assistent</translation>
    </message>
    <message>
        <source>System</source>
        <translation>System</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Edit</source>
        <translation>Bearbeiten</translation>
    </message>
    <message>
        <source>Regenerate</source>
        <translation>Neu erzeugen</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>About this answer</source>
        <translation>Über diese Antwort</translation>
    </message>
    <message>
        <source>Copy code</source>
        <translation>Code kopieren</translation>
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
    <name>PdfExport</name>
    <message>
        <source>[image: {description} &lt;{address}&gt;]</source>
        <translation>[Bild: {description} &lt;{address}&gt;]</translation>
    </message>
    <message>
        <source>Could not export to {path}: the PDF could not be made.</source>
        <translation>Export nach {path} nicht möglich: Das PDF konnte nicht erstellt werden.</translation>
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
<context>
    <name>RenameDialog</name>
    <message>
        <source>Rename conversation</source>
        <translation>Unterhaltung umbenennen</translation>
    </message>
    <message>
        <source>New title for this conversation:</source>
        <translation>Neuer Titel für diese Unterhaltung:</translation>
    </message>
    <message>
        <source>Conversation title</source>
        <translation>Titel der Unterhaltung</translation>
    </message>
    <message>
        <source>The name shown in the conversation list</source>
        <translation>Der Name in der Liste der Unterhaltungen</translation>
    </message>
    <message>
        <source>Rename</source>
        <translation>Umbenennen</translation>
    </message>
    <message>
        <source>Save the new title</source>
        <translation>Den neuen Titel speichern</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Keep the current title</source>
        <translation>Den bisherigen Titel behalten</translation>
    </message>
</context>
<context>
    <name>Sidebar</name>
    <message>
        <source>Search this matter&apos;s conversations</source>
        <translation>Unterhaltungen dieses Mandats durchsuchen</translation>
    </message>
    <message>
        <source>Search conversations</source>
        <translation>Unterhaltungen durchsuchen</translation>
    </message>
    <message>
        <source>Finds the conversations that contain these words, in any message</source>
        <translation>Findet die Unterhaltungen, die diese Wörter in irgendeiner Nachricht enthalten</translation>
    </message>
    <message>
        <source>Conversations</source>
        <translation>Unterhaltungen</translation>
    </message>
    <message>
        <source>Opens the chosen conversation; the menu key renames, pins, exports or deletes it</source>
        <translation>Öffnet die gewählte Unterhaltung; mit der Menütaste können Sie sie umbenennen, anheften, exportieren oder löschen</translation>
    </message>
    <message>
        <source>Search results</source>
        <translation>Suchergebnisse</translation>
    </message>
    <message>
        <source>The conversations that contain the words searched for</source>
        <translation>Die Unterhaltungen, die die gesuchten Wörter enthalten</translation>
    </message>
    <message>
        <source>No conversation contains these words.</source>
        <translation>Keine Unterhaltung enthält diese Wörter.</translation>
    </message>
    <message>
        <source>Show archived</source>
        <translation>Archivierte anzeigen</translation>
    </message>
    <message>
        <source>Lists the archived conversations instead of the others</source>
        <translation>Listet statt der übrigen die archivierten Unterhaltungen auf</translation>
    </message>
    <message>
        <source>{title}  (pinned)</source>
        <translation>{title}  (angeheftet)</translation>
    </message>
    <message>
        <source>(archived)</source>
        <translation>(archiviert)</translation>
    </message>
    <message>
        <source>Erase from audit log?</source>
        <translation>Aus Prüfprotokoll löschen?</translation>
    </message>
    <message>
        <source>The audit log keeps the prompts and replies of “{title}”. Erase their text from the audit log as well? Each record stays, with its fingerprint, length and time, so the log still verifies; the erasure is itself recorded.</source>
        <translation>Das Prüfprotokoll enthält die Fragen und Antworten von „{title}“. Soll deren Text auch aus dem Prüfprotokoll gelöscht werden? Jeder Protokolleintrag bleibt mit Fingerabdruck, Länge und Zeit erhalten, sodass sich das Protokoll weiterhin prüfen lässt; die Löschung wird selbst protokolliert.</translation>
    </message>
    <message>
        <source>Erase</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Erase this conversation&apos;s texts from the audit log</source>
        <translation>Die Texte dieser Unterhaltung aus dem Prüfprotokoll löschen</translation>
    </message>
    <message>
        <source>Keep</source>
        <translation>Behalten</translation>
    </message>
    <message>
        <source>Leave the audit log as it is</source>
        <translation>Das Prüfprotokoll unverändert lassen</translation>
    </message>
    <message>
        <source>Delete conversation</source>
        <translation>Unterhaltung löschen</translation>
    </message>
    <message>
        <source>Delete “{title}” and all its messages? Their text is erased from this computer and cannot be brought back.</source>
        <translation>„{title}“ und alle Nachrichten darin löschen? Der Text wird von diesem Computer gelöscht und kann nicht wiederhergestellt werden.</translation>
    </message>
    <message>
        <source>Delete</source>
        <translation>Löschen</translation>
    </message>
    <message>
        <source>Delete the conversation and all its messages</source>
        <translation>Die Unterhaltung und alle Nachrichten darin löschen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Keep the conversation</source>
        <translation>Die Unterhaltung behalten</translation>
    </message>
    <message>
        <source>Export conversation</source>
        <translation>Unterhaltung exportieren</translation>
    </message>
    <message>
        <source>&amp;Rename…</source>
        <translation>&amp;Umbenennen…</translation>
    </message>
    <message>
        <source>Un&amp;pin</source>
        <translation>&amp;Nicht mehr anheften</translation>
    </message>
    <message>
        <source>&amp;Pin to top</source>
        <translation>Oben a&amp;nheften</translation>
    </message>
    <message>
        <source>Un&amp;archive</source>
        <translation>Aus dem &amp;Archiv holen</translation>
    </message>
    <message>
        <source>&amp;Archive</source>
        <translation>&amp;Archivieren</translation>
    </message>
    <message>
        <source>&amp;Export as</source>
        <translation>&amp;Exportieren als</translation>
    </message>
    <message>
        <source>&amp;Move to matter…</source>
        <translation>In Mandat &amp;verschieben…</translation>
    </message>
    <message>
        <source>&amp;Delete…</source>
        <translation>&amp;Löschen…</translation>
    </message>
</context>
</TS>
