<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>FirstRunWizard</name>
    <message>
        <source>Set up {app}</source>
        <translation>{app} einrichten</translation>
    </message>
    <message>
        <source>Continue</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>Step {number} of {count}. {text}</source>
        <translation>Schritt {number} von {count}. {text}</translation>
    </message>
    <message>
        <source>1. Privacy</source>
        <translation>1. Datenschutz</translation>
    </message>
    <message>
        <source>2. Protection</source>
        <translation>2. Schutz</translation>
    </message>
    <message>
        <source>3. Recovery key</source>
        <translation>3. Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>4. Model</source>
        <translation>4. Modell</translation>
    </message>
    <message>
        <source>Start chatting</source>
        <translation>Chat beginnen</translation>
    </message>
    <message>
        <source>Back</source>
        <translation>Zurück</translation>
    </message>
    <message>
        <source>The previous step.</source>
        <translation>Der vorherige Schritt.</translation>
    </message>
    <message>
        <source>Next</source>
        <translation>Weiter</translation>
    </message>
    <message>
        <source>The next step.</source>
        <translation>Der nächste Schritt.</translation>
    </message>
    <message>
        <source>Create the key</source>
        <translation>Schlüssel erstellen</translation>
    </message>
    <message>
        <source>Creates the key that encrypts your data.</source>
        <translation>Erstellt den Schlüssel, der Ihre Daten verschlüsselt.</translation>
    </message>
    <message>
        <source>Opens an empty chat with the chosen model.</source>
        <translation>Öffnet einen leeren Chat mit dem gewählten Modell.</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Quits Cloister.</source>
        <translation>Beendet Cloister.</translation>
    </message>
</context>
<context>
    <name>ModelPage</name>
    <message>
        <source>fits this computer</source>
        <translation>passt auf diesen Computer</translation>
    </message>
    <message>
        <source>tight fit</source>
        <translation>passt knapp</translation>
    </message>
    <message>
        <source>too large for the memory free</source>
        <translation>zu groß für den freien Arbeitsspeicher</translation>
    </message>
    <message>
        <source>A model for this computer</source>
        <translation>Ein Modell für diesen Computer</translation>
    </message>
    <message>
        <source>The model that answers. You can change it any time on the Models page.</source>
        <translation>Das Modell, das antwortet. Sie können es jederzeit auf der Seite „Modelle“ ändern.</translation>
    </message>
    <message>
        <source>Installed models:</source>
        <translation>Installierte Modelle:</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>Installierte Modelle</translation>
    </message>
    <message>
        <source>Choose the model Cloister answers with; each says whether it fits.</source>
        <translation>Wählen Sie das Modell, mit dem Cloister antwortet; bei jedem steht, ob es passt.</translation>
    </message>
    <message>
        <source>Looking at this computer&apos;s memory…</source>
        <translation>Der Arbeitsspeicher dieses Computers wird ermittelt …</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Download the recommended model</source>
        <translation>Das empfohlene Modell herunterladen</translation>
    </message>
    <message>
        <source>Downloads it from the catalog&apos;s address and checks it.</source>
        <translation>Lädt es von der Adresse im Katalog herunter und prüft es.</translation>
    </message>
    <message>
        <source>Import from a USB stick or folder…</source>
        <translation>Von USB-Stick oder Ordner importieren …</translation>
    </message>
    <message>
        <source>Import from a USB stick or folder</source>
        <translation>Von USB-Stick oder Ordner importieren</translation>
    </message>
    <message>
        <source>Copies the GGUF models of a folder you choose into Cloister, checked.</source>
        <translation>Kopiert die GGUF-Modelle eines von Ihnen gewählten Ordners geprüft in Cloister.</translation>
    </message>
    <message>
        <source>Progress</source>
        <translation>Fortschritt</translation>
    </message>
    <message>
        <source>Download {name}</source>
        <translation>{name} herunterladen</translation>
    </message>
    <message>
        <source>This computer has {size} of memory free.</source>
        <translation>Dieser Computer hat {size} Arbeitsspeicher frei.</translation>
    </message>
    <message>
        <source>No larger model from the catalog fits it comfortably.</source>
        <translation>Kein größeres Modell aus dem Katalog passt bequem darauf.</translation>
    </message>
    <message>
        <source>Recommended for it: &lt;b&gt;{name}&lt;/b&gt;, {good_for}</source>
        <translation>Dafür empfohlen: &lt;b&gt;{name}&lt;/b&gt;, {good_for}</translation>
    </message>
    <message>
        <source>It is installed: choose it above.</source>
        <translation>Es ist installiert: Wählen Sie es oben aus.</translation>
    </message>
    <message>
        <source>{name} · {size} · {fit}</source>
        <translation>{name} · {size} · {fit}</translation>
    </message>
    <message>
        <source>Import models from a USB stick or folder</source>
        <translation>Modelle von USB-Stick oder Ordner importieren</translation>
    </message>
    <message>
        <source>Copying and checking {name}…</source>
        <translation>{name} wird kopiert und geprüft …</translation>
    </message>
