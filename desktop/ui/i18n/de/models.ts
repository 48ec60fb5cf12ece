<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="de">
<context>
    <name>ModelsController</name>
    <message>
        <source>Copying {name}…</source>
        <translation>{name} wird kopiert …</translation>
    </message>
    <message>
        <source>Starting the download…</source>
        <translation>Download wird gestartet …</translation>
    </message>
    <message>
        <source> (resumed where it stopped)</source>
        <translation> (an der unterbrochenen Stelle fortgesetzt)</translation>
    </message>
    <message>
        <source>{file} downloaded{how}; {verification}.</source>
        <translation>{file} heruntergeladen{how}; {verification}.</translation>
    </message>
    <message>
        <source>{file} ({verification})</source>
        <translation>{file} ({verification})</translation>
    </message>
    <message>
        <source>Imported {names}.</source>
        <translation>Importiert: {names}.</translation>
    </message>
    <message>
        <source>Refused {problem}</source>
        <translation>Abgelehnt: {problem}</translation>
    </message>
    <message>
        <source>{file}: SHA-256 {sha256} as installed.</source>
        <translation>{file}: SHA-256 {sha256} wie bei der Installation.</translation>
    </message>
    <message>
        <source>Checking {file}…</source>
        <translation>{file} wird geprüft …</translation>
    </message>
    <message>
        <source>{file} will be loaded when Cloister starts.</source>
        <translation>{file} wird beim Start von Cloister geladen.</translation>
    </message>
    <message>
        <source>This model is in use: load another one before deleting it.</source>
        <translation>Dieses Modell ist in Verwendung: Laden Sie zuerst ein anderes, bevor Sie es löschen.</translation>
    </message>
    <message>
        <source>Delete {file}? This frees {size}; importing it again needs the file.</source>
        <translation>{file} löschen? Dadurch werden {size} frei; um es erneut zu importieren, benötigen Sie die Datei.</translation>
    </message>
    <message>
        <source>{file} deleted.</source>
        <translation>{file} gelöscht.</translation>
    </message>
    <message>
        <source>Another transfer is under way: wait for it to finish, or cancel it.</source>
        <translation>Es läuft bereits eine andere Übertragung: Warten Sie, bis sie abgeschlossen ist, oder brechen Sie sie ab.</translation>
    </message>
    <message>
        <source>Unexpected error: {error}</source>
        <translation>Unerwarteter Fehler: {error}</translation>
    </message>
    <message>
        <source>Delete model</source>
        <translation>Modell löschen</translation>
    </message>
    <message>
        <source>Import a model</source>
        <translation>Modell importieren</translation>
    </message>
    <message>
        <source>GGUF models (*.gguf)</source>
        <translation>GGUF-Modelle (*.gguf)</translation>
    </message>
    <message>
        <source>Import models from a folder</source>
        <translation>Modelle aus einem Ordner importieren</translation>
    </message>
