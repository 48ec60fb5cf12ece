<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>LocalApiController</name>
    <message>
        <source>The access token was revoked.</source>
        <translation>Das Zugriffstoken wurde widerrufen.</translation>
    </message>
</context>
<context>
    <name>LocalApiPanel</name>
    <message>
        <source>Create access token</source>
        <translation>Zugriffstoken erstellen</translation>
    </message>
    <message>
        <source>Makes a new token for programs and shows it once; an earlier one stops working.</source>
        <translation>Erstellt ein neues Token für Programme und zeigt es einmal an; ein früheres funktioniert dann nicht mehr.</translation>
    </message>
    <message>
        <source>Revoke</source>
        <translation>Widerrufen</translation>
    </message>
    <message>
        <source>Revoke access token</source>
        <translation>Zugriffstoken widerrufen</translation>
    </message>
    <message>
        <source>Every program using the token is refused from now on.</source>
        <translation>Jedes Programm, das das Token verwendet, wird ab jetzt abgewiesen.</translation>
    </message>
    <message>
        <source>Address</source>
        <translation>Adresse</translation>
    </message>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Not allowed by your administrator&apos;s policy</source>
        <translation>Von der Richtlinie Ihres Administrators nicht erlaubt</translation>
    </message>
    <message>
        <source>Off</source>
        <translation>Aus</translation>
    </message>
    <message>
        <source>Local API address: {address}</source>
        <translation>Adresse der lokalen API: {address}</translation>
    </message>
    <message>
        <source>None: programs are refused</source>
        <translation>Keines: Programme werden abgewiesen</translation>
    </message>
    <message>
        <source>Fingerprint {fingerprint}</source>
        <translation>Fingerabdruck {fingerprint}</translation>
    </message>
</context>
<context>
    <name>PreferencesController</name>
    <message>
        <source>Settings saved.</source>
        <translation>Einstellungen gespeichert.</translation>
    </message>
    <message>
        <source>“{setting}” is set by your administrator&apos;s policy and cannot be changed.</source>
        <translation>„{setting}“ ist durch die Richtlinie Ihres Administrators festgelegt und kann nicht geändert werden.</translation>
    </message>
    <message>
        <source>Changing how long the audit log keeps records</source>
        <translation>Ändern, wie lange das Prüfprotokoll Einträge aufbewahrt</translation>
    </message>
    <message>
        <source>The audit log&apos;s settings were not changed.</source>
        <translation>Die Einstellungen des Prüfprotokolls wurden nicht geändert.</translation>
    </message>