</context>
<context>
    <name>ProtectionPage</name>
    <message>
        <source>Protecting your data</source>
        <translation>Schutz Ihrer Daten</translation>
    </message>
    <message>
        <source>How the key to your conversations is kept.</source>
        <translation>Wie der Schlüssel zu Ihren Unterhaltungen aufbewahrt wird.</translation>
    </message>
    <message>
        <source>Create the key</source>
        <translation>Schlüssel erstellen</translation>
    </message>
    <message>
        <source>Keep the key in this computer&apos;s keychain (recommended)</source>
        <translation>Schlüssel im Schlüsselspeicher dieses Computers aufbewahren (empfohlen)</translation>
    </message>
    <message>
        <source>Nothing to type at start; you stay signed in with your computer account.</source>
        <translation>Beim Start ist keine Eingabe nötig; Sie bleiben mit Ihrem Benutzerkonto des Computers angemeldet.</translation>
    </message>
    <message>
        <source>Lock with a passphrase I type at each start</source>
        <translation>Mit einer Passphrase sperren, die ich bei jedem Start eingebe</translation>
    </message>
    <message>
        <source>Asked every time Cloister starts; nobody else can open it without it.</source>
        <translation>Wird bei jedem Start von Cloister abgefragt; ohne sie kann niemand sonst Cloister öffnen.</translation>
    </message>
    <message>
        <source>At least {count} characters. A few unrelated words are easy to remember and hard to guess. If you forget it, only the recovery key (next step) opens your data.</source>
        <translation>Mindestens {count} Zeichen. Einige Wörter ohne Zusammenhang sind leicht zu merken und schwer zu erraten. Wenn Sie sie vergessen, öffnet nur noch der Wiederherstellungsschlüssel (nächster Schritt) Ihre Daten.</translation>
    </message>
    <message>
        <source>at least {count} characters</source>
        <translation>mindestens {count} Zeichen</translation>
    </message>
    <message>
        <source>Passphrase</source>
        <translation>Passphrase</translation>
    </message>
    <message>
        <source>Passphrase again</source>
        <translation>Passphrase wiederholen</translation>
    </message>
    <message>
        <source>Type the same passphrase again.</source>
        <translation>Geben Sie dieselbe Passphrase noch einmal ein.</translation>
    </message>
    <message>
        <source>Again</source>
        <translation>Wiederholen</translation>
    </message>
    <message>
        <source>Creating the key</source>
        <translation>Schlüssel wird erstellt</translation>
    </message>
    <message>
        <source>{problem}. Choose a passphrase instead.</source>
        <translation>{problem}. Wählen Sie stattdessen eine Passphrase.</translation>
    </message>
