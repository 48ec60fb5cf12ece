<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>AboutDialog</name>
    <message>
        <source>About {app}</source>
        <translation>Über {app}</translation>
    </message>
    <message>
        <source>&lt;h2&gt;{app}&lt;/h2&gt;&lt;p&gt;Version {version}&lt;/p&gt;</source>
        <translation>&lt;h2&gt;{app}&lt;/h2&gt;&lt;p&gt;Version {version}&lt;/p&gt;</translation>
    </message>
    <message>
        <source>A private AI assistant: open-weight language models run on this computer&apos;s processor, and your conversations and documents stay on its disk, encrypted.</source>
        <translation>Ein privater KI-Assistent: Offene Sprachmodelle laufen auf dem Prozessor dieses Computers, und Ihre Unterhaltungen und Dokumente bleiben verschlüsselt auf seinem Datenträger.</translation>
    </message>
    <message>
        <source>Licences</source>
        <translation>Lizenzen</translation>
    </message>
    <message>
        <source>Cloister&apos;s licence and those of the software it ships; Enter opens one</source>
        <translation>Die Lizenz von Cloister und die der mitgelieferten Software; die Eingabetaste öffnet eine davon</translation>
    </message>
    <message>
        <source>Open…</source>
        <translation>Öffnen…</translation>
    </message>
    <message>
        <source>Open licence</source>
        <translation>Lizenz öffnen</translation>
    </message>
    <message>
        <source>Shows the chosen licence text</source>
        <translation>Zeigt den Text der gewählten Lizenz</translation>
    </message>
    <message>
        <source>Cloister and the software of others that ships with it:</source>
        <translation>Cloister und die mitgelieferte Software Dritter:</translation>
    </message>
    <message>
        <source>About Cloister</source>
        <translation>Über Cloister</translation>
    </message>
    <message>
        <source>Version, privacy and licences</source>
        <translation>Version, Datenschutz und Lizenzen</translation>
    </message>
    <message>
        <source>About</source>
        <translation>Über</translation>
    </message>
    <message>
        <source>Privacy</source>
        <translation>Datenschutz</translation>
    </message>
    <message>
        <source>This licence text could not be read: {problem}</source>
        <translation>Dieser Lizenztext konnte nicht gelesen werden: {problem}</translation>
    </message>
    <message>
        <source>&lt;b&gt;It never sends your data anywhere.&lt;/b&gt; Models run on this computer, in a process of their own. The only network access Cloister has is the optional model download on the Models page, which your administrator can turn off; in air-gapped mode every network access is blocked and recorded.</source>
        <translation>&lt;b&gt;Es sendet Ihre Daten niemals irgendwohin.&lt;/b&gt; Modelle laufen auf diesem Computer in einem eigenen Prozess. Der einzige Netzwerkzugriff von Cloister ist der optionale Modell-Download auf der Seite „Modelle“, den Ihr Administrator abschalten kann; im Offline-Modus wird jeder Netzwerkzugriff blockiert und protokolliert.</translation>
    </message>
    <message>
        <source>&lt;b&gt;It never stores your data unencrypted.&lt;/b&gt; Conversations, documents and the audit log are encrypted on disk (SQLCipher, AES-256) with a key kept in the system keychain or protected by your passphrase.</source>
        <translation>&lt;b&gt;Es speichert Ihre Daten niemals unverschlüsselt.&lt;/b&gt; Unterhaltungen, Dokumente und das Prüfprotokoll werden auf dem Datenträger verschlüsselt (SQLCipher, AES-256), mit einem Schlüssel, der im Schlüsselspeicher des Systems liegt oder durch Ihre Passphrase geschützt ist.</translation>
    </message>
    <message>
        <source>&lt;b&gt;It never collects usage statistics&lt;/b&gt; and needs no account: there is nobody to send them to.</source>
        <translation>&lt;b&gt;Es erhebt niemals Nutzungsstatistiken&lt;/b&gt; und braucht kein Konto: Es gibt niemanden, an den sie gesendet würden.</translation>
    </message>
    <message>
        <source>&lt;b&gt;It never writes your data into crash dumps&lt;/b&gt; on Linux and macOS: core dumps are turned off in every Cloister process there.</source>
        <translation>&lt;b&gt;Es schreibt Ihre Daten niemals in Absturzabbilder&lt;/b&gt; unter Linux und macOS: Core-Dumps sind dort in jedem Cloister-Prozess abgeschaltet.</translation>
    </message>
    <message>
        <source>&lt;b&gt;It never acts unrecorded.&lt;/b&gt; Security-relevant actions (starts, unlocks, model loads with the file&apos;s SHA-256, exports, deletions) go into a signed, hash-chained audit log before they happen; prompts and answers appear there by hash and length unless your administrator&apos;s policy records their text.</source>
        <translation>&lt;b&gt;Es handelt niemals unprotokolliert.&lt;/b&gt; Sicherheitsrelevante Vorgänge (Starts, Entsperrungen, das Laden von Modellen mit dem SHA-256 der Datei, Exporte, Löschungen) werden in ein signiertes, per Hash verkettetes Prüfprotokoll eingetragen, bevor sie geschehen; Fragen und Antworten erscheinen dort nur als Hash und Länge, sofern die Richtlinie Ihres Administrators nicht ihren Text protokolliert.</translation>
    </message>