</context>
<context>
    <name>PreferencesDialog</name>
    <message>
        <source>Locked: set by your administrator</source>
        <translation>Gesperrt: von Ihrem Administrator festgelegt</translation>
    </message>
    <message>
        <source>Air-gapped mode</source>
        <translation>Offline-Modus</translation>
    </message>
    <message>
        <source>Model downloads</source>
        <translation>Modell-Downloads</translation>
    </message>
    <message>
        <source>Exporting conversations</source>
        <translation>Unterhaltungen exportieren</translation>
    </message>
    <message>
        <source>Lock after this many idle minutes</source>
        <translation>Sperren nach so vielen Minuten Inaktivität</translation>
    </message>
    <message>
        <source>Prompts and replies in the audit log</source>
        <translation>Fragen und Antworten im Prüfprotokoll</translation>
    </message>
    <message>
        <source>Models that may be used</source>
        <translation>Zulässige Modelle</translation>
    </message>
    <message>
        <source>Importing models no catalog lists</source>
        <translation>Modelle importieren, die kein Katalog führt</translation>
    </message>
    <message>
        <source>Model catalog</source>
        <translation>Modellkatalog</translation>
    </message>
    <message>
        <source>Model catalog&apos;s SHA-256</source>
        <translation>SHA-256 des Modellkatalogs</translation>
    </message>
    <message>
        <source>Administrator passphrase</source>
        <translation>Passphrase des Administrators</translation>
    </message>
    <message>
        <source>Keep audit records for (days)</source>
        <translation>Protokolleinträge aufbewahren (Tage)</translation>
    </message>
    <message>
        <source>Legal hold (purge nothing)</source>
        <translation>Aufbewahrungspflicht (nichts löschen)</translation>
    </message>
    <message>
        <source>Deleting a conversation may erase its text from the audit log</source>
        <translation>Das Löschen einer Unterhaltung darf ihren Text aus dem Prüfprotokoll entfernen</translation>
    </message>
    <message>
        <source>Audit signing keys trusted by verify</source>
        <translation>Signaturschlüssel, denen die Prüfung vertraut</translation>
    </message>
    <message>
        <source>Audit witness folder</source>
        <translation>Zeugenordner des Prüfprotokolls</translation>
    </message>
    <message>
        <source>Audit witness key</source>
        <translation>Zeugenschlüssel des Prüfprotokolls</translation>
    </message>
    <message>
        <source>Appearance</source>
        <translation>Darstellung</translation>
    </message>
    <message>
        <source>Text size</source>
        <translation>Schriftgröße</translation>
    </message>
    <message>
        <source>Language (from the next start)</source>
        <translation>Sprache (ab dem nächsten Start)</translation>
    </message>
    <message>
        <source>Use the graphics card</source>
        <translation>Grafikkarte verwenden</translation>
    </message>
    <message>
        <source>Ethical walls</source>
        <translation>Informationsbarrieren</translation>
    </message>
    <message>
        <source>Firm inference servers</source>
        <translation>Inferenzserver der Kanzlei</translation>
    </message>
    <message>
        <source>Local API allowed</source>
        <translation>Lokale API erlaubt</translation>
    </message>
    <message>
        <source>Local API for other programs</source>
        <translation>Lokale API für andere Programme</translation>
    </message>
    <message>
        <source>Local API port (127.0.0.1)</source>
        <translation>Port der lokalen API (127.0.0.1)</translation>
    </message>
    <message>
        <source>Keep the local API&apos;s conversations</source>
        <translation>Unterhaltungen der lokalen API aufbewahren</translation>
    </message>
    <message>
        <source>Block every network access.</source>
        <translation>Jeden Netzwerkzugriff blockieren.</translation>
    </message>
    <message>
        <source>Only models with one of these SHA-256s may be imported or loaded.</source>
        <translation>Nur Modelle mit einem dieser SHA-256-Werte dürfen importiert oder geladen werden.</translation>
    </message>
    <message>
        <source>Model downloads are possible.</source>
        <translation>Modell-Downloads sind möglich.</translation>
    </message>
    <message>
        <source>Models in no catalog and no allowlist may be imported (unverified).</source>
        <translation>Modelle, die in keinem Katalog und keiner Positivliste stehen, dürfen importiert werden (ungeprüft).</translation>
    </message>
    <message>
        <source>The site&apos;s own model catalog (JSON), replacing or extending ours.</source>
        <translation>Der eigene Modellkatalog Ihres Standorts (JSON), der unseren ersetzt oder ergänzt.</translation>
    </message>
    <message>
        <source>The site catalog must have this SHA-256, or it is not used.</source>
        <translation>Der Katalog des Standorts muss diesen SHA-256 haben, sonst wird er nicht verwendet.</translation>
    </message>
    <message>
        <source>A fingerprint and the length of each prompt and reply, or their full text as well.</source>
        <translation>Ein Fingerabdruck und die Länge jeder Frage und Antwort oder zusätzlich ihr vollständiger Text.</translation>
    </message>
    <message>
        <source>Audit records are purged after this many days.</source>
        <translation>Protokolleinträge werden nach so vielen Tagen gelöscht.</translation>
    </message>
    <message>
        <source>Nothing is purged while on.</source>
        <translation>Solange aktiviert, wird nichts gelöscht.</translation>
    </message>
    <message>
        <source>Deleting a conversation may also erase its prompts and replies kept in the audit log (when it keeps the full text); fingerprints, lengths and times stay.</source>
        <translation>Das Löschen einer Unterhaltung darf auch ihre im Prüfprotokoll aufbewahrten Fragen und Antworten entfernen (wenn es den vollständigen Text aufbewahrt); Fingerabdrücke, Längen und Zeiten bleiben erhalten.</translation>
    </message>
    <message>
        <source>Lock the window after this long idle; 0 never.</source>
        <translation>Das Fenster nach so langer Inaktivität sperren; 0 bedeutet nie.</translation>
    </message>
    <message>
        <source>Conversations may be exported.</source>
        <translation>Unterhaltungen dürfen exportiert werden.</translation>
    </message>
    <message>
        <source>The administrator&apos;s passphrase, hashed (scrypt).</source>
        <translation>Die Passphrase des Administrators als Hash (scrypt).</translation>
    </message>
    <message>
        <source>&apos;cloister audit verify&apos; vouches for bundles signed by these keys (their fingerprints).</source>
        <translation>„cloister audit verify“ bürgt für Pakete, die mit diesen Schlüsseln signiert sind (ihre Fingerabdrücke).</translation>
    </message>
    <message>
        <source>Every signed audit checkpoint is also written to this folder.</source>
        <translation>Jeder signierte Prüfpunkt des Protokolls wird auch in diesen Ordner geschrieben.</translation>
    </message>
    <message>
        <source>The administrator&apos;s witness key that cosigns those checkpoints.</source>
        <translation>Der Zeugenschlüssel des Administrators, der diese Prüfpunkte gegenzeichnet.</translation>
    </message>
    <message>
        <source>Light, dark, or following the operating system&apos;s setting.</source>
        <translation>Hell, dunkel oder nach der Einstellung des Betriebssystems.</translation>
    </message>
    <message>
        <source>Text size in 10% steps of the system&apos;s size (Ctrl/Cmd + and -).</source>
        <translation>Schriftgröße in 10-%-Schritten der Systemgröße (Strg/Cmd + und -).</translation>
    </message>
    <message>
        <source>The window&apos;s language: the operating system&apos;s, or one chosen here. Applies when Cloister next starts.</source>
        <translation>Die Sprache des Fensters: die des Betriebssystems oder die hier gewählte. Gilt ab dem nächsten Start von Cloister.</translation>
    </message>
    <message>
        <source>Run the model on the graphics card where Cloister&apos;s engine supports it (Metal, Vulkan); off: the processor only. Applies when a model is next loaded.</source>
        <translation>Das Modell auf der Grafikkarte ausführen, wo Cloisters Engine sie unterstützt (Metal, Vulkan); aus: nur auf dem Prozessor. Gilt ab dem nächsten Laden eines Modells.</translation>
    </message>
    <message>
        <source>Matters screened from some accounts, or open to some only (the Matter menu shows which you may use).</source>
        <translation>Mandate, von denen bestimmte Konten ausgeschlossen sind oder die nur bestimmten Konten offenstehen (das Menü „Mandat“ zeigt, welche Sie nutzen dürfen).</translation>
    </message>
    <message>
        <source>The firm&apos;s own inference servers (certificate pinned) whose models the model picker offers; in air-gapped mode the only addresses Cloister may reach.</source>
        <translation>Die eigenen Inferenzserver der Kanzlei (Zertifikat festgelegt), deren Modelle die Modellauswahl anbietet; im Offline-Modus die einzigen Adressen, die Cloister erreichen darf.</translation>
    </message>
    <message>
        <source>Whether the administrator lets other programs on this computer use Cloister&apos;s model.</source>
        <translation>Ob der Administrator anderen Programmen auf diesem Computer erlaubt, das Modell von Cloister zu nutzen.</translation>
    </message>
    <message>
        <source>Other programs on this computer (a Word add-in, a script) may use the local model through an OpenAI-compatible API on 127.0.0.1, with the access token shown here. Every call is audited.</source>
        <translation>Andere Programme auf diesem Computer (ein Word-Add-in, ein Skript) dürfen das lokale Modell über eine OpenAI-kompatible API auf 127.0.0.1 nutzen, mit dem hier angezeigten Zugriffstoken. Jeder Aufruf wird protokolliert.</translation>
    </message>
    <message>
        <source>The port the local API listens on, on 127.0.0.1 only.</source>
        <translation>Der Port, auf dem die lokale API lauscht, nur auf 127.0.0.1.</translation>
    </message>
    <message>
        <source>Keep what programs ask through the local API, and the answers, like your own conversations; off: only the audit log&apos;s record of each call.</source>
        <translation>Was Programme über die lokale API fragen, und die Antworten wie Ihre eigenen Unterhaltungen aufbewahren; aus: nur der Eintrag jedes Aufrufs im Prüfprotokoll.</translation>
    </message>
    <message>
        <source>From the policy file: {path}</source>
        <translation>Aus der Richtliniendatei: {path}</translation>
    </message>
    <message>
        <source>From an extra policy file (--policy, stricter only)</source>
        <translation>Aus einer zusätzlichen Richtliniendatei (--policy, nur strenger)</translation>
    </message>
    <message>
        <source>Failed closed: the policy file {path} could not be used</source>
        <translation>Sicher gesperrt: Die Richtliniendatei {path} konnte nicht verwendet werden</translation>
    </message>
    <message>
        <source>From your own settings</source>
        <translation>Aus Ihren eigenen Einstellungen</translation>
    </message>
    <message>
        <source>From the app&apos;s settings (kept in the encrypted audit log)</source>
        <translation>Aus den Einstellungen der Anwendung (im verschlüsselten Prüfprotokoll gespeichert)</translation>
    </message>
    <message>
        <source>Cloister&apos;s default</source>
        <translation>Standardwert von Cloister</translation>
    </message>
    <message>
        <source>air-gapped</source>
        <translation>Offline-Modus</translation>
    </message>
    <message>
        <source>only approved models may be used</source>
        <translation>nur freigegebene Modelle sind zulässig</translation>
    </message>
    <message>
        <source>Follow system</source>
        <translation>Wie das System</translation>
    </message>
    <message>
        <source>Light</source>
        <translation>Hell</translation>
    </message>
    <message>
        <source>Dark</source>
        <translation>Dunkel</translation>
    </message>
    <message>
        <source>A fingerprint and the length only</source>
        <translation>Nur Fingerabdruck und Länge</translation>
    </message>
    <message>
        <source>The full text</source>
        <translation>Der vollständige Text</translation>
    </message>
    <message>
        <source>Settings</source>
        <translation>Einstellungen</translation>
    </message>
    <message>
        <source>Locked settings come from your administrator&apos;s policy file ({files}) and cannot be changed here.</source>
        <translation>Gesperrte Einstellungen stammen aus der Richtliniendatei Ihres Administrators ({files}) und können hier nicht geändert werden.</translation>
    </message>
    <message>
        <source>This workstation</source>
        <translation>Dieser Arbeitsplatz</translation>
    </message>
    <message>
        <source>Firm server and other programs</source>
        <translation>Kanzleiserver und andere Programme</translation>
    </message>
    <message>
        <source>Audit log (administrators)</source>
        <translation>Prüfprotokoll (Administratoren)</translation>
    </message>
    <message>
        <source>Any valid model</source>
        <translation>Jedes gültige Modell</translation>
    </message>
    <message>
        <source>{count} approved (SHA-256)</source>
        <translation>{count} freigegeben (SHA-256)</translation>
    </message>
    <message>
        <source>Not set</source>
        <translation>Nicht festgelegt</translation>
    </message>
    <message>
        <source>Set</source>
        <translation>Festgelegt</translation>
    </message>
    <message>
        <source>Cloister&apos;s own</source>
        <translation>Der von Cloister</translation>
    </message>
    <message>
        <source>Not pinned</source>
        <translation>Nicht festgelegt</translation>
    </message>
    <message>
        <source>{count} pinned (fingerprints)</source>
        <translation>{count} festgelegt (Fingerabdrücke)</translation>
    </message>
    <message>
        <source>None pinned</source>
        <translation>Keine festgelegt</translation>
    </message>
    <message>
        <source>None: checkpoints are not witnessed</source>
        <translation>Keiner: Prüfpunkte werden nicht bezeugt</translation>
    </message>
    <message>
        <source>{count} in force</source>
        <translation>{count} in Kraft</translation>
    </message>
    <message>
        <source>None</source>
        <translation>Keine</translation>
    </message>
    <message>
        <source>Allowed</source>
        <translation>Erlaubt</translation>
    </message>
    <message>
        <source>Not allowed</source>
        <translation>Nicht erlaubt</translation>
    </message>
    <message>
        <source>{count} named</source>
        <translation>{count} benannt</translation>
    </message>
    <message>
        <source>On</source>
        <translation>Ein</translation>
    </message>
    <message>
        <source>{percent}%</source>
        <translation>{percent} %</translation>
    </message>
    <message>
        <source>Never</source>
        <translation>Nie</translation>
    </message>
    <message>
        <source> (off now: {why})</source>
        <translation> (derzeit aus: {why})</translation>
    </message>
    <message>
        <source>Locked: the policy file could not be used</source>
        <translation>Gesperrt: Die Richtliniendatei konnte nicht verwendet werden</translation>
    </message>
    <message>
        <source>Only a policy file can set this</source>
        <translation>Nur eine Richtliniendatei kann dies festlegen</translation>
    </message>
    <message>
        <source>Takes effect when Cloister restarts</source>
        <translation>Wirkt nach einem Neustart von Cloister</translation>
    </message>
    <message>
        <source>Your setting</source>
        <translation>Ihre Einstellung</translation>
    </message>
    <message>
        <source>Administrator&apos;s setting</source>
        <translation>Einstellung des Administrators</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
</context>
<context>
    <name>TokenDialog</name>
    <message>
        <source>Access token</source>
        <translation>Zugriffstoken</translation>
    </message>
    <message>
        <source>Copy this token now: Cloister keeps only its fingerprint and cannot show it again. A program uses it with the address {address} as its API key (the header “Authorization: Bearer &lt;token&gt;”).</source>
        <translation>Kopieren Sie dieses Token jetzt: Cloister speichert nur seinen Fingerabdruck und kann es nicht erneut anzeigen. Ein Programm verwendet es mit der Adresse {address} als API-Schlüssel (der Header „Authorization: Bearer &lt;token&gt;“).</translation>
    </message>
    <message>
        <source>The new token, to copy into the program.</source>
        <translation>Das neue Token, zum Kopieren in das Programm.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy access token</source>
        <translation>Zugriffstoken kopieren</translation>
    </message>
    <message>
        <source>Copies the token to the clipboard.</source>
        <translation>Kopiert das Token in die Zwischenablage.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
</context>
</TS>