</context>
<context>
    <name>ModelsDialog</name>
    <message>
        <source>Name</source>
        <translation>Name</translation>
    </message>
    <message>
        <source>Parameters</source>
        <translation>Parameter</translation>
    </message>
    <message>
        <source>Quantization</source>
        <translation>Quantisierung</translation>
    </message>
    <message>
        <source>Size</source>
        <translation>Größe</translation>
    </message>
    <message>
        <source>Fit</source>
        <translation>Passt</translation>
    </message>
    <message>
        <source>Status</source>
        <translation>Status</translation>
    </message>
    <message>
        <source>Default</source>
        <translation>Standard</translation>
    </message>
    <message>
        <source>In use</source>
        <translation>In Verwendung</translation>
    </message>
    <message>
        <source>RAM</source>
        <translation>Arbeitsspeicher</translation>
    </message>
    <message>
        <source>Licence</source>
        <translation>Lizenz</translation>
    </message>
    <message>
        <source>Good for</source>
        <translation>Geeignet für</translation>
    </message>
    <message>
        <source>changed on disk</source>
        <translation>auf der Festplatte geändert</translation>
    </message>
    <message>
        <source>verified</source>
        <translation>geprüft</translation>
    </message>
    <message>
        <source>unverified</source>
        <translation>ungeprüft</translation>
    </message>
    <message>
        <source>not allowed</source>
        <translation>nicht zugelassen</translation>
    </message>
    <message>
        <source>damaged</source>
        <translation>beschädigt</translation>
    </message>
    <message>
        <source>verified: matches the catalog</source>
        <translation>geprüft: stimmt mit dem Katalog überein</translation>
    </message>
    <message>
        <source>verified: approved by your administrator</source>
        <translation>geprüft: von Ihrem Administrator freigegeben</translation>
    </message>
    <message>
        <source>unverified: no catalog or allowlist names this file</source>
        <translation>ungeprüft: weder der Katalog noch die Liste zugelassener Modelle nennt diese Datei</translation>
    </message>
    <message>
        <source>not allowed: your administrator&apos;s allowlist does not name it</source>
        <translation>nicht zugelassen: nicht auf der Liste zugelassener Modelle Ihres Administrators</translation>
    </message>
    <message>
        <source>damaged: {problem}</source>
        <translation>beschädigt: {problem}</translation>
    </message>
    <message>
        <source>bundled with Cloister</source>
        <translation>mit Cloister geliefert</translation>
    </message>
    <message>
        <source>imported</source>
        <translation>importiert</translation>
    </message>
    <message>
        <source>downloaded</source>
        <translation>heruntergeladen</translation>
    </message>
    <message>
        <source>Restricted: {licence}</source>
        <translation>Eingeschränkt: {licence}</translation>
    </message>
    <message>
        <source>not stated</source>
        <translation>nicht angegeben</translation>
    </message>
    <message>
        <source>{n} GB</source>
        <translation>{n} GB</translation>
    </message>
    <message>
        <source>{s} s</source>
        <translation>{s} s</translation>
    </message>
    <message>
        <source>{name}: its licence restricts how it may be used. {note}</source>
        <translation>{name}: Die Lizenz schränkt die Nutzung ein. {note}</translation>
    </message>
    <message>
        <source>{m} min {s} s</source>
        <translation>{m} min {s} s</translation>
    </message>
    <message>
        <source>Checking the {size} MB downloaded before: {percent}%</source>
        <translation>Die zuvor heruntergeladenen {size} MB werden geprüft: {percent} %</translation>
    </message>
    <message>
        <source>{done} of {total} MB ({percent}%)</source>
        <translation>{done} von {total} MB ({percent} %)</translation>
    </message>
    <message>
        <source>{done} MB</source>
        <translation>{done} MB</translation>
    </message>
    <message>
        <source>{speed} MB/s</source>
        <translation>{speed} MB/s</translation>
    </message>
    <message>
        <source>{time} left</source>
        <translation>noch {time}</translation>
    </message>
    <message>
        <source>resumed at {size} MB</source>
        <translation>fortgesetzt bei {size} MB</translation>
    </message>
    <message>
        <source>Models</source>
        <translation>Modelle</translation>
    </message>
    <message>
        <source>Installed models</source>
        <translation>Installierte Modelle</translation>
    </message>
    <message>
        <source>Models on this computer; select one to use, check or delete it</source>
        <translation>Modelle auf diesem Computer; wählen Sie eines aus, um es zu verwenden, zu prüfen oder zu löschen</translation>
    </message>
    <message>
        <source>Catalog</source>
        <translation>Katalog</translation>
    </message>
    <message>
        <source>Models you can download</source>
        <translation>Modelle, die Sie herunterladen können</translation>
    </message>
    <message>
        <source>Licence restrictions</source>
        <translation>Lizenzbeschränkungen</translation>
    </message>
    <message>
        <source>Import file…</source>
        <translation>Datei importieren …</translation>
    </message>
    <message>
        <source>Import folder…</source>
        <translation>Ordner importieren …</translation>
    </message>
    <message>
        <source>Verify again</source>
        <translation>Erneut prüfen</translation>
    </message>
    <message>
        <source>Set as default</source>
        <translation>Als Standard festlegen</translation>
    </message>
    <message>
        <source>Use now</source>
        <translation>Jetzt verwenden</translation>
    </message>
    <message>
        <source>Delete…</source>
        <translation>Löschen …</translation>
    </message>
    <message>
        <source>Download</source>
        <translation>Herunterladen</translation>
    </message>
    <message>
        <source>Transfer progress</source>
        <translation>Fortschritt der Übertragung</translation>
    </message>
    <message>
        <source>Cancel</source>
        <translation>Abbrechen</translation>
    </message>
    <message>
        <source>Installed</source>
        <translation>Installiert</translation>
    </message>
    <message>
        <source>Model lists</source>
        <translation>Modelllisten</translation>
    </message>
    <message>
        <source>Installed models, or the catalog to download from</source>
        <translation>Installierte Modelle oder der Katalog zum Herunterladen</translation>
    </message>
    <message>
        <source>The models on this computer</source>
        <translation>Die Modelle auf diesem Computer</translation>
    </message>
    <message>
        <source>No SHA-256 is pinned: the download is unverified</source>
        <translation>Kein SHA-256 hinterlegt: Der Download ist ungeprüft</translation>
    </message>
    <message>
        <source>downloading</source>
        <translation>wird heruntergeladen</translation>
    </message>
    <message>
        <source>downloading {percent}%</source>
        <translation>wird heruntergeladen: {percent} %</translation>
    </message>
    <message>
        <source>installed</source>
        <translation>installiert</translation>
    </message>
    <message>
        <source>not installed</source>
        <translation>nicht installiert</translation>
    </message>
    <message>
        <source>Select a model to see its details.</source>
        <translation>Wählen Sie ein Modell aus, um seine Details zu sehen.</translation>
    </message>
    <message>
        <source>{name}: {architecture}, context {context} tokens, licence {licence}, {origin}; file {file}; SHA-256 {sha256}; {verification}.</source>
        <translation>{name}: {architecture}, Kontext {context} Token, Lizenz {licence}, {origin}; Datei {file}; SHA-256 {sha256}; {verification}.</translation>
    </message>
    <message>
        <source>Copy a GGUF model file into Cloister</source>
        <translation>Eine GGUF-Modelldatei in Cloister kopieren</translation>
    </message>
    <message>
        <source>Copy every model in a folder, e.g. a USB stick</source>
        <translation>Alle Modelle eines Ordners kopieren, z. B. von einem USB-Stick</translation>
    </message>
    <message>
        <source>Check the selected model&apos;s SHA-256 again</source>
        <translation>Den SHA-256 des ausgewählten Modells erneut prüfen</translation>
    </message>
    <message>
        <source>Load the selected model when Cloister starts</source>
        <translation>Das ausgewählte Modell beim Start von Cloister laden</translation>
    </message>
    <message>
        <source>Load the selected model now</source>
        <translation>Das ausgewählte Modell jetzt laden</translation>
    </message>
    <message>
        <source>Delete the selected model from this computer</source>
        <translation>Das ausgewählte Modell von diesem Computer löschen</translation>
    </message>
    <message>
        <source>Download the selected catalog model</source>
        <translation>Das ausgewählte Modell aus dem Katalog herunterladen</translation>
    </message>
    <message>
        <source>Stop the transfer under way</source>
        <translation>Die laufende Übertragung abbrechen</translation>
    </message>
</context>
</TS>