</context>
<context>
    <name>RecoveryKeyPanel</name>
    <message>
        <source>Cloister recovery key.txt</source>
        <translation>Cloister-Wiederherstellungsschlüssel.txt</translation>
    </message>
    <message>
        <source>If the passphrase is forgotten or this computer&apos;s keychain is lost, this key is the only way to open your conversations. It is shown only now. Keep it away from this computer: on paper, or in your firm&apos;s password safe.</source>
        <translation>Wenn die Passphrase vergessen wird oder der Schlüsselspeicher dieses Computers verloren geht, ist dieser Schlüssel der einzige Weg, Ihre Unterhaltungen zu öffnen. Er wird nur jetzt angezeigt. Bewahren Sie ihn getrennt von diesem Computer auf: auf Papier oder im Passwort-Tresor Ihrer Kanzlei oder Praxis.</translation>
    </message>
    <message>
        <source>Recovery key</source>
        <translation>Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>The one-time recovery key; select it to copy it by hand.</source>
        <translation>Der einmalige Wiederherstellungsschlüssel; markieren Sie ihn, um ihn von Hand zu kopieren.</translation>
    </message>
    <message>
        <source>Copy</source>
        <translation>Kopieren</translation>
    </message>
    <message>
        <source>Copy the recovery key to the clipboard.</source>
        <translation>Den Wiederherstellungsschlüssel in die Zwischenablage kopieren.</translation>
    </message>
    <message>
        <source>Save to file…</source>
        <translation>In Datei speichern …</translation>
    </message>
    <message>
        <source>Save the recovery key as a text file.</source>
        <translation>Den Wiederherstellungsschlüssel als Textdatei speichern.</translation>
    </message>
    <message>
        <source>Print…</source>
        <translation>Drucken …</translation>
    </message>
    <message>
        <source>Print the recovery key on paper.</source>
        <translation>Den Wiederherstellungsschlüssel auf Papier drucken.</translation>
    </message>
    <message>
        <source>Result</source>
        <translation>Ergebnis</translation>
    </message>
    <message>
        <source>I have stored it safely</source>
        <translation>Ich habe ihn sicher aufbewahrt</translation>
    </message>
    <message>
        <source>I have stored the recovery key safely</source>
        <translation>Ich habe den Wiederherstellungsschlüssel sicher aufbewahrt</translation>
    </message>
    <message>
        <source>Required before going on.</source>
        <translation>Erforderlich, um fortzufahren.</translation>
    </message>
    <message>
        <source>Copied</source>
        <translation>Kopiert</translation>
    </message>
    <message>
        <source>Copied to the clipboard.</source>
        <translation>In die Zwischenablage kopiert.</translation>
    </message>
    <message>
        <source>Save the recovery key</source>
        <translation>Wiederherstellungsschlüssel speichern</translation>
    </message>
    <message>
        <source>Text files (*.txt)</source>
        <translation>Textdateien (*.txt)</translation>
    </message>
    <message>
        <source>Could not save {path}: {reason}</source>
        <translation>{path} konnte nicht gespeichert werden: {reason}</translation>
    </message>
    <message>
        <source>Saved</source>
        <translation>Gespeichert</translation>
    </message>
    <message>
        <source>Saved to {path}.</source>
        <translation>Gespeichert unter {path}.</translation>
    </message>
    <message>
        <source>Print the recovery key</source>
        <translation>Wiederherstellungsschlüssel drucken</translation>
    </message>
    <message>
        <source>Sent to the printer.</source>
        <translation>An den Drucker gesendet.</translation>
    </message>
    <message>
        <source>{app} recovery key</source>
        <translation>{app}-Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>It opens your conversations if the passphrase is forgotten or this computer&apos;s keychain is lost. Keep it away from this computer.</source>
        <translation>Er öffnet Ihre Unterhaltungen, wenn die Passphrase vergessen wird oder der Schlüsselspeicher dieses Computers verloren geht. Bewahren Sie ihn getrennt von diesem Computer auf.</translation>
    </message>