</context>
<context>
    <name>ChatHeader</name>
    <message>
        <source>Model:</source>
        <translation>Modell:</translation>
    </message>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
</context>
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
<context>
    <name>FirmServer</name>
    <message>
        <source>Firm server</source>
        <translation>Kanzleiserver</translation>
    </message>
    <message>
        <source>{server}: {model}</source>
        <translation>{server}: {model}</translation>
    </message>
    <message>
        <source>all matters</source>
        <translation>alle Mandate</translation>
    </message>
    <message>
        <source>no matter</source>
        <translation>kein Mandat</translation>
    </message>
    <message>
        <source>General (no client matter)</source>
        <translation>Allgemein (kein Mandat)</translation>
    </message>
    <message>
        <source>Runs on the firm&apos;s server {host} (port {port}), not on this computer.</source>
        <translation>Läuft auf dem Server der Kanzlei {host} (Port {port}), nicht auf diesem Computer.</translation>
    </message>
    <message>
        <source>Its certificate is pinned: a server showing another one is refused.</source>
        <translation>Sein Zertifikat ist festgelegt: Ein Server, der ein anderes vorzeigt, wird abgelehnt.</translation>
    </message>
    <message>
        <source>Matters that may be sent to it: {matters}.</source>
        <translation>Mandate, die an ihn gesendet werden dürfen: {matters}.</translation>
    </message>
    <message>
        <source>{label} · {host}</source>
        <translation>{label} · {host}</translation>
    </message>