</context>
<context>
    <name>RecoveryPage</name>
    <message>
        <source>Your recovery key</source>
        <translation>Ihr Wiederherstellungsschlüssel</translation>
    </message>
    <message>
        <source>Shown only now. Keep it somewhere safe, away from this computer.</source>
        <translation>Wird nur jetzt angezeigt. Bewahren Sie ihn sicher und getrennt von diesem Computer auf.</translation>
    </message>
</context>
<context>
    <name>StarterHint</name>
    <message>
        <source>The starter model is fine for trying Cloister, not for real work: its answers are often wrong. Add a larger model from the Models page.</source>
        <translation>Das Startmodell eignet sich zum Ausprobieren von Cloister, nicht für die eigentliche Arbeit: Seine Antworten sind oft falsch. Fügen Sie auf der Seite „Modelle“ ein größeres Modell hinzu.</translation>
    </message>
</context>
<context>
    <name>StarterNotice</name>
    <message>
        <source>Models…</source>
        <translation>Modelle …</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Opens the Models page.</source>
        <translation>Öffnet die Seite „Modelle“.</translation>
    </message>
    <message>
        <source>Dismiss</source>
        <translation>Ausblenden</translation>
    </message>
    <message>
        <source>Hides this notice for good.</source>
        <translation>Blendet diesen Hinweis dauerhaft aus.</translation>
    </message>
</context>
<context>
    <name>StepList</name>
    <message>
        <source>Step {number} of {count}</source>
        <translation>Schritt {number} von {count}</translation>
    </message>
</context>
<context>
    <name>WelcomePage</name>
    <message>
        <source>Welcome to {app}</source>
        <translation>Willkommen bei {app}</translation>
    </message>
    <message>
        <source>What stays private, and how.</source>
        <translation>Was vertraulich bleibt und wie.</translation>
    </message>
    <message>
        <source>&lt;b&gt;It runs on this computer.&lt;/b&gt; The AI model works on this computer&apos;s own processor, in a separate process. Your questions and documents are never sent anywhere.</source>
        <translation>&lt;b&gt;Es läuft auf diesem Computer.&lt;/b&gt; Das KI-Modell arbeitet auf dem Prozessor dieses Computers, in einem eigenen Prozess. Ihre Fragen und Dokumente werden nirgendwohin gesendet.</translation>
    </message>
    <message>
        <source>&lt;b&gt;No network.&lt;/b&gt; The only network access is an optional model download on the Models page, which your administrator can turn off; in air-gapped mode every network access is blocked.</source>
        <translation>&lt;b&gt;Kein Netzwerk.&lt;/b&gt; Der einzige Netzwerkzugriff ist ein optionaler Modell-Download auf der Seite „Modelle“, den Ihr Administrator abschalten kann; im Offline-Modus (vom Netzwerk getrennt) ist jeder Netzwerkzugriff gesperrt.</translation>
    </message>
    <message>
        <source>&lt;b&gt;Everything stored is encrypted.&lt;/b&gt; Conversations, documents and the audit log are encrypted on disk (AES-256) with a key that only you can unlock.</source>
        <translation>&lt;b&gt;Alles Gespeicherte ist verschlüsselt.&lt;/b&gt; Unterhaltungen, Dokumente und das Prüfprotokoll werden auf der Festplatte verschlüsselt (AES-256), mit einem Schlüssel, den nur Sie entsperren können.</translation>
    </message>
    <message>
        <source>&lt;b&gt;An audit trail.&lt;/b&gt; Who did what and when (unlocking, model loads, exports, deletions) is recorded in a tamper-evident log your administrator can verify.</source>
        <translation>&lt;b&gt;Ein Prüfprotokoll.&lt;/b&gt; Wer wann was getan hat (Entsperren, Laden von Modellen, Exporte, Löschungen), wird in einem manipulationssicheren Protokoll festgehalten, das Ihr Administrator prüfen kann.</translation>
    </message>
    <message>
        <source>The next steps protect your key and choose a model. They take a minute.</source>
        <translation>In den nächsten Schritten schützen Sie Ihren Schlüssel und wählen ein Modell. Das dauert etwa eine Minute.</translation>
    </message>
</context>
</TS>