</context>
<context>
    <name>LicenceViewer</name>
    <message>
        <source>Licence text</source>
        <translation>Lizenztext</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <source>New chat</source>
        <translation>Neuer Chat</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>Eine neue Unterhaltung beginnen</translation>
    </message>
    <message>
        <source>Start a new conversation ({key})</source>
        <translation>Eine neue Unterhaltung beginnen ({key})</translation>
    </message>
    <message>
        <source>Send</source>
        <translation>Senden</translation>
    </message>
    <message>
        <source>Send the message to the model</source>
        <translation>Die Nachricht an das Modell senden</translation>
    </message>
    <message>
        <source>Stop</source>
        <translation>Stopp</translation>
    </message>
    <message>
        <source>Stop the answer (Esc)</source>
        <translation>Die Antwort abbrechen (Esc)</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>Model loading</source>
        <translation>Modell wird geladen</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Stop loading this model</source>
        <translation>Das Laden dieses Modells abbrechen</translation>
    </message>
    <message>
        <source>Cancel loading</source>
        <translation>Laden abbrechen</translation>
    </message>
    <message>
        <source>Air-gapped</source>
        <translation>Offline</translation>
    </message>
    <message>
        <source>Air-gapped mode</source>
        <translation>Offline-Modus</translation>
    </message>
    <message>
        <source>Network access is blocked and every attempt is audited.</source>
        <translation>Netzwerkzugriffe sind blockiert, und jeder Versuch wird protokolliert.</translation>
    </message>
    <message>
        <source>Air-gapped: {state}</source>
        <translation>Offline: {state}</translation>
    </message>
    <message>
        <source>Network access is refused by Cloister&apos;s own guard and audited, but the operating system does not enforce it: code that bypasses Python can still reach the network.</source>
        <translation>Netzwerkzugriffe werden von Cloisters eigenem Schutz abgewiesen und protokolliert, aber das Betriebssystem erzwingt dies nicht: Code, der Python umgeht, kann das Netzwerk weiterhin erreichen.</translation>
    </message>
    <message>
        <source>{process}: {state} ({detail})</source>
        <translation>{process}: {state} ({detail})</translation>
    </message>
    <message>
        <source>Blocked so far: {count}.</source>
        <translation>Bisher blockiert: {count}.</translation>
    </message>
    <message>
        <source>enforced by the OS</source>
        <translation>vom Betriebssystem erzwungen</translation>
    </message>
    <message>
        <source>guarded, not enforced</source>
        <translation>überwacht, nicht erzwungen</translation>
    </message>
    <message>
        <source>app</source>
        <translation>Anwendung</translation>
    </message>
    <message>
        <source>worker</source>
        <translation>Modellprozess</translation>
    </message>
    <message>
        <source>embedder</source>
        <translation>Einbettungsprozess</translation>
    </message>
    <message>
        <source>document reader</source>
        <translation>Leseprogramm</translation>
    </message>
    <message>
        <source>Administrators only</source>
        <translation>Nur für Administratoren</translation>
    </message>
    <message>
        <source>{action} is for administrators and auditors, and is itself recorded. Go on?</source>
        <translation>{action}: Dies ist Administratoren und Prüfern vorbehalten und wird selbst protokolliert. Fortfahren?</translation>
    </message>
</context>
<context>
    <name>ModelPicker</name>
    <message>
        <source>Model</source>
        <translation>Modell</translation>
    </message>
    <message>
        <source>The model that answers; choosing another one loads it</source>
        <translation>Das Modell, das antwortet; die Wahl eines anderen lädt dieses</translation>
    </message>
    <message>
        <source>Choose the model that answers</source>
        <translation>Wählen Sie das Modell, das antwortet</translation>
    </message>
    <message>
        <source>{name} (not installed)</source>
        <translation>{name} (nicht installiert)</translation>
    </message>
    <message>
        <source>No model loaded</source>
        <translation>Kein Modell geladen</translation>
    </message>
    <message>
        <source>default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>Loaded when Cloister starts.</source>
        <translation>Wird beim Start von Cloister geladen.</translation>
    </message>
</context>
<context>
    <name>NetworkMonitor</name>
    <message>
        <source>Blocked a network connection to {target} ({operation}) from {caller}</source>
        <translation>Netzwerkverbindung zu {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked a DNS lookup of {target} ({operation}) from {caller}</source>
        <translation>DNS-Abfrage von {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked a reverse DNS lookup of {target} ({operation}) from {caller}</source>
        <translation>Umgekehrte DNS-Abfrage von {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked a network listening socket on {target} ({operation}) from {caller}</source>
        <translation>Lauschenden Netzwerk-Socket auf {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked a network datagram to {target} ({operation}) from {caller}</source>
        <translation>Netzwerk-Datagramm an {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked a network message to {target} ({operation}) from {caller}</source>
        <translation>Netzwerknachricht an {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked a network socket, {target} ({operation}) from {caller}</source>
        <translation>Netzwerk-Socket blockiert, {target} ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked loading {target} ({operation}) from {caller}</source>
        <translation>Laden von {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
    <message>
        <source>Blocked a network access to {target} ({operation}) from {caller}</source>
        <translation>Netzwerkzugriff auf {target} blockiert ({operation}), ausgelöst von {caller}</translation>
    </message>
</context>
<context>
    <name>Placement</name>
    <message>
        <source>Runs on {device}.</source>
        <translation>Läuft auf {device}.</translation>
    </message>
</context>
<context>
    <name>WindowMenus</name>
    <message>
        <source>&amp;File</source>
        <translation>&amp;Datei</translation>
    </message>
    <message>
        <source>&amp;New chat</source>
        <translation>&amp;Neuer Chat</translation>
    </message>
    <message>
        <source>Start a new conversation</source>
        <translation>Eine neue Unterhaltung beginnen</translation>
    </message>
    <message>
        <source>&amp;Export conversation</source>
        <translation>Unterhaltung &amp;exportieren</translation>
    </message>
    <message>
        <source>{format}…</source>
        <translation>{format}…</translation>
    </message>
    <message>
        <source>Save this conversation as {format}</source>
        <translation>Diese Unterhaltung als {format} speichern</translation>
    </message>
    <message>
        <source>&amp;Lock now</source>
        <translation>Jetzt &amp;sperren</translation>
    </message>
    <message>
        <source>Hide your conversations until you unlock</source>
        <translation>Ihre Unterhaltungen verbergen, bis Sie entsperren</translation>
    </message>
    <message>
        <source>&amp;Quit</source>
        <translation>&amp;Beenden</translation>
    </message>
    <message>
        <source>Save what is open and close {app}</source>
        <translation>Offenes speichern und {app} schließen</translation>
    </message>
    <message>
        <source>&amp;Edit</source>
        <translation>&amp;Bearbeiten</translation>
    </message>
    <message>
        <source>&amp;Copy</source>
        <translation>&amp;Kopieren</translation>
    </message>
    <message>
        <source>Copy the selected text</source>
        <translation>Den ausgewählten Text kopieren</translation>
    </message>
    <message>
        <source>Select &amp;all</source>
        <translation>&amp;Alles auswählen</translation>
    </message>
    <message>
        <source>Select all text here</source>
        <translation>Den gesamten Text hier auswählen</translation>
    </message>
    <message>
        <source>&amp;Find…</source>
        <translation>&amp;Suchen…</translation>
    </message>
    <message>
        <source>Search this matter&apos;s conversations</source>
        <translation>Unterhaltungen dieses Mandats durchsuchen</translation>
    </message>
    <message>
        <source>&amp;View</source>
        <translation>&amp;Ansicht</translation>
    </message>
    <message>
        <source>&amp;Bigger text</source>
        <translation>&amp;Größere Schrift</translation>
    </message>
    <message>
        <source>Make all text bigger</source>
        <translation>Alle Texte größer darstellen</translation>
    </message>
    <message>
        <source>&amp;Smaller text</source>
        <translation>&amp;Kleinere Schrift</translation>
    </message>
    <message>
        <source>Make all text smaller</source>
        <translation>Alle Texte kleiner darstellen</translation>
    </message>
    <message>
        <source>&amp;Actual size</source>
        <translation>&amp;Originalgröße</translation>
    </message>
    <message>
        <source>Text at its normal size</source>
        <translation>Texte in normaler Größe</translation>
    </message>
    <message>
        <source>&amp;Tools</source>
        <translation>E&amp;xtras</translation>
    </message>
    <message>
        <source>&amp;Documents…</source>
        <translation>&amp;Dokumente…</translation>
    </message>
    <message>
        <source>Collections of documents to ask about, and indexing</source>
        <translation>Dokumentsammlungen, zu denen Sie Fragen stellen, und ihre Indizierung</translation>
    </message>
    <message>
        <source>&amp;Models…</source>
        <translation>&amp;Modelle…</translation>
    </message>
    <message>
        <source>Installed models, import, download, verify</source>
        <translation>Installierte Modelle: importieren, herunterladen, prüfen</translation>
    </message>
    <message>
        <source>&amp;Chat settings…</source>
        <translation>&amp;Chat-Einstellungen…</translation>
    </message>
    <message>
        <source>System prompt and sampling for this conversation</source>
        <translation>Systemanweisung und Sampling für diese Unterhaltung</translation>
    </message>
    <message>
        <source>&amp;Audit log…</source>
        <translation>&amp;Prüfprotokoll…</translation>
    </message>
    <message>
        <source>For administrators: review, export and verify the audit log</source>
        <translation>Für Administratoren: das Prüfprotokoll einsehen, exportieren und prüfen</translation>
    </message>
    <message>
        <source>&amp;Settings…</source>
        <translation>&amp;Einstellungen…</translation>
    </message>
    <message>
        <source>This workstation&apos;s settings, and which ones are locked</source>
        <translation>Die Einstellungen dieses Arbeitsplatzes und welche davon gesperrt sind</translation>
    </message>
    <message>
        <source>&amp;Help</source>
        <translation>&amp;Hilfe</translation>
    </message>
    <message>
        <source>&amp;About {app}</source>
        <translation>&amp;Über {app}</translation>
    </message>
    <message>
        <source>Version and licences</source>
        <translation>Version und Lizenzen</translation>
    </message>
    <message>
        <source>&amp;Privacy: what {app} never does…</source>
        <translation>&amp;Datenschutz: was {app} niemals tut…</translation>
    </message>
    <message>
        <source>What Cloister never does with your data</source>
        <translation>Was Cloister mit Ihren Daten niemals tut</translation>
    </message>
    <message>
        <source>&amp;Matter</source>
        <translation>&amp;Mandat</translation>
    </message>
    <message>
        <source>&amp;New matter…</source>
        <translation>&amp;Neues Mandat…</translation>
    </message>
    <message>
        <source>Open a new client matter and switch to it</source>
        <translation>Ein neues Mandat anlegen und dorthin wechseln</translation>
    </message>
    <message>
        <source>&amp;Close matter…</source>
        <translation>Mandat &amp;schließen…</translation>
    </message>
    <message>
        <source>Make this matter read-only, or open it again</source>
        <translation>Dieses Mandat schreibschützen oder wieder öffnen</translation>
    </message>
    <message>
        <source>Place legal &amp;hold…</source>
        <translation>&amp;Aufbewahrungssperre verhängen…</translation>
    </message>
    <message>
        <source>For administrators: stop every deletion in this matter, or lift the hold</source>
        <translation>Für Administratoren: jedes Löschen in diesem Mandat verhindern oder die Sperre aufheben</translation>
    </message>
    <message>
        <source>&amp;Retention…</source>
        <translation>Aufbewahrungs&amp;dauer…</translation>
    </message>
    <message>
        <source>For administrators: how long this matter&apos;s conversations are kept</source>
        <translation>Für Administratoren: wie lange die Unterhaltungen dieses Mandats aufbewahrt werden</translation>
    </message>
    <message>
        <source>&amp;Export matter…</source>
        <translation>Mandat &amp;exportieren…</translation>
    </message>
    <message>
        <source>The whole matter as one signed bundle that verifies offline</source>
        <translation>Das ganze Mandat als ein signiertes Paket, das sich offline prüfen lässt</translation>
    </message>
    <message>
        <source>&amp;Move conversation to matter…</source>
        <translation>Unterhaltung in anderes Mandat &amp;verschieben…</translation>
    </message>
    <message>
        <source>File this conversation and its attached files under another matter</source>
        <translation>Diese Unterhaltung und ihre angehängten Dateien einem anderen Mandat zuordnen</translation>
    </message>
    <message>
        <source>Re&amp;open matter…</source>
        <translation>Mandat &amp;wieder öffnen…</translation>
    </message>
    <message>
        <source>Lift legal &amp;hold…</source>
        <translation>Aufbewahrungssperre &amp;aufheben…</translation>
    </message>
</context>
</TS>
